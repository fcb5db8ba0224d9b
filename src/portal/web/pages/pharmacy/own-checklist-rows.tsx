import { Link } from 'react-router';
import type { FacilityChecklistItemDto, FormItemDto, FormItemManualDto } from '../../api/schema';
import { AnswerBadge, Badge } from '../../components/badges';
import { ItemManual } from '../../components/item-manual';
import { fiscalYearLabel, formatDate, todayInJapan } from '../../lib/format';

export interface DraftAnswer {
  answer: string;
  confirmedOn: string;
  targetOn: string;
  plannedOn: string;
  remarks: string;
}

export const EMPTY_ANSWER: DraftAnswer = { answer: '', confirmedOn: '', targetOn: '', plannedOn: '', remarks: '' };

/** The heading the item stands under (サーバ, 端末PC…), which tells apart items with the same text. */
export function ScopeTag({ scope }: { scope: string | null | undefined }) {
  if (!scope) return null;
  return <span className="scope-tag">{scope}</span>;
}

function ItemText({ item }: { item: FacilityChecklistItemDto }) {
  return (
    <>
      <ScopeTag scope={item.scope} />
      {item.text}
      {item.textEn && <span className="en">{item.textEn}</span>}
      {item.condition && <div className="muted small">{item.condition}</div>}
    </>
  );
}

/** `manual`: the checklist manual's text on the item, from the form version (none when it has none). */
export function DerivedRow({ item, fiscalYear, manual }: { item: FacilityChecklistItemDto; fiscalYear: number; manual?: FormItemManualDto }) {
  const derivation = item.derivation;
  const answer = derivation?.answer ?? item.answer;
  return (
    <tr id={`item-${item.itemId}`} className={answer === 'いいえ' ? 'row-no' : ''}>
      <th scope="row" className="item-id">
        {item.itemId}
        <div>
          <Badge tone="info">自動判定</Badge>
        </div>
      </th>
      <td className="item-text" data-label="内容">
        <ItemText item={item} />
        <ItemManual manual={manual} itemId={item.itemId} />
      </td>
      <td data-label="回答">
        <AnswerBadge answer={answer} />
      </td>
      <td data-label="確認日">{formatDate(derivation?.confirmedOn ?? item.confirmedOn)}</td>
      <td data-label="目標日">—</td>
      <td data-label="備考">
        <p className="small">{derivation?.reason}</p>
        {derivation?.contracts
          .filter((contract) => !contract.satisfied)
          .map((contract) => (
            <div key={contract.contractId} className="small">
              <Link to={`/contracts/${contract.contractId}?fy=${fiscalYear}`}>{contract.vendorName}</Link>:
              <ul>
                {contract.missing.map((gap) => (
                  <li key={`${gap.code}-${gap.productId}`}>{gap.label}</li>
                ))}
              </ul>
            </div>
          ))}
      </td>
    </tr>
  );
}

/** Dates a 年度 allows: 確認日 within it and not in the future; 目標日 within it (or the item's later target 年度) and not before the 確認日. */
function dateBounds(fiscalYear: number, plannedBy: number | null | undefined, targetFiscalYear: number | undefined, confirmedOn: string) {
  const start = `${fiscalYear}-04-01`;
  const end = `${fiscalYear + 1}-03-31`;
  const today = todayInJapan();
  const targetYear = Math.max(fiscalYear, targetFiscalYear ?? fiscalYear);
  return {
    confirmed: { min: start, max: today < end ? today : end },
    target: { min: confirmedOn || start, max: `${targetYear + 1}-03-31` },
    planned: { min: start, max: `${Math.max(fiscalYear, plannedBy ?? fiscalYear) + 1}-03-31` },
  };
}

export function EditableRow({
  item,
  formItem,
  fiscalYear,
  value = EMPTY_ANSWER,
  disabled,
  errors,
  onChange,
}: {
  item: FacilityChecklistItemDto;
  /** The catalog's item: its later target 年度 (R5 参考項目), and its plan rule where the checklist does not carry it. */
  formItem?: FormItemDto;
  fiscalYear: number;
  value?: DraftAnswer;
  disabled: boolean;
  /** Problems the API reported for this item on the last save. */
  errors: string[];
  onChange: (value: DraftAnswer) => void;
}) {
  const label = `項目 ${item.itemId}${item.scope ? `（${item.scope}）` : ''}`;
  const plan = item.plannedBy ?? formItem?.plannedBy;
  const bounds = dateBounds(fiscalYear, plan, formItem?.targetFiscalYear, value.confirmedOn);
  const invalid = errors.length > 0;
  return (
    <tr id={`item-${item.itemId}`} className={invalid ? 'row-invalid' : value.answer === 'いいえ' ? 'row-no' : ''}>
      <th scope="row" className="item-id">
        {item.itemId}
      </th>
      <td className="item-text" data-label="内容">
        <ItemText item={item} />
        {plan && <div className="muted small">「はい」には{fiscalYearLabel(plan)}までの実装予定を含みます。予定の場合は計画日を入力してください。</div>}
        {item.targetOverdue && <div className="text-bad small">目標日を過ぎています</div>}
        <ItemManual manual={formItem?.manual} itemId={item.itemId} />
        {errors.map((error) => (
          <p key={error} className="row-error">
            {error}
          </p>
        ))}
      </td>
      <td data-label="回答">
        <select
          aria-label={`${label} の回答`}
          aria-invalid={invalid || undefined}
          value={value.answer}
          disabled={disabled}
          onChange={(event) => onChange({ ...value, answer: event.target.value })}
        >
          <option value="">未回答</option>
          <option value="はい">はい</option>
          <option value="いいえ">いいえ</option>
        </select>
      </td>
      <td data-label="確認日">
        <DateInput label={`${label} の確認日`} range={bounds.confirmed} value={value.confirmedOn} disabled={disabled} onChange={(confirmedOn) => onChange({ ...value, confirmedOn })} />
      </td>
      <td data-label="目標日">
        {value.answer === 'いいえ' ? (
          <DateInput label={`${label} の目標日`} range={bounds.target} value={value.targetOn} disabled={disabled} required onChange={(targetOn) => onChange({ ...value, targetOn })} />
        ) : plan && value.answer === 'はい' ? (
          // A planned はい has no 目標日 but a 計画日 (実装予定日), in the same place.
          <label className="planned">
            計画日（予定の場合）
            <DateInput label={`${label} の計画日`} range={bounds.planned} value={value.plannedOn} disabled={disabled} onChange={(plannedOn) => onChange({ ...value, plannedOn })} />
          </label>
        ) : (
          '—'
        )}
      </td>
      <td data-label="備考">
        <input aria-label={`${label} の備考`} value={value.remarks} disabled={disabled} onChange={(event) => onChange({ ...value, remarks: event.target.value })} />
      </td>
    </tr>
  );
}

/** A date field bounded by the 年度 rules the API applies (the browser refuses what the API would). */
function DateInput({
  label,
  range,
  value,
  disabled,
  required,
  onChange,
}: {
  label: string;
  range: { min?: string; max?: string };
  value: string;
  disabled: boolean;
  required?: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <input
      type="date"
      aria-label={label}
      min={range.min}
      max={range.max}
      value={value}
      disabled={disabled}
      required={required}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
