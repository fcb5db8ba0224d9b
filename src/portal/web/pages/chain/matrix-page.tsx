import { useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { chains, type Matrix, type MatrixCell, type MatrixRow } from '../../api/chain';
import { useMe } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { FeatureError } from '../../components/feature-missing';
import { Empty, ErrorMessage, Loading } from '../../components/feedback';
import { FiscalYearPicker, FiscalYearShown, useFiscalYear } from '../../components/fiscal-year';
import { FormUseNote } from '../../components/form-use';
import { PageHeader } from '../../components/layout';
import { useAsync } from '../../lib/use-async';
import { ExportButtons } from './export-buttons';

const STATUS_FILTERS: { value: string; label: string }[] = [
  { value: '', label: 'すべての店舗' },
  { value: 'missing', label: '未提出ありの店舗' },
  { value: 'attention', label: '要確認の店舗' },
  { value: 'ok', label: '対応済みの店舗' },
  { value: 'checklist_missing', label: 'チェックリスト未提出' },
  { value: 'checklist_outdated', label: 'チェックリスト旧様式' },
  { value: 'overdue', label: '目標日超過' },
  { value: 'open_threads', label: '対応中のスレッド' },
  { value: 'open_requests', label: '対応中の依頼' },
  { value: 'rm_unconfirmed', label: 'リモート保守 未確認' },
  { value: 'sds_missing', label: 'MDS/SDS 未提出' },
];

const SORTS = [
  { value: 'name', label: '店舗名' },
  { value: 'code', label: '保険薬局コード' },
  { value: 'status', label: '状況の悪い順' },
  { value: 'noCount', label: '「いいえ」の多い順' },
  { value: 'overdueTargets', label: '目標日超過の多い順' },
  { value: 'openThreads', label: 'スレッドの多い順' },
];

const PAGE = 50;

/** The chain's store × vendor matrix for a 年度 as a heat map; cells open their details; exports. */
export function MatrixPage() {
  const me = useMe();
  const chainId = me.organization.id;
  const id = useId();
  const [params, setParams] = useSearchParams();
  const { fiscalYear, setFiscalYear, options, current } = useFiscalYear();
  const status = params.get('status') ?? '';
  const sort = params.get('sort') ?? 'name';
  const query = { fiscalYear, status: status || undefined, sort };
  const [rows, setRows] = useState<MatrixRow[]>([]);
  const [selected, setSelected] = useState<{ row: MatrixRow; cell: MatrixCell }>();
  const first = useAsync(() => chains.matrix(chainId, { ...query, limit: PAGE }), [chainId, fiscalYear, status, sort]);
  const [more, setMore] = useState<{ cursor: string | null; loading: boolean; error?: unknown }>({ cursor: null, loading: false });
  const matrix: Matrix | undefined = first.data;

  useEffect(() => {
    setRows(matrix?.items ?? []);
    setMore({ cursor: matrix?.nextCursor ?? null, loading: false });
    setSelected(undefined);
  }, [matrix]);

  const set = (key: string, value: string) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });

  function loadMore() {
    if (!more.cursor) return;
    setMore({ ...more, loading: true });
    chains.matrix(chainId, { ...query, limit: PAGE, cursor: more.cursor }).then(
      (page) => {
        setRows((all) => [...all, ...page.items]);
        setMore({ cursor: page.nextCursor, loading: false });
      },
      (error: unknown) => setMore({ ...more, loading: false, error }),
    );
  }

  return (
    <>
      <PageHeader title="店舗×事業者マトリクス" en="Store × vendor matrix" lead={<FiscalYearShown fiscalYear={fiscalYear} onCurrent={() => setFiscalYear(current)} />}>
        <FiscalYearPicker value={fiscalYear} options={options} onChange={setFiscalYear} />
      </PageHeader>
      <div className="filters">
        <span className="field-inline">
          <label htmlFor={`${id}-status`}>絞り込み (Filter)</label>
          <select id={`${id}-status`} value={status} onChange={(event) => set('status', event.target.value)}>
            {STATUS_FILTERS.map((filter) => (
              <option key={filter.value} value={filter.value}>
                {filter.label}
              </option>
            ))}
          </select>
        </span>
        <span className="field-inline">
          <label htmlFor={`${id}-sort`}>並べ替え (Sort)</label>
          <select id={`${id}-sort`} value={sort} onChange={(event) => set('sort', event.target.value)}>
            {SORTS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </span>
        <ExportButtons chainId={chainId} what="matrix" query={query} />
      </div>
      <FeatureError error={first.error} onRetry={first.reload} feature="店舗×事業者マトリクス" />
      {first.loading && !matrix && <Loading />}
      {matrix && (
        <section className="card" aria-labelledby="heatmap-title">
          <h2 id="heatmap-title">
            {matrix.fiscalYearLabel}の状況（{matrix.total}店舗）<span className="en">Heat map</span>
          </h2>
          <FormUseNote use={matrix.vendorChecklistForm} subject="事業者確認用チェックリストの様式" explain />
          <Legend />
          {rows.length === 0 ? (
            <Empty>条件に合う店舗はありません。</Empty>
          ) : (
            <HeatMap vendors={matrix.vendors} rows={rows} fiscalYear={matrix.fiscalYear} selected={selected} onSelect={setSelected} />
          )}
          <div className="pager">
            {more.error ? <ErrorMessage error={more.error} /> : null}
            {more.cursor && (
              <button type="button" className="button secondary" onClick={loadMore} disabled={more.loading}>
                {more.loading ? '読み込み中…' : 'さらに表示 (Load more)'}
              </button>
            )}
            <p className="pager-count">
              {rows.length} / {matrix.total}店舗を表示中
            </p>
          </div>
        </section>
      )}
      {selected && <CellDetails row={selected.row} cell={selected.cell} fiscalYear={matrix?.fiscalYear} onClose={() => setSelected(undefined)} />}
    </>
  );
}

