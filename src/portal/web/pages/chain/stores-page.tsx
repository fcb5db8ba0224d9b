import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { chains } from '../../api/chain';
import { pharmacies } from '../../api/endpoints';
import { useMe } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { DownloadButton } from '../../components/download-button';
import { FeatureError } from '../../components/feature-missing';
import { Empty, Loading } from '../../components/feedback';
import { FiscalYearPicker, FiscalYearShown, useFiscalYear } from '../../components/fiscal-year';
import { FormUseCell, FormUseNote } from '../../components/form-use';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { Tile } from '../../components/tile';
import { useAsync, usePaged } from '../../lib/use-async';
import { ExportButtons } from './export-buttons';
import { StoreInvitationsSection } from './store-invitations-section';

/** Each store's readiness for the 立入検査, with the reasons; inspection packs per store and as one ZIP. */
export function StoresPage() {
  const me = useMe();
  const chainId = me.organization.id;
  const id = useId();
  const [params, setParams] = useSearchParams();
  const { fiscalYear, setFiscalYear, options, current } = useFiscalYear();
  const ready = params.get('ready') ?? '';
  const query = { fiscalYear, ready: ready || undefined, sort: 'readiness' };
  /** This screen filtered by readiness (the tiles lead here), keeping the 年度 shown. */
  const withReady = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('ready', value);
    else next.delete('ready');
    return `?${next.toString()}`;
  };
  const totals = useAsync(() => chains.storeSummary(chainId, { fiscalYear, limit: 1 }), [chainId, fiscalYear]);
  const state = usePaged(
    async (cursor) => {
      const page = await chains.storeSummary(chainId, { ...query, cursor, limit: 50 });
      return { items: page.items, nextCursor: page.nextCursor };
    },
    [chainId, fiscalYear, ready],
  );

  return (
    <>
      <PageHeader
        title="店舗一覧（立入検査の準備状況）"
        en="Stores and inspection readiness"
        lead={<FiscalYearShown fiscalYear={fiscalYear} onCurrent={() => setFiscalYear(current)} />}
      >
        <FiscalYearPicker value={fiscalYear} options={options} onChange={setFiscalYear} />
        <DownloadButton label="全店舗の立入検査パック (ZIP)" download={() => chains.inspectionPacks(chainId, fiscalYear)} />
      </PageHeader>
      <FeatureError error={totals.error} onRetry={totals.reload} feature="店舗別の集計" />
      <FormUseNote use={totals.data?.vendorChecklistForm} subject="事業者確認用チェックリストの様式" />
      <FormUseNote use={totals.data?.ownChecklistForm} subject="薬局確認用チェックリストの様式" explain />
      {totals.data && (
        <ul className="tiles">
          <Tile value={totals.data.totals.stores} label="店舗" to={withReady('')} />
          <Tile value={totals.data.totals.ready} label="準備完了" tone="ok" to={withReady('true')} />
          <Tile value={totals.data.totals.notReady} label="未完了" tone={totals.data.totals.notReady > 0 ? 'bad' : 'ok'} to={withReady('false')} />
        </ul>
      )}
      <div className="filters">
        <span className="field-inline">
          <label htmlFor={`${id}-ready`}>絞り込み</label>
          <select
            id={`${id}-ready`}
            value={ready}
            onChange={(event) =>
              setParams((previous) => {
                const next = new URLSearchParams(previous);
                if (event.target.value) next.set('ready', event.target.value);
                else next.delete('ready');
                return next;
              })
            }
          >
            <option value="">すべて</option>
            <option value="false">未完了の店舗</option>
            <option value="true">準備完了の店舗</option>
          </select>
        </span>
        <ExportButtons chainId={chainId} what="store-summary" query={query} />
      </div>
      {totals.loading && !totals.data && <Loading />}
      {!state.loading && !state.error && state.items.length === 0 ? (
        <Empty>店舗はありません。</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table stack-on-phone">
            <thead>
              <tr>
                <th scope="col">店舗</th>
                <th scope="col">準備状況</th>
                <th scope="col">理由</th>
                <th scope="col">書類</th>
              </tr>
            </thead>
            <tbody>
              {state.items.map((row) => (
                <tr key={row.store.id} className={row.ready ? '' : 'row-na'}>
                  <th scope="row">
                    <Link to={`/pharmacies/${row.store.id}?fy=${fiscalYear}`}>{row.store.name}</Link>
                    {row.store.pharmacyCode && <div className="muted small">{row.store.pharmacyCode}</div>}
                  </th>
                  <td data-label="準備状況">
                    <Badge tone={row.ready ? 'ok' : 'bad'}>{row.readinessLabel}</Badge>
                    {row.ownChecklist.saved && <FormUseCell use={row.ownChecklist.formUse} />}
                  </td>
                  <td data-label="理由">
                    {row.reasons.length === 0 ? (
                      '—'
                    ) : (
                      <ul className="small compact-list">
                        {row.reasons.map((reason) => (
                          <li key={reason.code}>
                            {reason.label}（{reason.count}）
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td data-label="書類">
                    <DownloadButton className="button small secondary" label="立入検査パック (PDF)" download={() => pharmacies.inspectionPack(row.store.id, fiscalYear)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager state={state} />
      <StoreInvitationsSection chainId={chainId} />
    </>
  );
}
