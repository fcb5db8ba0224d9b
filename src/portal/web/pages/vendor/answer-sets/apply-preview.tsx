import { useState } from 'react';
import type { AnswerSetApplicationDto, AnswerSetDto, FormItemDto, TargetCustomerDto } from '../../../api/schema';
import { Badge } from '../../../components/badges';
import { Empty } from '../../../components/feedback';
import { CustomerSearch } from './apply-customer-search';
import { CustomerOverrides, type Overrides } from './apply-overrides';

const CHECKLIST_STATUS = { submitted: { label: '提出済み', tone: 'ok' }, draft: { label: '下書きのみ', tone: 'warn' }, none: { label: '未提出', tone: 'bad' } } as const;
const KIND = { maintenance: '保守', operation: '運用' } as const;

/**
 * Step 2: who would get the set (the count, and the first customers by name), what stops it (the
 * set's answers for this 年度), and per customer the items you answer differently for them — any
 * targeted customer, found by search when it is not among the first listed.
 */
export function ApplyPreview({
  preview,
  set,
  items,
  fiscalYear,
  overrides,
  onOverrides,
  onSearch,
  stale,
}: {
  preview: AnswerSetApplicationDto;
  set: AnswerSetDto;
  items: FormItemDto[];
  fiscalYear: number;
  overrides: Overrides;
  onOverrides: (value: Overrides) => void;
  /** The targeted customers whose 保険薬局コード or name contains the query (a preview narrowed to it). */
  onSearch: (query: string) => Promise<TargetCustomerDto[]>;
  stale: boolean;
}) {
  const [open, setOpen] = useState<string>();
  /** Customers found by search, by contract id: their names for the overrides given outside the list. */
  const [found, setFound] = useState<Record<string, TargetCustomerDto>>({});
  const checkOf = (contractId: string) => (stale ? undefined : preview.overrides.find((o) => o.contractId === contractId));
  const nameOf = (contractId: string) =>
    preview.customers.find((c) => c.contractId === contractId)?.customerName ??
    found[contractId]?.customerName ??
    preview.overrides.find((o) => o.contractId === contractId)?.customerName ??
    '（対象外の顧客）';
  const listed = new Set(preview.customers.map((c) => c.contractId));
  /** Overrides of customers the list does not show (found by search): listed apart, so they can be checked and changed. */
  const unlisted = Object.keys(overrides).filter((contractId) => !listed.has(contractId) && Object.keys(overrides[contractId]).length > 0);
  return (
    <section className="card" aria-labelledby="apply-step-2">
      <h2 id="apply-step-2">
        2. 対象の顧客と個別の変更 <span className="en">Preview</span>
      </h2>
      <p data-testid="apply-total">
        対象の顧客: <strong>{preview.total}件</strong>（まだ何も提出していません）
        {preview.total > preview.customers.length && <span className="muted small">。先頭の{preview.customers.length}件を表示しています（ほかの顧客は下の「一覧にない顧客を探す」で探せます）。</span>}
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
      {preview.total > 0 && (
        <CustomerSearch
          search={onSearch}
          onPick={(customer) => {
            setFound({ ...found, [customer.contractId]: customer });
            setOpen(customer.contractId);
          }}
        />
      )}
      {unlisted.length > 0 && (
        <>
          <h3>一覧の外で個別に変える顧客</h3>
          <ul className="compact-list" data-testid="unlisted-overrides">
            {unlisted.map((contractId) => {
              const check = checkOf(contractId);
              return (
                <li key={contractId}>
                  {nameOf(contractId)}: {Object.keys(overrides[contractId]).join('、')} を変更 {check && !check.valid && <Badge tone="bad">要修正</Badge>}{' '}
                  <button type="button" className="button secondary small" aria-label={`変更を開く（${nameOf(contractId)}）`} onClick={() => setOpen(contractId)}>
                    変更を開く
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {open && (
        <CustomerOverrides
          key={open}
          customerName={nameOf(open)}
          set={set}
          items={items}
          fiscalYear={fiscalYear}
          value={overrides[open] ?? {}}
          check={checkOf(open)}
          onChange={(value) => onOverrides({ ...overrides, [open]: value })}
          onClose={() => setOpen(undefined)}
        />
      )}
    </section>
  );
}
