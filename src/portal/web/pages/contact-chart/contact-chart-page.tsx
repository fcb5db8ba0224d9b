import { useParams } from 'react-router';
import { contactChart } from '../../api/incident-contacts';
import type { ChartPartyContactDto, ContactChartDto } from '../../api/schema';
import { useMe } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { DownloadButton } from '../../components/download-button';
import { Empty, ErrorMessage, Loading, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { useAsync } from '../../lib/use-async';
import './contact-chart.css';
import { OwnContactsEditor } from './own-contacts-editor';

const CONTRACT_KIND_LABELS: Record<string, string> = { sale_only: '売買契約のみ', maintenance: '保守契約', operation: '運用契約' };
const SOURCE_LABELS: Record<ChartPartyContactDto['source'], string> = { contract: 'この契約の窓口', published: '公開窓口', missing: '未登録' };

/** The pharmacy's 連絡体制図 (3-①): its own contacts (edited here) and each vendor's incident 連絡窓口; printable. A chain reads a store's. */
export function ContactChartPage() {
  const { pharmacyId } = useParams();
  const me = useMe();
  const chart = useAsync(() => contactChart.get(pharmacyId), [pharmacyId]);
  const data = chart.data;
  const canEdit = !pharmacyId && me.organization.kind === 'pharmacy' && me.role !== 'viewer';

  return (
    <>
      <PageHeader title="連絡体制図" en="Incident contact chart" lead={data && pharmacyId ? <p className="muted">{data.pharmacyName}</p> : undefined}>
        <DownloadButton label="PDFで印刷" download={() => contactChart.pdf(pharmacyId)} />
      </PageHeader>
      <p className="muted">サイバー攻撃やシステム障害が起きたときの連絡先です（チェックリスト 3-①）。立入検査では印刷したものを確認されます。</p>
      {chart.error ? <ErrorMessage error={chart.error} onRetry={chart.reload} /> : null}
      {chart.loading && !data && <Loading />}
      {data && (
        <>
          <section className="card" aria-labelledby="own-contacts-title">
            <h2 id="own-contacts-title">院内の連絡先</h2>
            {canEdit ? (
              <OwnContactsEditor initial={data.ownContacts} onSaved={(ownContacts) => chart.setData({ ...data, ownContacts })} />
            ) : data.ownContacts.length === 0 ? (
              <Empty>院内の連絡先は登録されていません。</Empty>
            ) : (
              <ul className="contact-cards">
                {data.ownContacts.map((c, index) => (
                  <li key={index} className="contact-card">
                    <strong>{c.role}</strong> {c.name}
                    <br />
                    {c.phone ?? '—'} {c.email ?? ''}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <VendorContacts chart={data} />
        </>
      )}
    </>
  );
}

function VendorContacts({ chart }: { chart: ContactChartDto }) {
  return (
    <section className="card" aria-labelledby="vendor-contacts-title">
      <h2 id="vendor-contacts-title">事業者の連絡窓口</h2>
      {chart.missingCount > 0 && (
        <Notice tone="warning">
          連絡窓口が<strong>未登録</strong>の事業者が{chart.missingCount}件あります。事業者にKaijiでの「インシデント連絡窓口」の登録を依頼してください。
        </Notice>
      )}
      {chart.contracts.length === 0 ? (
        <Empty>契約中の事業者はありません。</Empty>
      ) : (
        <ul className="contact-cards">
          {chart.contracts.flatMap((contract) =>
            contract.contacts.map((party) => (
              <li key={`${contract.contractId}-${party.organizationId}`} className={`contact-card${party.source === 'missing' ? ' missing' : ''}`} data-testid="vendor-contact">
                <h3>
                  {party.organizationName} <span className="muted small">（{party.party === 'agent' ? '代理店' : '事業者'}）</span>
                </h3>
                <p className="muted small">
                  {CONTRACT_KIND_LABELS[contract.kind] ?? contract.kind}
                  {contract.productNames.length > 0 && `：${contract.productNames.join('、')}`}
                </p>
                {party.contact ? (
                  <dl className="facts">
                    <dt>窓口</dt>
                    <dd>
                      {party.contact.contactName} <Badge tone="neutral">{SOURCE_LABELS[party.source]}</Badge>
                    </dd>
                    <dt>電話番号</dt>
                    <dd>
                      <a href={`tel:${party.contact.phone}`}>{party.contact.phone}</a>
                    </dd>
                    {party.contact.hours && (
                      <>
                        <dt>受付時間</dt>
                        <dd>{party.contact.hours}</dd>
                      </>
                    )}
                    {party.contact.outOfHoursPhone && (
                      <>
                        <dt>時間外</dt>
                        <dd>
                          <a href={`tel:${party.contact.outOfHoursPhone}`}>{party.contact.outOfHoursPhone}</a>
                        </dd>
                      </>
                    )}
                    {party.contact.email && (
                      <>
                        <dt>メール</dt>
                        <dd>{party.contact.email}</dd>
                      </>
                    )}
                    {party.contact.notes && (
                      <>
                        <dt>備考</dt>
                        <dd>{party.contact.notes}</dd>
                      </>
                    )}
                  </dl>
                ) : (
                  <p>
                    <Badge tone="bad">未登録</Badge> この事業者はまだ連絡窓口を登録していません。
                  </p>
                )}
              </li>
            )),
          )}
        </ul>
      )}
    </section>
  );
}
