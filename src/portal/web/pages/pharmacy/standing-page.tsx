import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { pharmacies } from '../../api/endpoints';
import type { StandingContractDto, StandingDto, StandingMissingDto } from '../../api/schema';
import { useMe } from '../../auth/auth-context';
import { ChecklistStatusBadge, Badge } from '../../components/badges';
import { DownloadButton } from '../../components/download-button';
import { Empty, ErrorMessage, Loading, Notice } from '../../components/feedback';
import { FiscalYearPicker, FiscalYearShown, useFiscalYear } from '../../components/fiscal-year';
import { FormUseCell, FormUseNote } from '../../components/form-use';
import { PageHeader } from '../../components/layout';
import { RequestForm, type RequestTarget } from '../../components/request-form';
import { Tile, type TileTone } from '../../components/tile';
import { ProposalsSection } from './proposals-section';
import { isMissingRoute, useAsync } from '../../lib/use-async';
import { ApiError } from '../../api/client';

/** A pharmacy's vendors and what is missing for the 年度 (GET /v1/pharmacies/{id}/standing). */
export function StandingPage() {
  const me = useMe();
  const params = useParams();
  const pharmacyId = params.pharmacyId ?? me.organization.id;
  const { fiscalYear, setFiscalYear, options, current } = useFiscalYear();
  const standing = useAsync(() => pharmacies.standing(pharmacyId, fiscalYear), [pharmacyId, fiscalYear]);
  const [requested, setRequested] = useState<string>();
  const data = standing.data;

  return (
    <>
      <PageHeader
        title={data ? `${data.pharmacy.name}` : 'ダッシュボード'}
        en="Vendors and what is missing"
        lead={<FiscalYearShown fiscalYear={fiscalYear} onCurrent={() => setFiscalYear(current)} />}
      >
        <FiscalYearPicker value={fiscalYear} options={options} onChange={setFiscalYear} />
        {params.pharmacyId && (
          <Link className="button secondary" to={`/pharmacies/${pharmacyId}/own-checklist?fy=${fiscalYear}`}>
            薬局確認用チェックリスト
          </Link>
        )}
        {params.pharmacyId && (
          <Link className="button secondary" to={`/pharmacies/${pharmacyId}/contact-chart`}>
            連絡体制図
          </Link>
        )}
        <InspectionPackButton pharmacyId={pharmacyId} fiscalYear={fiscalYear} />
      </PageHeader>
      {standing.error ? <ErrorMessage error={standing.error} onRetry={standing.reload} /> : null}
      {standing.loading && !data && <Loading />}
      {requested && (
        <Notice tone="success">
          {requested}{' '}
          <Link to="/requests">依頼の一覧を見る</Link>
        </Notice>
      )}
      {!params.pharmacyId && <ProposalsSection onDecided={standing.reload} />}
      {data && (
        <>
          <FormUseNote use={data.vendorChecklistForm} subject="事業者確認用チェックリストの様式" explain />
          <Summary standing={data} />
          <MissingList
            standing={data}
            pharmacyId={params.pharmacyId}
            onRequested={(text) => {
              setRequested(text);
              standing.reload();
            }}
          />
          <VendorTable standing={data} />
        </>
      )}
    </>
  );
}

function InspectionPackButton({ pharmacyId, fiscalYear }: { pharmacyId: string; fiscalYear: number }) {
  return (
    <DownloadButton
      label="立入検査用の書類一式 (Inspection pack)"
      download={() =>
        pharmacies.inspectionPack(pharmacyId, fiscalYear).catch((error: unknown) => {
          if (error instanceof ApiError && isMissingRoute(error)) {
            throw new ApiError(404, 'not_available', 'このサーバーでは立入検査パックをまだ作成できません。 (The inspection pack is not available on this server yet.)');
          }
          throw error;
        })
      }
    />
  );
}

/** The 年度 in figures; each tile leads to the list it counts (the sections below, requests, threads). */
function Summary({ standing }: { standing: StandingDto }) {
  const s = standing.summary;
  const tiles: { label: string; value: number; tone: TileTone; en: string; to: string }[] = [
    { label: '取引事業者', en: 'Vendors', value: s.vendors, tone: 'neutral', to: '#vendors' },
    { label: 'チェックリスト受領', en: 'Checklists in', value: s.checklistsReceived, tone: 'ok', to: '#vendors' },
    { label: 'チェックリスト未提出', en: 'Missing', value: s.checklistsMissing, tone: s.checklistsMissing ? 'bad' : 'ok', to: '#missing' },
    { label: '「いいえ」の回答', en: '"No" answers', value: s.noAnswers, tone: s.noAnswers ? 'warn' : 'ok', to: '#vendors' },
    { label: '目標日超過', en: 'Overdue targets', value: s.overdueTargets, tone: s.overdueTargets ? 'bad' : 'ok', to: '#vendors' },
    { label: 'MDS/SDS未提出の製品', en: 'No MDS/SDS', value: s.productsWithoutSecurityDisclosure, tone: s.productsWithoutSecurityDisclosure ? 'bad' : 'ok', to: '#missing' },
    { label: 'リモート保守 未確認', en: 'Remote maint. unconfirmed', value: s.remoteMaintenanceUnconfirmed, tone: s.remoteMaintenanceUnconfirmed ? 'warn' : 'ok', to: '#missing' },
    { label: '対応中の依頼', en: 'Open requests', value: s.openRequests, tone: 'neutral', to: '/requests?status=open' },
    { label: '対応中のスレッド', en: 'Open threads', value: s.openThreads, tone: 'neutral', to: '/threads?status=open' },
  ];
  return (
    <section aria-label={`${standing.fiscalYearLabel}の概要`}>
      <h2 className="visually-hidden">概要</h2>
      <ul className="tiles">
        {tiles.map((tile) => (
          <Tile key={tile.label} {...tile} />
        ))}
      </ul>
    </section>
  );
}

