import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { contracts, disclosures } from '../../api/endpoints';
import type { ChecklistDto, ContractDto } from '../../api/schema';
import { useMe } from '../../auth/auth-context';
import { AnswersTable } from '../../components/answers-table';
import { Badge } from '../../components/badges';
import { DownloadButton } from '../../components/download-button';
import { Empty, ErrorMessage, Loading, Notice } from '../../components/feedback';
import { FiscalYearPicker, FiscalYearShown, useFiscalYear } from '../../components/fiscal-year';
import { FormUseNote } from '../../components/form-use';
import { PageHeader } from '../../components/layout';
import { RequestForm, type RequestTarget } from '../../components/request-form';
import { RequestList } from '../../components/request-list';
import { fiscalYearLabel, formatDate, formatDateTime } from '../../lib/format';
import { isNotFound, useAsync } from '../../lib/use-async';
import { EndContractAction } from '../contracts/end-contract';
import { VendorChecklistEditor } from '../vendor/checklist-editor';
import { RevisionChanges } from '../../components/revision-changes';
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

/** The customer as the vendor may see it: its name once it has agreed (or proposed), before that the code the vendor typed. */
function customerLabel(contract: ContractDto): string {
  return contract.customer.name ?? (contract.customer.pharmacyCode ? `保険薬局コード ${contract.customer.pharmacyCode}` : '顧客（承認前は非表示）');
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

function ReceivedChecklistSection({ contract, fiscalYear, onRequested }: { contract: ContractDto; fiscalYear: number; onRequested: () => void }) {
  const me = useMe();
  const [revision, setRevision] = useState<number>();
  const checklist = useAsync<ChecklistDto | null>(async () => {
    if (!contract.owesChecklist) return null;
    try {
      return await contracts.checklist(contract.id, fiscalYear, revision);
    } catch (error) {
      if (isNotFound(error)) return null; // not submitted yet
      throw error;
    }
  }, [contract.id, fiscalYear, revision]);
  const [requesting, setRequesting] = useState(false);
  const [requested, setRequested] = useState(false);
  const data = checklist.data;
  const customerSide = contract.yourRole === 'customer';
  const target: RequestTarget = {
    contractId: contract.id,
    vendorName: contract.vendor.name ?? '',
    kind: 'checklist',
    fiscalYear,
    pharmacyId: me.organization.kind === 'chain' ? contract.customer.id : undefined,
  };

  return (
    <section className="card" aria-labelledby="checklist-title">
      <h2 id="checklist-title">
        {fiscalYearLabel(fiscalYear)} 事業者確認用チェックリスト <span className="en">Vendor checklist</span>
      </h2>
      {!contract.owesChecklist ? (
        <Empty>この契約ではチェックリストは不要です。</Empty>
      ) : checklist.error ? (
        <ErrorMessage error={checklist.error} onRetry={checklist.reload} />
      ) : checklist.loading && data === undefined ? (
        <Loading />
      ) : !data ? (
        <>
          <Empty>
            <p>
              <strong>未提出です。</strong> {contract.vendor.name}からまだ提出されていません。
            </p>
            {customerSide && !requesting && !requested && (
              <button type="button" className="button primary" onClick={() => setRequesting(true)}>
                提出を依頼する
              </button>
            )}
            {requested && <p className="text-ok">提出を依頼しました。提出されると通知が届きます。</p>}
          </Empty>
          {requesting && (
            <RequestForm
              target={target}
              onCancel={() => setRequesting(false)}
              onDone={() => {
                setRequesting(false);
                setRequested(true);
                onRequested();
              }}
            />
          )}
        </>
      ) : (
        <>
          <div className="checklist-meta">
            <FormUseNote use={data.formUse} subject="様式" />
            <p>
              <Badge tone={data.status === 'submitted' ? 'ok' : 'neutral'}>{data.statusLabel}</Badge> 第{data.revision}版 ・ 提出日時 {formatDateTime(data.submittedAt)} ・ 管理責任者{' '}
              {data.managerName ?? '—'} ・ 様式 {data.formLabel}
              {data.noCount > 0 && <Badge tone="warn">いいえ {data.noCount}件</Badge>}
            </p>
            {data.formOutdated && (
              <Notice tone="warning">
                旧様式で回答されています。この年度に登録された新しい様式での再提出を依頼してください。
                {customerSide && !requesting && !requested && (
                  <>
                    {' '}
                    <button type="button" className="button small" onClick={() => setRequesting(true)}>
                      再提出を依頼する
                    </button>
                  </>
                )}
                {requested && <span className="text-ok"> 再提出を依頼しました。</span>}
              </Notice>
            )}
            {requesting && (
              <RequestForm
                target={target}
                onCancel={() => setRequesting(false)}
                onDone={() => {
                  setRequesting(false);
                  setRequested(true);
                  onRequested();
                }}
              />
            )}
            <div className="actions">
              {data.revisions.length > 1 && (
                <span className="field-inline">
                  <label htmlFor="revision">版 (Revision)</label>
                  <select id="revision" value={revision ?? data.revision} onChange={(event) => setRevision(Number(event.target.value))}>
                    {data.revisions.map((r) => (
                      <option key={r.revision} value={r.revision}>
                        第{r.revision}版 {r.submittedAt ? formatDate(r.submittedAt) : '（下書き）'}
                      </option>
                    ))}
                  </select>
                </span>
              )}
              <DownloadButton label="PDFをダウンロード" download={() => contracts.checklistPdf(contract.id, fiscalYear, revision)} />
            </div>
          </div>
          <RevisionChanges source={{ kind: 'checklist', contractId: contract.id, fiscalYear, revision: data.revision }} vendorView={!customerSide} />
          <AnswersTable
            documentType="checklist"
            documentId={data.id}
            rows={data.answers}
            dates
            canOpenThreads={customerSide && data.status === 'submitted'}
            pharmacyId={me.organization.kind === 'chain' ? contract.customer.id : undefined}
            caption={`${data.fiscalYearLabel} 事業者確認用チェックリストの回答`}
          />
        </>
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
