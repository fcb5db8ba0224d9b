import { Link, useParams } from 'react-router';
import { chains, type VendorSummaryRow } from '../../api/chain';
import { useMe } from '../../auth/auth-context';
import { ChecklistStatusBadge, RiskBadge } from '../../components/badges';
import { FeatureError } from '../../components/feature-missing';
import { Empty, Loading } from '../../components/feedback';
import { FiscalYearPicker, FiscalYearShown, useFiscalYear } from '../../components/fiscal-year';
import { FormUseNote } from '../../components/form-use';
import { PageHeader } from '../../components/layout';
import { usePaged, useAsync } from '../../lib/use-async';
import { Pager } from '../../components/pager';
import { ExportButtons } from './export-buttons';

const percent = (value: number | null) => (value === null ? '—' : `${value}%`);

/** One vendor across the chain's stores: the per-vendor summary, いいえ by item, gateway risks, and its stores. */
export function VendorDrillPage() {
  const me = useMe();
  const chainId = me.organization.id;
  const { vendorId = '' } = useParams();
  const { fiscalYear, setFiscalYear, options, current } = useFiscalYear();
  const summary = useAsync(() => chains.vendorSummary(chainId, { fiscalYear, vendorId }), [chainId, vendorId, fiscalYear]);
  const stores = usePaged(
    async (cursor) => {
      const page = await chains.matrix(chainId, { fiscalYear, vendorId, cursor, limit: 50, sort: 'status' });
      return { items: page.items, nextCursor: page.nextCursor };
    },
    [chainId, vendorId, fiscalYear],
  );
  const row = summary.data?.items[0];

  return (
    <>
      <PageHeader
        title={row ? row.vendor.name : '事業者の詳細'}
        en="Vendor drill-down"
        lead={<FiscalYearShown fiscalYear={fiscalYear} onCurrent={() => setFiscalYear(current)} />}
      >
        <FiscalYearPicker value={fiscalYear} options={options} onChange={setFiscalYear} />
        <Link className="button" to={`/chain/follow-ups/new?vendorId=${vendorId}&fy=${fiscalYear}`}>
          全店舗に一括フォローアップ
        </Link>
      </PageHeader>
      <FeatureError error={summary.error} onRetry={summary.reload} feature="事業者別の集計" />
      {summary.loading && !summary.data && <Loading />}
      <FormUseNote use={summary.data?.vendorChecklistForm} subject="事業者確認用チェックリストの様式" explain />
      {summary.data && !row && <Empty>この年度にこの事業者との契約はありません。</Empty>}
      {row && <VendorFigures row={row} />}
      {row && (
        <div className="actions">
          <ExportButtons chainId={chainId} what="vendor-summary" query={{ fiscalYear, vendorId }} />
        </div>
      )}
      <section className="card" aria-labelledby="vendor-stores">
        <h2 id="vendor-stores">
          店舗ごとの状況 <span className="en">Stores</span>
        </h2>
        {!stores.loading && !stores.error && stores.items.length === 0 ? (
          <Empty>店舗はありません。</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table stack-on-phone">
              <thead>
                <tr>
                  <th scope="col">店舗</th>
                  <th scope="col">契約</th>
                  <th scope="col">事業者確認用</th>
                  <th scope="col" className="num">
                    いいえ
                  </th>
                  <th scope="col">MDS/SDS</th>
                  <th scope="col">リモート保守 確認</th>
                  <th scope="col" className="num">
                    スレッド
                  </th>
                </tr>
              </thead>
              <tbody>
                {stores.items.map((store) => {
                  const cell = store.cells.find((c) => c.vendor.id === vendorId) ?? store.cells[0];
                  if (!cell) return null;
                  return (
                    <tr key={store.store.id} className={cell.status === 'missing' ? 'row-no' : cell.status === 'attention' ? 'row-na' : ''}>
                      <th scope="row">
                        <Link to={`/pharmacies/${store.store.id}?fy=${fiscalYear}`}>{store.store.name}</Link>
                      </th>
                      <td data-label="契約">{cell.kindLabel}</td>
                      <td data-label="事業者確認用">
                        <ChecklistStatusBadge status={cell.checklist.status} label={cell.checklist.statusLabel} />
                      </td>
                      <td className="num" data-label="いいえ">
                        {cell.noCount}
                      </td>
                      <td data-label="MDS/SDS">
                        {cell.securityDisclosures.received}/{cell.securityDisclosures.total}
                      </td>
                      <td data-label="リモート保守">
                        {cell.remoteMaintenance.confirmed}/{cell.remoteMaintenance.total}
                      </td>
                      <td className="num" data-label="スレッド">
                        {cell.openThreads}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <Pager state={stores} />
      </section>
    </>
  );
}

function VendorFigures({ row }: { row: VendorSummaryRow }) {
  const items = Object.entries(row.noByItem).sort((a, b) => b[1] - a[1]);
  return (
    <>
      <ul className="tiles">
        <li className="tile">
          <span className="tile-value">{row.stores}</span>
          <span className="tile-label">店舗</span>
        </li>
        <li className={`tile ${row.checklists.missing > 0 ? 'tile-bad' : 'tile-ok'}`}>
          <span className="tile-value">{percent(row.checklists.receivedPercent)}</span>
          <span className="tile-label">
            チェックリスト受領（{row.checklists.received}/{row.checklists.owed}）
          </span>
        </li>
        <li className={`tile ${row.noAnswers > 0 ? 'tile-warn' : 'tile-ok'}`}>
          <span className="tile-value">{row.noAnswers}</span>
          <span className="tile-label">「いいえ」の回答</span>
        </li>
        <li className={`tile ${row.overdueTargets > 0 ? 'tile-bad' : 'tile-ok'}`}>
          <span className="tile-value">{row.overdueTargets}</span>
          <span className="tile-label">目標日超過</span>
        </li>
        <li className="tile">
          <span className="tile-value">{row.openThreads}</span>
          <span className="tile-label">対応中のスレッド</span>
        </li>
        <li className="tile">
          <span className="tile-value">{percent(row.remoteMaintenance.confirmedPercent)}</span>
          <span className="tile-label">リモート保守 確認済み</span>
        </li>
        <li className={`tile ${row.gatewayRisks.high > 0 ? 'tile-bad' : row.gatewayRisks.flagged > 0 ? 'tile-warn' : 'tile-ok'}`}>
          <span className="tile-value">{row.gatewayRisks.flagged}</span>
          <span className="tile-label">リスクのある接続</span>
        </li>
      </ul>
      <div className="two-columns">
        <section className="card" aria-labelledby="no-by-item">
          <h2 id="no-by-item">
            項目別の「いいえ」 <span className="en">"No" answers by item</span>
          </h2>
          {items.length === 0 ? (
            <Empty>「いいえ」の回答はありません。</Empty>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">項目</th>
                  <th scope="col" className="num">
                    店舗数
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map(([item, count]) => (
                  <tr key={item} className="row-no">
                    <th scope="row">{item}</th>
                    <td className="num">{count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card" aria-labelledby="gateway-risks">
          <h2 id="gateway-risks">
            リモート保守のリスク <span className="en">Gateway risks</span>
          </h2>
          {row.gatewayRisks.byCode.length === 0 ? (
            <Empty>指摘されたリスクはありません。</Empty>
          ) : (
            <ul className="risk-list">
              {row.gatewayRisks.byCode.map((risk) => (
                <li key={risk.code}>
                  <RiskBadge level={risk.severity} label={risk.label} /> {risk.count}件
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