function Legend() {
  return (
    <ul className="heat-legend" aria-label="凡例 (Legend)">
      <li>
        <span className="heat heat-ok" aria-hidden="true" />
        対応済み
      </li>
      <li>
        <span className="heat heat-attention" aria-hidden="true" />
        要確認（「いいえ」、目標日超過、旧様式、リモート保守の未確認など）
      </li>
      <li>
        <span className="heat heat-missing" aria-hidden="true" />
        未提出あり（チェックリスト、MDS/SDS、RM-SDS、リモート保守の開示）
      </li>
      <li>
        <span className="heat heat-none" aria-hidden="true" />
        契約なし
      </li>
    </ul>
  );
}

/** The cell's headline: what is owed and missing first, then what needs a look; いいえ as a second line. */
function cellText(cell: MatrixCell): { main: string; sub?: string } {
  const sub = cell.noCount > 0 ? `いいえ${cell.noCount}` : undefined;
  switch (cell.checklist.status) {
    case 'missing':
      return { main: '未提出', sub };
    case 'form_outdated':
      return { main: '旧様式', sub };
    case 'not_required':
    case 'received':
      break;
  }
  if (cell.status === 'missing') return { main: '書類不足', sub };
  if (sub) return { main: sub };
  if (cell.status === 'attention') return { main: '要確認' };
  return { main: cell.checklist.status === 'not_required' ? '不要' : '受領' };
}

