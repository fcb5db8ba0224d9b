import type { FormItemDto } from '../../api/schema';
import { fiscalYearLabel, todayInJapan } from '../../lib/format';
import { EMPTY_ANSWER, ScopeTag, type DraftAnswer } from '../pharmacy/own-checklist-rows';
import { ItemManual } from '../../components/item-manual';

export { EMPTY_ANSWER, type DraftAnswer };

/** What is still missing on one row before the checklist can be submitted, in the words of the sheet. */
export function rowGaps(item: FormItemDto, value: DraftAnswer): string[] {
  if (!value.answer) return item.required ? ['回答'] : [];
  const gaps: string[] = [];
  if (!value.confirmedOn) gaps.push('確認日');
  if (value.answer === 'いいえ' && !value.targetOn) gaps.push('目標日');
  return gaps;
}

/** Dates the 年度 allows, as the API checks them: 確認日 within it and not in the future; 目標日 not before the 確認日 and within it (or the item's later target 年度); 実装予定日 by the end of the plan's 年度. */
function bounds(fiscalYear: number, item: FormItemDto, confirmedOn: string) {
  const start = `${fiscalYear}-04-01`;
  const end = `${fiscalYear + 1}-03-31`;
  const today = todayInJapan();
  return {
    confirmed: { min: start, max: today < end ? today : end },
    target: { min: confirmedOn || start, max: `${Math.max(fiscalYear, item.targetFiscalYear ?? fiscalYear) + 1}-03-31` },
    planned: { min: confirmedOn || start, max: `${Math.max(fiscalYear, item.plannedBy ?? fiscalYear) + 1}-03-31` },
  };
}

/** One item of the 事業者確認用 as you answer it: はい/いいえ (対象外 where the form allows it), 確認日, 目標日 for いいえ, 実装予定日 where a はい may be a plan, 備考. */
export function VendorChecklistRow({
  item,
  fiscalYear,
  value,
  disabled,
  errors,
  onChange,
}: {
  item: FormItemDto;
  fiscalYear: number;
  value: DraftAnswer;
  disabled: boolean;
  errors: string[];
  onChange: (value: DraftAnswer) => void;
}) {
  const label = `項目 ${item.id}${item.scope ? `（${item.scope}）` : ''}`;
  const range = bounds(fiscalYear, item, value.confirmedOn);
  const invalid = errors.length > 0;
  const date = (name: string, key: 'confirmedOn' | 'targetOn' | 'plannedOn', limits: { min: string; max: string }, required = false) => (
    <input
      type="date"
      aria-label={`${label} の${name}`}
      min={limits.min}
      max={limits.max}
      value={value[key]}
      disabled={disabled}
      required={required}
      onChange={(event) => onChange({ ...value, [key]: event.target.value })}
    />
  );
  return (
    <tr id={`item-${item.id}`} className={invalid ? 'row-invalid' : value.answer === 'いいえ' ? 'row-no' : ''}>
      <th scope="row" className="item-id">
        {item.id}
      </th>
      <td className="item-text" data-label="内容">
        <ScopeTag scope={item.scope} />
        {item.text}
        {item.textEn && <span className="en">{item.textEn}</span>}
        {item.plannedBy && <div className="muted small">「はい」には{fiscalYearLabel(item.plannedBy)}までの実装予定を含みます。予定の場合は実装予定日を入力してください。</div>}
        <ItemManual manual={item.manual} itemId={item.id} />
        {errors.map((error) => (
          <p key={error} className="row-error">
            {error}
          </p>
        ))}
      </td>
      <td data-label="回答">
        <select aria-label={`${label} の回答`} aria-invalid={invalid || undefined} value={value.answer} disabled={disabled} onChange={(event) => onChange({ ...value, answer: event.target.value })}>
          <option value="">未回答</option>
          {item.answers.map((answer) => (
            <option key={answer} value={answer}>
              {answer}
            </option>
          ))}
        </select>
      </td>
      <td data-label="確認日">{date('確認日', 'confirmedOn', range.confirmed)}</td>
      <td data-label="目標日">
        {value.answer === 'いいえ' ? (
          date('目標日', 'targetOn', range.target, true)
        ) : item.plannedBy && value.answer === 'はい' ? (
          <label className="planned">
            実装予定日（予定の場合）
            {date('実装予定日', 'plannedOn', range.planned)}
          </label>
        ) : (
          '—'
        )}
      </td>
      <td data-label="備考">
        <input aria-label={`${label} の備考`} maxLength={2000} value={value.remarks} disabled={disabled} onChange={(event) => onChange({ ...value, remarks: event.target.value })} />
      </td>
    </tr>
  );
}
