import { useId, useState } from 'react';
import type { AnswerSetDto, AnswerSetOverrideDto, FormItemDto, OverrideCheckDto } from '../../../api/schema';
import { AnswerBadge } from '../../../components/badges';
import { EMPTY_ANSWER, VendorChecklistRow, type DraftAnswer } from '../checklist-rows';
import { answersOf } from './answer-set-draft';

/** Per customer (contract id), the items answered differently from the set. */
export type Overrides = Record<string, Record<string, DraftAnswer>>;

export function overridesBody(items: FormItemDto[], overrides: Overrides): AnswerSetOverrideDto[] {
  return Object.entries(overrides)
    .filter(([, byItem]) => Object.keys(byItem).length > 0)
    .map(([contractId, byItem]) => ({ contractId, answers: answersOf(items, byItem) }));
}

function fromSet(set: AnswerSetDto, itemId: string): DraftAnswer {
  const a = set.answers.find((answer) => answer.itemId === itemId);
  return a ? { answer: a.answer, confirmedOn: a.confirmedOn ?? '', targetOn: a.targetOn ?? '', plannedOn: a.plannedOn ?? '', remarks: a.remarks ?? '' } : EMPTY_ANSWER;
}

/**
 * One customer's overrides: pick an item, answer it for this customer only (starting from the set's
 * answer), remove it again. What the API said about them (the preview's check) is shown beside.
 */
export function CustomerOverrides({
  customerName,
  set,
  items,
  fiscalYear,
  value,
  check,
  onChange,
  onClose,
}: {
  customerName: string;
  set: AnswerSetDto;
  items: FormItemDto[];
  fiscalYear: number;
  value: Record<string, DraftAnswer>;
  check: OverrideCheckDto | undefined;
  onChange: (value: Record<string, DraftAnswer>) => void;
  onClose: () => void;
}) {
  const id = useId();
  const [itemId, setItemId] = useState(items.find((item) => !value[item.id])?.id ?? '');
  const errorsOf = (item: string) => (check?.errors ?? []).filter((error) => error.itemId === item).map((error) => error.message);
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="customer-overrides">
      <h3 id={`${id}-title`}>{customerName} だけ回答を変える</h3>
      <p className="muted small">ここで変えた項目だけが、この顧客への提出で回答セットの回答に代わります。ほかの顧客には回答セットのとおり提出します。</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-item`}>変える項目</label>
          <select id={`${id}-item`} value={itemId} onChange={(event) => setItemId(event.target.value)}>
            {items.map((item) => (
              <option key={item.id} value={item.id} disabled={value[item.id] !== undefined}>
                {item.id} {item.text.slice(0, 30)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <button type="button" className="button secondary" disabled={!itemId || value[itemId] !== undefined} onClick={() => onChange({ ...value, [itemId]: fromSet(set, itemId) })}>
            この項目を変える
          </button>
        </div>
      </div>
      {Object.keys(value).length > 0 && (
        <div className="table-wrap">
          <table className="table answers stack-on-phone">
            <caption className="visually-hidden">{customerName} への提出で変える項目</caption>
            <thead>
              <tr>
                <th scope="col">項目</th>
                <th scope="col">内容（回答セットの回答）</th>
                <th scope="col">回答</th>
                <th scope="col">確認日</th>
                <th scope="col">目標日</th>
                <th scope="col">備考</th>
              </tr>
            </thead>
            <tbody>
              {items
                .filter((item) => value[item.id])
                .map((item) => (
                  <VendorChecklistRow
                    key={item.id}
                    item={{ ...item, text: `${item.text}（回答セット: ${fromSet(set, item.id).answer || '未回答'}）` }}
                    fiscalYear={fiscalYear}
                    value={value[item.id]}
                    disabled={false}
                    errors={errorsOf(item.id)}
                    onChange={(next) => onChange({ ...value, [item.id]: next })}
                  />
                ))}
            </tbody>
          </table>
        </div>
      )}
      {Object.keys(value).length > 0 && (
        <ul className="compact-list small">
          {Object.keys(value).map((item) => (
            <li key={item}>
              {item}: <AnswerBadge answer={value[item].answer} />{' '}
              <button
                type="button"
                className="button link small"
                onClick={() => {
                  const rest = { ...value };
                  delete rest[item];
                  onChange(rest);
                }}
              >
                {item} を回答セットのとおりに戻す
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button secondary" onClick={onClose}>
        閉じる
      </button>
    </section>
  );
}
