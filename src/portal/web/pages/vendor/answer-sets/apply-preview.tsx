import { useState } from 'react';
import type { AnswerSetApplicationDto, AnswerSetDto, FormItemDto } from '../../../api/schema';
import { Badge } from '../../../components/badges';
import { Empty } from '../../../components/feedback';
import { CustomerOverrides, type Overrides } from './apply-overrides';

const CHECKLIST_STATUS = { submitted: { label: '提出済み', tone: 'ok' }, draft: { label: '下書きのみ', tone: 'warn' }, none: { label: '未提出', tone: 'bad' } } as const;
const KIND = { maintenance: '保守', operation: '運用' } as const;

/**
 * Step 2: who would get the set (the count, and the first customers by name), what stops it (the
 * set's answers for this 年度), and per customer the items you answer differently for them.
 */
export function ApplyPreview({
  preview,
  set,
  items,
  fiscalYear,
  overrides,
  onOverrides,
  stale,
}: {
  preview: AnswerSetApplicationDto;
  set: AnswerSetDto;
  items: FormItemDto[];
  fiscalYear: number;
  overrides: Overrides;
  onOverrides: (value: Overrides) => void;
  stale: boolean;
}) {
  const [open, setOpen] = useState<string>();
  const checkOf = (contractId: string) => (stale ? undefined : preview.overrides.find((o) => o.contractId === contractId));
  const openCustomer = preview.customers.find((c) => c.contractId === open);
  return (
    <section className="card" aria-labelledby="apply-step-2">
      <h2 id="apply-step-2">
        2. 対象の顧客と個別の変更 <span className="en">Preview</span>
      </h2>
      <p data-testid="apply-total">
        対象の顧客: <strong>{preview.total}件</strong>（まだ何も提出していません）
        {preview.total > preview.customers.length && <span className="muted small">。先頭の{preview.customers.length}件を表示しています。</span>}
      </p>
      {preview.problems.length > 0 && (
        <div className="alert alert-error" role="alert">
          <p className="alert-title">このままでは提出できません</p>
          <ul className="alert-fields">
            {preview.problems.map((problem) => (
              <li key={`${problem.field}-${problem.message}`}>{problem.itemId ? `${problem.itemId}: ` : ''}{problem.message}</li>
            ))}
          </ul>
        </div>
      )}
      {preview.customers.length === 0 ? (
        <Empty>条件に合う顧客がいません。</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table stack-on-phone">
            <caption className="visually-hidden">提出先の顧客</caption>
            <thead>
              <tr>
                <th scope="col">顧客</th>
                <th scope="col">保険薬局コード</th>
                <th scope="col">契約</th>
                <th scope="col">この年度の提出</th>
                <th scope="col">個別の変更</th>
              </tr>
            </thead>
            <tbody>
              {preview.customers.map((customer) => {
                const changed = Object.keys(overrides[customer.contractId] ?? {});
                const check = checkOf(customer.contractId);
                return (
                  <tr key={customer.contractId} data-testid="apply-customer">
                    <td data-label="顧客">{customer.customerName}</td>
                    <td data-label="保険薬局コード">{customer.pharmacyCode ?? '—'}</td>
                    <td data-label="契約">{KIND[customer.contractKind]}</td>
                    <td data-label="この年度の提出">
                      <Badge tone={CHECKLIST_STATUS[customer.checklistStatus].tone}>{CHECKLIST_STATUS[customer.checklistStatus].label}</Badge>
                    </td>
                    <td data-label="個別の変更">
                      {changed.length > 0 && <span className="small">{changed.join('、')} を変更 </span>}
                      {check && !check.valid && <Badge tone="bad">要修正</Badge>}{' '}
                      <button type="button" className="button secondary small" aria-label={`この顧客だけ変える（${customer.customerName}）`} onClick={() => setOpen(customer.contractId)}>
                        この顧客だけ変える
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {openCustomer && (
        <CustomerOverrides
          key={openCustomer.contractId}
          customer={openCustomer}
          set={set}
          items={items}
          fiscalYear={fiscalYear}
          value={overrides[openCustomer.contractId] ?? {}}
          check={checkOf(openCustomer.contractId)}
          onChange={(value) => onOverrides({ ...overrides, [openCustomer.contractId]: value })}
          onClose={() => setOpen(undefined)}
        />
      )}
    </section>
  );
}
