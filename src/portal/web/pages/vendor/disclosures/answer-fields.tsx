import { useId, useState, type FormEvent } from 'react';
import type { FormItemDto } from '../../../api/schema';
import { isRiskAnswer, NO_ANSWER, type EditedAnswer, type ExtraItem } from './disclosure-draft';

/** Answers any item of an MDS/SDS may take (items the form does not list take these too). */
const ANY_ANSWER = ['はい', 'いいえ', '対象外', '該当', '非該当'];
const COMMON_ANSWERS = ['はい', 'いいえ', '対象外'];

/**
 * One item of the form: its number and text as printed, your answer among those the form allows
 * (はい/いいえ/対象外, or 該当/非該当), and 備考. A native radio group in a fieldset, so that each
 * choice is announced with its item.
 */
export function ItemField({
  itemId,
  text,
  textEn,
  choices,
  required,
  value = NO_ANSWER,
  disabled,
  onChange,
}: {
  itemId: string;
  text: string;
  textEn?: string | null;
  choices: readonly string[];
  required: boolean;
  value?: EditedAnswer;
  disabled: boolean;
  onChange: (value: EditedAnswer) => void;
}) {
  const id = useId();
  const risk = isRiskAnswer(value.answer);
  return (
    <fieldset className={`de-item${risk ? ' de-item-risk' : ''}${!value.answer && required ? ' de-item-missing' : ''}`} id={`item-${itemId}`} data-item={itemId}>
      <legend>
        <span className="item-id">{itemId}</span> {text}
        {!required && <span className="muted small">（任意）</span>}
      </legend>
      {textEn && <p className="en small">{textEn}</p>}
      <div className="de-choices">
        {choices.map((choice) => (
          <label key={choice} className="de-choice">
            <input
              type="radio"
              name={`${id}-answer`}
              value={choice}
              checked={value.answer === choice}
              disabled={disabled}
              onChange={() => onChange({ ...value, answer: choice })}
            />
            {choice}
          </label>
        ))}
        {value.answer && !disabled && (
          <button type="button" className="link-button small" onClick={() => onChange({ ...value, answer: '' })} aria-label={`項目 ${itemId} の回答を取り消す`}>
            回答を取り消す
          </button>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-remarks`}>備考{risk ? '（「いいえ」「対象外」の理由や代替策を書くと、顧客との確認がすみやかです）' : ''}</label>
        <textarea id={`${id}-remarks`} rows={risk ? 3 : 1} maxLength={2000} value={value.remarks} disabled={disabled} onChange={(event) => onChange({ ...value, remarks: event.target.value })} />
      </div>
    </fieldset>
  );
}

export function ListedItemField({ item, value, disabled, onChange }: { item: FormItemDto; value?: EditedAnswer; disabled: boolean; onChange: (value: EditedAnswer) => void }) {
  return <ItemField itemId={item.id} text={item.text} textEn={item.textEn} choices={item.answers} required={item.required} value={value} disabled={disabled} onChange={onChange} />;
}

/** An item the partial form does not list: answered like the others, removable. */
export function ExtraItemField({ extra, disabled, onChange, onRemove }: { extra: ExtraItem; disabled: boolean; onChange: (extra: ExtraItem) => void; onRemove: () => void }) {
  return (
    <div className="de-extra">
      {extra.section && <p className="muted small">{extra.section}</p>}
      <ItemField
        itemId={extra.itemId}
        text={extra.itemText}
        choices={COMMON_ANSWERS.includes(extra.answer) || !extra.answer ? COMMON_ANSWERS : ANY_ANSWER}
        required={false}
        value={extra}
        disabled={disabled}
        onChange={(value) => onChange({ ...extra, ...value })}
      />
      {!disabled && (
        <button type="button" className="button small secondary" onClick={onRemove}>
          項目 {extra.itemId} を削除
        </button>
      )}
    </div>
  );
}

/**
 * Adds an item the catalogued part of the form does not list (the rest of the JAHIS workbook), with
 * its number, section and text as on your workbook. The API refuses a number the form lists.
 */
export function AddExtraItem({ takenIds, onAdd }: { takenIds: Set<string>; onAdd: (extra: ExtraItem) => void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [extra, setExtra] = useState<ExtraItem>({ itemId: '', itemText: '', section: '', answer: 'はい', remarks: '' });
  const taken = takenIds.has(extra.itemId.trim());

  function submit(event: FormEvent) {
    event.preventDefault();
    if (taken) return;
    onAdd({ ...extra, itemId: extra.itemId.trim(), itemText: extra.itemText.trim() });
    setExtra({ itemId: '', itemText: '', section: extra.section, answer: 'はい', remarks: '' });
    setOpen(false);
  }

  if (!open) {
    return (
      <button type="button" className="button secondary" onClick={() => setOpen(true)}>
        様式にない項目を追加
      </button>
    );
  }
  return (
    <form className="form-grid de-add" aria-label="様式にない項目を追加" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-item`}>項目番号</label>
        <input id={`${id}-item`} required maxLength={40} value={extra.itemId} aria-invalid={taken || undefined} onChange={(event) => setExtra({ ...extra, itemId: event.target.value })} />
        {taken && <p className="field-error">この番号はすでにあります。</p>}
      </div>
      <div className="field">
        <label htmlFor={`${id}-section`}>区分（見出し）</label>
        <input id={`${id}-section`} maxLength={200} value={extra.section} onChange={(event) => setExtra({ ...extra, section: event.target.value })} />
      </div>
      <div className="field wide">
        <label htmlFor={`${id}-text`}>項目の文言</label>
        <textarea id={`${id}-text`} required rows={2} maxLength={2000} value={extra.itemText} onChange={(event) => setExtra({ ...extra, itemText: event.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-answer`}>回答</label>
        <select id={`${id}-answer`} value={extra.answer} onChange={(event) => setExtra({ ...extra, answer: event.target.value })}>
          {ANY_ANSWER.map((answer) => (
            <option key={answer}>{answer}</option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="submit" className="button">
          追加する
        </button>
        <button type="button" className="button secondary" onClick={() => setOpen(false)}>
          キャンセル
        </button>
      </div>
    </form>
  );
}
