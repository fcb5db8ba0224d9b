import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { contracts, disclosures } from '../../api/endpoints';
import type { ContractDto } from '../../api/schema';
import { useMe } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { Empty, ErrorMessage, Loading, Notice } from '../../components/feedback';
import { FiscalYearPicker, FiscalYearShown, useFiscalYear } from '../../components/fiscal-year';
import { PageHeader } from '../../components/layout';
import { RequestForm } from '../../components/request-form';
import { RequestList } from '../../components/request-list';
import { customerLabel } from '../../lib/contract-labels';
import { fiscalYearLabel, formatDate } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { ContractIncidentContactSection } from '../contact-chart/contract-incident-contact-section';
import { EndContractAction } from '../contracts/end-contract';
import { VendorChecklistEditor } from '../vendor/checklist-editor';
import { ReceivedChecklistSection } from './received-checklist-section';
import { RemoteMaintenanceSection } from './remote-maintenance-section';

/** One vendor's documents for the pharmacy: the 年度's checklist, MDS/SDS per product, remote maintenance, requests. */
export function ContractPage() {
  const { contractId = '' } = useParams();
  const contract = useAsync(() => contracts.get(contractId), [contractId]);
  const { fiscalYear, setFiscalYear, options, current } = useFiscalYear();
  const [requestsVersion, setRequestsVersion] = useState(0);
  const data = contract.data;

  return (
    <>
      <PageHeader
        title={data ? (data.yourRole === 'customer' ? (data.vendor.name ?? '事業者') : customerLabel(data)) : '契約の書類'}
        en={data && data.yourRole !== 'customer' ? 'Your customer' : 'Vendor documents'}
        lead={<FiscalYearShown fiscalYear={fiscalYear} onCurrent={() => setFiscalYear(current)} />}
      >
        <FiscalYearPicker value={fiscalYear} options={options} onChange={setFiscalYear} />
      </PageHeader>
      {contract.error ? <ErrorMessage error={contract.error} onRetry={contract.reload} /> : null}
      {contract.loading && !data && <Loading />}
      {data && (
        <>
          <ContractFacts contract={data} onEnded={contract.reload} />
          <ChecklistSection contract={data} fiscalYear={fiscalYear} onRequested={() => setRequestsVersion((v) => v + 1)} />
          <DisclosuresSection contract={data} onRequested={() => setRequestsVersion((v) => v + 1)} />
          <RemoteMaintenanceSection contract={data} />
          {data.yourRole !== 'customer' && <ContractIncidentContactSection contractId={data.id} />}
          <section className="card" aria-labelledby="contract-requests">
            <h2 id="contract-requests">
              {data.yourRole === 'customer' ? 'この事業者への依頼' : 'この顧客からあなたへの依頼'} <span className="en">Requests</span>
            </h2>
            <RequestList query={{ contractId: data.id }} version={requestsVersion} compact />
          </section>
        </>
      )}
    </>
  );
}

function ContractFacts({ contract, onEnded }: { contract: ContractDto; onEnded: () => void }) {
  return (
    <section className="card">
      <dl className="facts">
        <dt>契約</dt>
        <dd>
          {contract.kindLabel} <Badge tone={contract.status === 'active' ? 'ok' : 'neutral'}>{contract.statusLabel}</Badge>
        </dd>
        {contract.yourRole === 'agent' && (
          <>
            <dt>事業者</dt>
            <dd>{contract.vendor.name}（あなたは代理店）</dd>
          </>
        )}
        <dt>顧客</dt>
        <dd>{customerLabel(contract)}</dd>
        {contract.agent && (
          <>
            <dt>代理店</dt>
            <dd>{contract.agent.name}</dd>
          </>
        )}
        <dt>製品・サービス</dt>
        <dd>{contract.products.map((product) => `${product.name}（${product.category}）`).join('、') || '—'}</dd>
        <dt>契約期間</dt>
        <dd>
          {formatDate(contract.startsOn)} 〜 {contract.endsOn ? formatDate(contract.endsOn) : ''}
        </dd>
      </dl>
      {contract.termination && (
        <Notice>
          {formatDate(contract.termination.endsOn)} で終了（理由: {contract.termination.reason}）。それまでに受け取った書類は引き続き閲覧できます。
        </Notice>
      )}
      <div className="actions">
        <EndContractAction contract={contract} onEnded={onEnded} />
      </div>
      {!contract.owesChecklist && <Notice>売買契約のみのため、事業者確認用チェックリストの提出は不要です（薬局確認用の 2-②・2-③ は記入不要）。</Notice>}
    </section>
  );
}

