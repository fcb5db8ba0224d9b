import { useId, useState } from 'react';
import { contactChart } from '../../api/incident-contacts';
import type { OwnContactDto } from '../../api/schema';
import { ErrorMessage, Notice } from '../../components/feedback';
import { fieldMessages } from './field-messages';

/** The most rows the API keeps (PutOwnContactsDto). */
const MAX_ROWS = 30;
const SUGGESTED_ROLES = ['管理薬剤師', '開設者', '医療情報システム安全管理責任者', 'IT担当'];

type Row = Record<keyof OwnContactDto, string>;
const FIELDS: { field: keyof OwnContactDto; label: string; max: number; type?: string }[] = [
  { field: 'role', label: '役割', max: 100 },
  { field: 'name', label: '氏名', max: 100 },
  { field: 'phone', label: '電話番号', max: 40, type: 'tel' },
  { field: 'email', label: 'メールアドレス', max: 254, type: 'email' },
  { field: 'notes', label: '備考', max: 500 },
];

const toRow = (c: OwnContactDto): Row => ({ role: c.role, name: c.name, phone: c.phone ?? '', email: c.email ?? '', notes: c.notes ?? '' });

/** The pharmacy's own contacts, edited as a list and saved whole (in print order). */
export function OwnContactsEditor({ initial, onSaved }: { initial: OwnContactDto[]; onSaved: (contacts: OwnContactDto[]) => void }) {
  const id = useId();
  const [rows, setRows] = useState<Row[]>(() => (initial.length ? initial.map(toRow) : SUGGESTED_ROLES.slice(0, 2).map((role) => ({ role, name: '', phone: '', email: '', notes: '' }))));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const errors = fieldMessages(error);
  const set = (index: number, field: keyof Row, value: string) => setRows((all) => all.map((row, i) => (i === index ? { ...row, [field]: value } : row)));
  const move = (index: number, by: number) =>
    setRows((all) => {
      const next = [...all];
      const [row] = next.splice(index, 1);
      next.splice(index + by, 0, row);
      return next;
    });

  function save() {
    setBusy(true);
    setError(undefined);
    setSaved(false);
    const contacts = rows.map((r) => ({ role: r.role, name: r.name, phone: r.phone.trim() || null, email: r.email.trim() || null, notes: r.notes.trim() || null }));
    contactChart.saveOwnContacts({ contacts }).then(
      (result) => {
        setBusy(false);
        setSaved(true);
        setRows(result.contacts.map(toRow));
        onSaved(result.contacts);
      },
      (reason: unknown) => {
        setBusy(false);
        setError(reason);
      },
    );
  }

  return (
    <form
      aria-label="院内の連絡先"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <ol className="own-contacts">
        {rows.map((row, index) => (
          <li key={index} className="own-contact-row">
            <fieldset>
              <legend>連絡先 {index + 1}</legend>
              <div className="own-contact-fields">
                {FIELDS.map(({ field, label, max, type }) => {
                  const inputId = `${id}-${index}-${field}`;
                  const message = errors[`contacts.${index}.${field}`];
                  return (
                    <div className="field" key={field}>
                      <label htmlFor={inputId}>
                        {label}
                        {(field === 'role' || field === 'name') && <span className="required">（必須）</span>}
                      </label>
                      <input
                        id={inputId}
                        type={type ?? 'text'}
                        value={row[field]}
                        maxLength={max}
                        list={field === 'role' ? `${id}-roles` : undefined}
                        aria-invalid={message ? true : undefined}
                        aria-describedby={message ? `${inputId}-error` : undefined}
                        onChange={(event) => set(index, field, event.target.value)}
                      />
                      {message && (
                        <p id={`${inputId}-error`} className="field-error">
                          {message}
                        </p>
                      )}
                    </div>
                  );
                })}
              </div>
              <div className="actions">
                <button type="button" className="button small secondary" disabled={index === 0} onClick={() => move(index, -1)} aria-label={`連絡先 ${index + 1} を上へ`}>
                  上へ
                </button>
                <button type="button" className="button small secondary" disabled={index === rows.length - 1} onClick={() => move(index, 1)} aria-label={`連絡先 ${index + 1} を下へ`}>
                  下へ
                </button>
                <button type="button" className="button small danger" onClick={() => setRows((all) => all.filter((_, i) => i !== index))} aria-label={`連絡先 ${index + 1} を削除`}>
                  削除
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <datalist id={`${id}-roles`}>
        {SUGGESTED_ROLES.map((role) => (
          <option key={role} value={role} />
        ))}
      </datalist>
      {errors.contacts && <p className="field-error">{errors.contacts}</p>}
      {error && Object.keys(errors).length === 0 ? <ErrorMessage error={error} /> : null}
      {Object.keys(errors).length > 0 && (
        <p className="field-error" role="alert">
          入力内容に誤りがあります。各項目のメッセージを確認してください。
        </p>
      )}
      {saved && <Notice tone="success">院内の連絡先を保存しました。</Notice>}
      <div className="actions">
        <button type="button" className="button secondary" disabled={rows.length >= MAX_ROWS} onClick={() => setRows((all) => [...all, { role: '', name: '', phone: '', email: '', notes: '' }])}>
          連絡先を追加
        </button>
        {rows.length >= MAX_ROWS && <span className="help">連絡先は{MAX_ROWS}件までです。</span>}
        <button type="submit" className="button" disabled={busy} aria-busy={busy}>
          {busy ? '保存中…' : '院内の連絡先を保存'}
        </button>
      </div>
    </form>
  );
}
