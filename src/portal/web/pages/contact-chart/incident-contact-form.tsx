import { useId, useState } from 'react';
import type { IncidentContactDto, PutIncidentContactDto } from '../../api/schema';
import { ErrorMessage } from '../../components/feedback';
import { fieldMessages } from './field-messages';

type Field = keyof PutIncidentContactDto;

const FIELDS: { field: Field; label: string; help: string; max: number; type?: string; required?: boolean; multiline?: boolean; autoComplete?: string }[] = [
  { field: 'contactName', label: '窓口名・部署', help: '例: サポートセンター 障害受付', max: 200, required: true, autoComplete: 'organization' },
  { field: 'phone', label: '電話番号', help: '受付時間内の連絡先。例: 0120-123-456', max: 40, type: 'tel', required: true, autoComplete: 'tel' },
  { field: 'hours', label: '受付時間', help: '例: 平日 9:00〜18:00', max: 200 },
  { field: 'outOfHoursPhone', label: '時間外の電話番号', help: '夜間・休日の緊急連絡先', max: 40, type: 'tel' },
  { field: 'email', label: 'メールアドレス', help: '', max: 254, type: 'email', autoComplete: 'email' },
  { field: 'notes', label: '備考', help: '連絡時に伝えてほしいこと（顧客番号など）', max: 1000, multiline: true },
];

const empty: Record<Field, string> = { contactName: '', phone: '', email: '', hours: '', outOfHoursPhone: '', notes: '' };

function fromContact(contact: IncidentContactDto | null | undefined): Record<Field, string> {
  if (!contact) return empty;
  return { contactName: contact.contactName, phone: contact.phone, email: contact.email ?? '', hours: contact.hours ?? '', outOfHoursPhone: contact.outOfHoursPhone ?? '', notes: contact.notes ?? '' };
}

/** The fields of an incident 連絡窓口, each with its error beside it; used to publish and to override per contract. */
export function IncidentContactForm({
  initial,
  submitLabel,
  label,
  onSubmit,
}: {
  initial: IncidentContactDto | null | undefined;
  submitLabel: string;
  label: string;
  onSubmit: (body: PutIncidentContactDto) => Promise<unknown>;
}) {
  const id = useId();
  const [form, setForm] = useState(() => fromContact(initial));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const errors = fieldMessages(error);

  function submit() {
    setBusy(true);
    setError(undefined);
    const body: PutIncidentContactDto = {
      contactName: form.contactName,
      phone: form.phone,
      email: form.email.trim() || null,
      hours: form.hours.trim() || null,
      outOfHoursPhone: form.outOfHoursPhone.trim() || null,
      notes: form.notes.trim() || null,
    };
    onSubmit(body).then(
      () => setBusy(false),
      (reason: unknown) => {
        setBusy(false);
        setError(reason);
      },
    );
  }

  return (
    <form
      className="incident-contact-form"
      aria-label={label}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {FIELDS.map(({ field, label: fieldLabel, help, max, type, required, multiline, autoComplete }) => {
        const inputId = `${id}-${field}`;
        const message = errors[field];
        const described = [help ? `${inputId}-help` : '', message ? `${inputId}-error` : ''].filter(Boolean).join(' ') || undefined;
        const common = {
          id: inputId,
          value: form[field],
          maxLength: max,
          'aria-describedby': described,
          'aria-invalid': message ? true : undefined,
          'aria-required': required || undefined,
        };
        return (
          <div className="field" key={field}>
            <label htmlFor={inputId}>
              {fieldLabel}
              {required && <span className="required">（必須）</span>}
            </label>
            {multiline ? (
              <textarea {...common} rows={2} onChange={(event) => setForm((f) => ({ ...f, [field]: event.target.value }))} />
            ) : (
              <input {...common} type={type ?? 'text'} autoComplete={autoComplete} onChange={(event) => setForm((f) => ({ ...f, [field]: event.target.value }))} />
            )}
            {help && (
              <span id={`${inputId}-help`} className="help">
                {help}
              </span>
            )}
            {message && (
              <p id={`${inputId}-error`} className="field-error">
                {message}
              </p>
            )}
          </div>
        );
      })}
      {error && Object.keys(errors).length === 0 ? <ErrorMessage error={error} /> : null}
      {Object.keys(errors).length > 0 && (
        <p className="field-error" role="alert">
          入力内容に誤りがあります。各項目のメッセージを確認してください。
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={busy} aria-busy={busy}>
          {busy ? '保存中…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