const REQUESTABLE: Record<string, RequestTarget['kind'] | undefined> = {
  checklist_missing: 'checklist',
  checklist_form_outdated: 'checklist',
  security_disclosure_missing: 'SDS',
  rm_sds_missing: 'RM-SDS',
};

function MissingList({ standing, pharmacyId, onRequested }: { standing: StandingDto; pharmacyId?: string; onRequested: (text: string) => void }) {
  const [open, setOpen] = useState<number>();
  const contracts = new Map(standing.contracts.map((contract) => [contract.contractId, contract]));
  return (
    <section id="missing" className="card" aria-labelledby="missing-title">
      <h2 id="missing-title">
        {standing.fiscalYearLabel}に不足しているもの <span className="en">What is missing</span>
      </h2>
      {standing.missing.length === 0 ? (
        <Empty>不足している書類はありません。すべての事業者から必要な書類が揃っています。</Empty>
      ) : (
        <ul className="missing-list">
          {standing.missing.map((item, index) => {
            const contract = contracts.get(item.contractId);
            const kind = REQUESTABLE[item.code];
            const product = contract?.products.find((p) => p.id === item.productId);
            return (
              <li key={`${item.code}-${item.contractId}-${item.productId ?? ''}`} className={`missing missing-${item.code}`}>
                <span className="missing-label">{item.label}</span>
                <span className="missing-actions">
                  {kind && contract && (
                    <button type="button" className="button small" aria-expanded={open === index} onClick={() => setOpen(open === index ? undefined : index)}>
                      提出を依頼する
                    </button>
                  )}
                  <Link className="button small secondary" to={`/contracts/${item.contractId}?fy=${standing.fiscalYear}`}>
                    {linkLabel(item)}
                  </Link>
                </span>
                {open === index && kind && contract && (
                  <RequestForm
                    target={{
                      contractId: contract.contractId,
                      vendorName: contract.vendor.name,
                      kind: kind === 'SDS' && product?.deployment === 'on-premises' ? 'MDS' : kind,
                      fiscalYear: standing.fiscalYear,
                      product: product ? { id: product.id, name: product.name } : undefined,
                      pharmacyId,
                    }}
                    onCancel={() => setOpen(undefined)}
                    onDone={(created) => {
                      setOpen(undefined);
                      onRequested(`${created.addressee.name}に「${created.kindLabel}」の提出を依頼しました。`);
                    }}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function linkLabel(item: StandingMissingDto): string {
  if (item.code.startsWith('remote_maintenance')) return 'リモート保守を確認';
  return '事業者の書類を見る';
}

function VendorTable({ standing }: { standing: StandingDto }) {
  if (standing.contracts.length === 0) {
    return (
      <section id="vendors" className="card">
        <h2>取引事業者</h2>
        <Empty>この年度に有効な契約はありません。事業者から契約の申し出があると、ここに表示されます。</Empty>
      </section>
    );
  }
  return (
    <section id="vendors" className="card" aria-labelledby="vendors-title">
      <h2 id="vendors-title">
        取引事業者と書類 <span className="en">Vendors</span>
      </h2>
      <div className="table-wrap">
        <table className="table stack-on-phone">
          <thead>
            <tr>
              <th scope="col">事業者</th>
              <th scope="col">契約</th>
              <th scope="col">製品・サービス</th>
              <th scope="col">事業者確認用チェックリスト</th>
              <th scope="col">MDS/SDS</th>
              <th scope="col">依頼・スレッド</th>
            </tr>
          </thead>
          <tbody>
            {standing.contracts.map((contract) => (
              <VendorRow key={contract.contractId} contract={contract} fiscalYear={standing.fiscalYear} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function VendorRow({ contract, fiscalYear }: { contract: StandingContractDto; fiscalYear: number }) {
  const disclosed = contract.products.filter((product) => product.securityDisclosure.received).length;
  return (
    <tr>
      <th scope="row">
        <Link to={`/contracts/${contract.contractId}?fy=${fiscalYear}`}>{contract.vendor.name}</Link>
        {contract.agent && <div className="muted small">代理店: {contract.agent.name}</div>}
      </th>
      <td data-label="契約">{contract.kindLabel}</td>
      <td data-label="製品">{contract.products.map((product) => product.name).join('、') || '—'}</td>
      <td data-label="事業者確認用">
        <ChecklistStatusBadge status={contract.checklist.status} label={contract.checklist.statusLabel} />
        {contract.checklist.noCount > 0 && <Badge tone="warn">いいえ {contract.checklist.noCount}件</Badge>}
        {contract.checklist.overdueTargetCount > 0 && <Badge tone="bad">目標日超過 {contract.checklist.overdueTargetCount}件</Badge>}
        <FormUseCell use={contract.checklist.formUse} />
      </td>
      <td data-label="MDS/SDS">
        {contract.products.length === 0 ? '—' : <Badge tone={disclosed === contract.products.length ? 'ok' : 'bad'}>{`${disclosed}/${contract.products.length} 受領`}</Badge>}
      </td>
      <td data-label="依頼・スレッド">
        {contract.openRequests > 0 ? <Badge tone="info">依頼 {contract.openRequests}</Badge> : null}
        {contract.overdueRequests > 0 ? <Badge tone="bad">期限超過 {contract.overdueRequests}</Badge> : null}
        {contract.openThreads > 0 ? <Badge tone="warn">スレッド {contract.openThreads}</Badge> : null}
        {contract.openRequests + contract.openThreads === 0 && '—'}
      </td>
    </tr>
  );
}