/** The 年度's 事業者確認用 as each side meets it: the vendor answers it, its agent answers none, the customer reads what was submitted. */
function ChecklistSection(props: { contract: ContractDto; fiscalYear: number; onRequested: () => void }) {
  const { contract, fiscalYear } = props;
  if (contract.yourRole === 'customer') return <ReceivedChecklistSection {...props} />;
  return (
    <section className="card" aria-labelledby="checklist-title">
      <h2 id="checklist-title">
        {fiscalYearLabel(fiscalYear)} 事業者確認用チェックリスト: あなたの回答 <span className="en">Your answers</span>
      </h2>
      {!contract.owesChecklist ? (
        <Empty>この契約ではチェックリストの提出は不要です。</Empty>
      ) : contract.yourRole === 'agent' ? (
        <Empty>事業者確認用チェックリストは事業者（{contract.vendor.name}）が顧客に提出します。代理店のあなたの提出は不要です。</Empty>
      ) : contract.status === 'proposed' ? (
        <Empty>顧客が契約を承認すると、ここで回答・提出できます。</Empty>
      ) : contract.status === 'declined' || contract.status === 'withdrawn' ? (
        <Empty>この契約は有効になっていないため、チェックリストの提出はありません。</Empty>
      ) : (
        <VendorChecklistEditor contract={contract} fiscalYear={fiscalYear} />
      )}
    </section>
  );
}

function DisclosuresSection({ contract, onRequested }: { contract: ContractDto; onRequested: () => void }) {
  const me = useMe();
  const list = useAsync(
    () => Promise.all(contract.products.map((product) => disclosures.list({ productId: product.id, limit: 20 }).then((page) => ({ product, items: page.items })))),
    [contract.id],
  );
  const [requesting, setRequesting] = useState<string>();
  const [requested, setRequested] = useState<string>();
  return (
    <section className="card" aria-labelledby="disclosures-title">
      <h2 id="disclosures-title">
        MDS/SDS（医療情報セキュリティ開示書） <span className="en">Security disclosures</span>
      </h2>
      {list.error ? <ErrorMessage error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data && <Loading />}
      {requested && <Notice tone="success">{requested}</Notice>}
      {list.data?.length === 0 && <Empty>この契約の対象製品はありません。</Empty>}
      {list.data?.map(({ product, items }) => (
        <div key={product.id} className="product-disclosures">
          <h3>
            {product.name} <span className="muted small">{product.category}</span>
          </h3>
          {items.length === 0 ? (
            <div className="empty">
              <p>{contract.yourRole === 'vendor' ? 'この製品のMDS/SDSをまだ公開していません。' : contract.yourRole === 'agent' ? '事業者はこの製品のMDS/SDSをまだ公開していません。' : 'MDS/SDSはまだ提出されていません。'}</p>
              {contract.yourRole === 'customer' && (
                <button type="button" className="button small" onClick={() => setRequesting(product.id)}>
                  提出を依頼する
                </button>
              )}
            </div>
          ) : (
            <ul className="plain-list">
              {items.map((disclosure) => (
                <li key={disclosure.id}>
                  <Link to={`/disclosures/${disclosure.id}`}>
                    {disclosure.kind} {disclosure.product.name} {disclosure.productVersion} 第{disclosure.revision}版
                  </Link>{' '}
                  <Badge tone={disclosure.status === 'published' ? 'ok' : 'neutral'}>{disclosure.statusLabel}</Badge>
                  {disclosure.reviewCount > 0 && <Badge tone="warn">いいえ・対象外 {disclosure.reviewCount}件</Badge>}
                  <span className="muted small"> 公開 {formatDate(disclosure.publishedAt)}</span>
                </li>
              ))}
            </ul>
          )}
          {requesting === product.id && (
            <RequestForm
              target={{
                contractId: contract.id,
                vendorName: contract.vendor.name ?? '',
                kind: 'SDS',
                product: { id: product.id, name: product.name },
                pharmacyId: me.organization.kind === 'chain' ? contract.customer.id : undefined,
              }}
              onCancel={() => setRequesting(undefined)}
              onDone={(created) => {
                setRequesting(undefined);
                setRequested(`${created.addressee.name}に「${created.kindLabel}」の提出を依頼しました。`);
                onRequested();
              }}
            />
          )}
        </div>
      ))}
    </section>
  );
}
