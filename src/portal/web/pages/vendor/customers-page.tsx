import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { contracts, disclosures } from '../../api/endpoints';
import type { ChecklistSummaryDto, ContractDto, DisclosureDto } from '../../api/schema';
import { checklistsOfYear } from '../../api/checklist-list';
import { Badge } from '../../components/badges';
import { Empty, ErrorMessage } from '../../components/feedback';
import { FiscalYearPicker, FiscalYearShown, useFiscalYear } from '../../components/fiscal-year';
import { FormUseCell } from '../../components/form-use';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { customerLabel } from '../../lib/contract-labels';
import { formatDate } from '../../lib/format';
import { useAsync, usePaged } from '../../lib/use-async';

/** Published disclosures of the vendor (newest revisions), to tell which customers can read one per product. */
async function publishedDisclosures(): Promise<DisclosureDto[]> {
  const all: DisclosureDto[] = [];
  let cursor: string | undefined;
  do {
    const page = await disclosures.list({ status: 'published', limit: 100, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && all.length < 1000);
  return all;
}

/** Per customer: the contract, the 年度's checklist (submitted, draft, not yet) and MDS/SDS published per product. */
export function CustomersPage() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'active';
  const { fiscalYear, setFiscalYear, options, current } = useFiscalYear();
  const list = usePaged((cursor) => contracts.list({ status: status || undefined, cursor, limit: 25 }), [status]);
  const published = useAsync(publishedDisclosures, []);
  // The 年度's checklists in one list (GET /v1/checklists), not one request per customer.
  const checklists = useAsync(() => checklistsOfYear(fiscalYear), [fiscalYear]);
  const [changed, setChanged] = useState<Record<string, ContractDto>>({});

  return (
    <>
      <PageHeader
        title="顧客別の提出状況"
        en="Publication status per customer"
        lead={<FiscalYearShown fiscalYear={fiscalYear} onCurrent={() => setFiscalYear(current)} />}
      >
        <FiscalYearPicker value={fiscalYear} options={options} onChange={setFiscalYear} />
      </PageHeader>
      <p className="muted">あなたが各顧客に提出した事業者確認用チェックリストと、公開したMDS/SDSの状況です。顧客名を選ぶと、その顧客への回答を入力・提出できます。</p>
      <div className="filters">
        <span className="field-inline">
          <label htmlFor={`${id}-status`}>契約の状態</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(event) =>
              setParams((previous) => {
                const next = new URLSearchParams(previous);
                next.set('status', event.target.value);
                return next;
              })
            }
          >
            <option value="active">有効</option>
            <option value="proposed">承認待ち</option>
            <option value="declined">辞退</option>
            <option value="">すべて</option>
          </select>
        </span>
      </div>
      <ErrorMessage error={published.error} />
      <ErrorMessage error={checklists.error} onRetry={checklists.reload} />
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>該当する契約はありません。</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table stack-on-phone">
            <thead>
              <tr>
                <th scope="col">顧客</th>
                <th scope="col">契約</th>
                <th scope="col">事業者確認用チェックリスト</th>
                <th scope="col">MDS/SDS（製品ごと）</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((original) => {
                const contract = changed[original.id] ?? original;
                return (
                  <tr key={contract.id}>
                    <th scope="row">
                      <Link to={`/contracts/${contract.id}?fy=${fiscalYear}`}>{customerLabel(contract)}</Link>
                      {contract.customer.pharmacyCode && <div className="muted small">{contract.customer.pharmacyCode}</div>}
                      {contract.yourRole === 'agent' && <Badge tone="info">代理店として</Badge>}
                    </th>
                    <td data-label="契約">
                      {contract.kindLabel} <Badge tone={contract.status === 'active' ? 'ok' : 'neutral'}>{contract.statusLabel}</Badge>
                      <div className="muted small">{formatDate(contract.startsOn)}〜</div>
                      {contract.status === 'proposed' && contract.proposedBy === 'customer' && (
                        <ProposalActions contract={contract} onChanged={(next) => setChanged((all) => ({ ...all, [next.id]: next }))} />
                      )}
                    </td>
                    <td data-label="事業者確認用">
                      <ChecklistCell contract={contract} checklist={checklists.data?.get(contract.id)} loading={checklists.loading || !checklists.data} />
                    </td>
                    <td data-label="MDS/SDS">
                      <ul className="compact-list small">
                        {contract.products.map((product) => {
                          const latest = published.data?.find(
                            // An agent (代理店) publishes only the RM-SDS of the remote maintenance it performs.
                            (d) =>
                              d.product.id === product.id &&
                              (contract.yourRole === 'agent' ? d.kind === 'RM-SDS' : d.kind !== 'RM-SDS') &&
                              (d.audience === 'all_customers' || (d.contractIds ?? []).includes(contract.id)),
                          );
                          return (
                            <li key={product.id}>
                              {product.name}:{' '}
                              {latest ? (
                                <Link to={`/disclosures/${latest.id}`}>
                                  <Badge tone="ok">{`${latest.kind} 公開済み`}</Badge>
                                </Link>
                              ) : published.data ? (
                                <Badge tone="bad">未公開</Badge>
                              ) : (
                                '…'
                              )}
                            </li>
                          );
                        })}
                      </ul>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager state={list} />
    </>
  );
}

/** The contract's checklist for the 年度, as the year's list has it (none: not answered yet). */
function ChecklistCell({ contract, checklist, loading }: { contract: ContractDto; checklist: ChecklistSummaryDto | undefined; loading: boolean }) {
  if (!contract.owesChecklist) return <Badge tone="neutral">不要（売買契約のみ）</Badge>;
  // The vendor answers the 事業者確認用; its agent answers none (and cannot read it).
  if (contract.yourRole === 'agent') return <span className="muted small">事業者が提出（代理店のあなたは不要）</span>;
  if (contract.status !== 'active') return <>—</>;
  if (loading) return <span className="muted">…</span>;
  if (!checklist) return <Badge tone="bad">未提出（回答なし）</Badge>;
  return (
    <>
      <Badge tone={checklist.status === 'submitted' ? 'ok' : 'warn'}>{checklist.statusLabel}</Badge>
      <span className="small">第{checklist.revision}版</span>
      {checklist.noCount > 0 && <Badge tone="warn">いいえ {checklist.noCount}</Badge>}
      {checklist.formOutdated && <Badge tone="warn">旧様式</Badge>}
      <FormUseCell use={checklist.formUse} />
    </>
  );
}

function ProposalActions({ contract, onChanged }: { contract: ContractDto; onChanged: (contract: ContractDto) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = (action: () => Promise<ContractDto>) => {
    setBusy(true);
    setError(undefined);
    action().then(onChanged, (reason: unknown) => {
      setError(reason);
      setBusy(false);
    });
  };
  return (
    <div className="actions">
      <button type="button" className="button small" disabled={busy} onClick={() => run(() => contracts.accept(contract.id, {}))}>
        承認する
      </button>
      <button type="button" className="button small secondary" disabled={busy} onClick={() => run(() => contracts.decline(contract.id))}>
        辞退する
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