function HeatMap({
  vendors,
  rows,
  fiscalYear,
  selected,
  onSelect,
}: {
  vendors: Matrix['vendors'];
  rows: MatrixRow[];
  fiscalYear: number;
  selected?: { row: MatrixRow; cell: MatrixCell };
  onSelect: (selection: { row: MatrixRow; cell: MatrixCell }) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="heatmap">
        <caption className="visually-hidden">店舗（行）×事業者（列）の状況。セルを選ぶと詳細を表示します。</caption>
        <thead>
          <tr>
            <th scope="col">店舗</th>
            {vendors.map((vendor) => (
              <th scope="col" key={vendor.id}>
                <Link to={`/chain/vendors/${vendor.id}?fy=${fiscalYear}`}>{vendor.name}</Link>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const cells = new Map(row.cells.map((cell) => [cell.vendor.id, cell]));
            return (
              <tr key={row.store.id}>
                <th scope="row">
                  <Link to={`/pharmacies/${row.store.id}?fy=${fiscalYear}`}>{row.store.name}</Link>
                  {row.store.pharmacyCode && <div className="muted small">{row.store.pharmacyCode}</div>}
                </th>
                {vendors.map((vendor) => {
                  const cell = cells.get(vendor.id);
                  if (!cell) {
                    return (
                      <td key={vendor.id}>
                        <span className="heat heat-none">
                          <span aria-hidden="true">—</span>
                          <span className="visually-hidden">契約なし</span>
                        </span>
                      </td>
                    );
                  }
                  const isSelected = selected?.row.store.id === row.store.id && selected.cell.vendor.id === vendor.id;
                  return (
                    <td key={vendor.id}>
                      <button
                        type="button"
                        className={`heat heat-${cell.checklist.status === 'not_required' && cell.status === 'ok' ? 'not_required' : cell.status}`}
                        aria-pressed={isSelected}
                        title={`${cell.kindLabel} ・ ${cell.checklist.statusLabel} ・ いいえ ${cell.noCount}`}
                        onClick={() => onSelect({ row, cell })}
                      >
                        {/* The name read out holds the visible text (WCAG 2.5.3), with the store, vendor and counts around it. */}
                        <span className="visually-hidden">
                          {row.store.name} × {vendor.name}:{' '}
                        </span>
                        <CellLabel cell={cell} />
                        <span className="visually-hidden">
                          （{cell.statusLabel}、チェックリスト{cell.checklist.statusLabel}、いいえ{cell.noCount}件、スレッド{cell.openThreads}件）
                        </span>
                      </button>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CellLabel({ cell }: { cell: MatrixCell }) {
  const text = cellText(cell);
  return (
    <span className="heat-text">
      {text.main}
      {text.sub && <small>{text.sub}</small>}
    </span>
  );
}

function CellDetails({ row, cell, fiscalYear, onClose }: { row: MatrixRow; cell: MatrixCell; fiscalYear?: number; onClose: () => void }) {
  return (
    <section className="card" aria-labelledby="cell-title" aria-live="polite">
      <h2 id="cell-title">
        {row.store.name} × {cell.vendor.name}
      </h2>
      <dl className="facts">
        <dt>状況</dt>
        <dd>
          <Badge tone={cell.status === 'ok' ? 'ok' : cell.status === 'attention' ? 'warn' : 'bad'}>{cell.statusLabel}</Badge>
        </dd>
        <dt>契約</dt>
        <dd>
          {cell.kindLabel}（{cell.contracts}件）
        </dd>
        <dt>事業者確認用</dt>
        <dd>
          {cell.checklist.statusLabel}（受領 {cell.checklist.received}・旧様式 {cell.checklist.outdated}・未提出 {cell.checklist.missing}）
        </dd>
        <dt>「いいえ」</dt>
        <dd>
          {cell.noCount}件（目標日超過 {cell.overdueTargets}件）
        </dd>
        <dt>MDS/SDS</dt>
        <dd>
          {cell.securityDisclosures.received} / {cell.securityDisclosures.total}
        </dd>
        <dt>RM-SDS</dt>
        <dd>
          {cell.rmSds.received} / {cell.rmSds.required}
        </dd>
        <dt>リモート保守</dt>
        <dd>
          開示 {cell.remoteMaintenance.disclosed} ・ 確認 {cell.remoteMaintenance.confirmed} / {cell.remoteMaintenance.total}
        </dd>
        <dt>依頼・スレッド</dt>
        <dd>
          依頼 {cell.openRequests}（期限超過 {cell.overdueRequests}）・ スレッド {cell.openThreads}
        </dd>
      </dl>
      <div className="actions">
        <Link className="button" to={`/pharmacies/${row.store.id}${fiscalYear ? `?fy=${fiscalYear}` : ''}`}>
          店舗の状況を見る
        </Link>
        <Link className="button secondary" to={`/chain/vendors/${cell.vendor.id}${fiscalYear ? `?fy=${fiscalYear}` : ''}`}>
          事業者の詳細
        </Link>
        <button type="button" className="button secondary" onClick={onClose}>
          閉じる
        </button>
      </div>
    </section>
  );
}
