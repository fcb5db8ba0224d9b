import { chains, type VendorSummaryRow } from '../../api/chain';
import { checklistsOfYear } from '../../api/checklist-list';
import { contracts } from '../../api/endpoints';
import type { ContractDto } from '../../api/schema';
import { useMe } from '../../auth/auth-context';
import { FeatureError } from '../../components/feature-missing';
import { Empty, ErrorMessage, Loading, Notice } from '../../components/feedback';
import { FiscalYearPicker, FiscalYearShown, useFiscalYear } from '../../components/fiscal-year';
import { FormUseNote } from '../../components/form-use';
import { PageHeader } from '../../components/layout';
import { fiscalYearLabel } from '../../lib/format';
import { useAsync } from '../../lib/use-async';

/** The most contracts counted in the curve; beyond it the curve is a sample. */
const MAX_CONTRACTS = 400;
/** Checklists that come in late are still counted: the curve runs on past March, at most this many months. */
const MAX_MONTHS = 24;

interface Collection {
  owed: number;
  sampled: boolean;
  /** Month labels from April of the 年度: to March, or on to the current month when the 年度 is over. */
  months: string[];
  /** The year under the first month and under each January, '' elsewhere. */
  years: string[];
  /** Cumulative checklists received by the end of each month. */
  cumulative: number[];
}

/** April of the 年度 to March, or to this month (when later), as {year, month} with month 0–11. */
function monthsOf(fiscalYear: number): { year: number; month: number }[] {
  const now = new Date();
  const lastIndex = Math.min(MAX_MONTHS - 1, Math.max(11, (now.getFullYear() - fiscalYear) * 12 + now.getMonth() - 3));
  return Array.from({ length: lastIndex + 1 }, (_, index) => ({ year: fiscalYear + Math.floor((3 + index) / 12), month: (3 + index) % 12 }));
}

/** When each owed checklist of the 年度 first arrived, month by month, from the contracts' checklists. */
async function collectionOverTime(fiscalYear: number): Promise<Collection> {
  const owing: ContractDto[] = [];
  let cursor: string | undefined;
  let sampled = false;
  const start = `${fiscalYear}-04-01`;
  const end = `${fiscalYear + 1}-03-31`;
  do {
    const page = await contracts.list({ status: 'active', limit: 100, cursor });
    owing.push(...page.items.filter((c) => c.owesChecklist && c.startsOn <= end && (!c.endsOn || c.endsOn >= start)));
    cursor = page.nextCursor ?? undefined;
    if (owing.length >= MAX_CONTRACTS) {
      sampled = Boolean(cursor) || owing.length > MAX_CONTRACTS;
      break;
    }
  } while (cursor);
  const chosen = owing.slice(0, MAX_CONTRACTS);
  // When each contract's checklist first arrived, from the 年度's list (GET /v1/checklists).
  const checklists = await checklistsOfYear(fiscalYear);
  const arrivals = chosen.map((contract) => checklists.get(contract.id)?.firstSubmittedAt).filter((at): at is string => Boolean(at));
  const months = monthsOf(fiscalYear);
  // Month ends in Japan time (UTC+9): the first instant of the next month there.
  const cumulative = months.map(({ year, month }) => {
    const end = new Date(Date.UTC(year, month + 1, 1) - 9 * 3600_000);
    return arrivals.filter((at) => new Date(at) < end).length;
  });
  const labels = months.map(({ month }) => `${month + 1}月`);
  const years = months.map(({ year, month }, index) => (index === 0 || month === 0 ? `${year}年` : ''));
  return { owed: chosen.length, sampled, months: labels, years, cumulative };
}

/** A chart of checklist collection over the 年度, and per vendor. */
export function CollectionPage() {
  const me = useMe();
  const { fiscalYear, setFiscalYear, options, current } = useFiscalYear();
  const overTime = useAsync(() => collectionOverTime(fiscalYear), [fiscalYear]);
  const byVendor = useAsync(() => chains.vendorSummary(me.organization.id, { fiscalYear }), [me.organization.id, fiscalYear]);

  return (
    <>
      <PageHeader
        title="チェックリスト収集状況の推移"
        en="Checklist collection over time"
        lead={<FiscalYearShown fiscalYear={fiscalYear} onCurrent={() => setFiscalYear(current)} />}
      >
        <FiscalYearPicker value={fiscalYear} options={options} onChange={setFiscalYear} />
      </PageHeader>
      <FormUseNote use={byVendor.data?.vendorChecklistForm} subject="事業者確認用チェックリストの様式" />
      <section className="card" aria-labelledby="over-time">
        <h2 id="over-time">
          {fiscalYearLabel(fiscalYear)} 月ごとの累計受領数 <span className="en">Cumulative checklists received</span>
        </h2>
        {overTime.error ? <ErrorMessage error={overTime.error} onRetry={overTime.reload} /> : null}
        {overTime.loading && !overTime.data && <Loading label="各契約のチェックリストを集計しています…" />}
        {overTime.data && overTime.data.owed === 0 && <Empty>この年度に事業者確認用チェックリストが必要な契約はありません。</Empty>}
        {overTime.data && overTime.data.owed > 0 && (
          <>
            {overTime.data.sampled && <Notice>契約が多いため、最初の{MAX_CONTRACTS}件から集計しています。</Notice>}
            <CumulativeChart data={overTime.data} />
          </>
        )}
      </section>
      <section className="card" aria-labelledby="by-vendor">
        <h2 id="by-vendor">
          事業者別の受領状況 <span className="en">By vendor</span>
        </h2>
        <FeatureError error={byVendor.error} onRetry={byVendor.reload} feature="事業者別の集計" />
        {byVendor.loading && !byVendor.data && <Loading />}
        {byVendor.data && byVendor.data.items.length === 0 && <Empty>この年度の契約はありません。</Empty>}
        {byVendor.data && byVendor.data.items.length > 0 && <VendorBars rows={byVendor.data.items} />}
      </section>
    </>
  );
}

function CumulativeChart({ data }: { data: Collection }) {
  const width = 720;
  const height = 300;
  const pad = { left: 48, right: 16, top: 16, bottom: 48 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = Math.max(data.owed, 1);
  const x = (index: number) => pad.left + (plotW * (index + 0.5)) / data.months.length;
  const fiscalEnd = Math.min(11, data.months.length - 1);
  const y = (value: number) => pad.top + plotH - (plotH * value) / max;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => Math.round(max * share));
  const last = data.cumulative[data.cumulative.length - 1];
  const summary = `必要 ${data.owed}件のうち ${last}件を受領（${Math.round((last / max) * 1000) / 10}%）`;
  return (
    <figure>
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`月ごとの累計受領数の折れ線グラフ。${summary}`}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line className="grid" x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} />
            <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end">
              {tick}
            </text>
          </g>
        ))}
        <line className="axis" x1={pad.left} x2={pad.left} y1={pad.top} y2={pad.top + plotH} />
        <line className="axis" x1={pad.left} x2={width - pad.right} y1={pad.top + plotH} y2={pad.top + plotH} />
        <line x1={pad.left} x2={width - pad.right} y1={y(data.owed)} y2={y(data.owed)} stroke="#b3261e" strokeDasharray="6 4" strokeWidth={2} />
        <text x={width - pad.right} y={y(data.owed) - 6} textAnchor="end" fill="#b3261e">
          必要数 {data.owed}
        </text>
        {data.months.length > 12 && (
          <g>
            <line x1={(x(fiscalEnd) + x(fiscalEnd + 1)) / 2} x2={(x(fiscalEnd) + x(fiscalEnd + 1)) / 2} y1={pad.top} y2={pad.top + plotH} className="axis" strokeDasharray="3 3" />
            <text x={(x(fiscalEnd) + x(fiscalEnd + 1)) / 2 + 4} y={pad.top + 14}>
              年度末
            </text>
          </g>
        )}
        <polyline className="line" points={data.cumulative.map((value, index) => `${x(index)},${y(value)}`).join(' ')} />
        {data.cumulative.map((value, index) => (
          <g key={index}>
            <circle className="dot" cx={x(index)} cy={y(value)} r={4} />
            <text x={x(index)} y={height - 26} textAnchor="middle" fontSize={data.months.length > 16 ? 10 : 12}>
              {data.months[index]}
            </text>
            {data.years[index] && (
              <text x={x(index)} y={height - 8} textAnchor="middle" fontWeight="bold">
                {data.years[index]}
              </text>
            )}
          </g>
        ))}
      </svg>
      <figcaption>{summary}</figcaption>
      <div className="visually-hidden">
        <table>
          <caption>月ごとの累計受領数</caption>
          <tbody>
            {data.cumulative.map((value, index) => (
              <tr key={index}>
                <th scope="row">
                {data.years[index]}
                {data.months[index]}
              </th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

function VendorBars({ rows }: { rows: VendorSummaryRow[] }) {
  const rowHeight = 34;
  const labelWidth = 230;
  const width = 720;
  const barWidth = width - labelWidth - 70;
  const height = rows.length * rowHeight + 10;
  return (
    <figure>
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label="事業者別のチェックリスト受領・旧様式・未提出の割合">
        {rows.map((row, index) => {
          const owed = Math.max(row.checklists.owed, 1);
          const y = index * rowHeight + 6;
          const received = (barWidth * row.checklists.received) / owed;
          const outdated = (barWidth * row.checklists.outdated) / owed;
          const missing = (barWidth * row.checklists.missing) / owed;
          return (
            <g key={row.vendor.id}>
              <text x={labelWidth - 8} y={y + 17} textAnchor="end">
                {row.vendor.name.length > 16 ? `${row.vendor.name.slice(0, 16)}…` : row.vendor.name}
              </text>
              <rect className="bar-received" x={labelWidth} y={y} width={Math.max(received, 0)} height={22} />
              <rect className="bar-outdated" x={labelWidth + Math.max(received, 0)} y={y} width={outdated} height={22} />
              <rect className="bar-missing" x={labelWidth + Math.max(received, 0) + outdated} y={y} width={missing} height={22} />
              <text x={labelWidth + barWidth + 6} y={y + 17}>
                {row.checklists.receivedPercent === null ? '—' : `${row.checklists.receivedPercent}%`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="heat-legend">
        <span>
          <span className="heat heat-ok" aria-hidden="true" />
          受領
        </span>
        <span>
          <span className="heat heat-attention" aria-hidden="true" />
          旧様式
        </span>
        <span>
          <span className="heat heat-missing" aria-hidden="true" />
          未提出
        </span>
      </figcaption>
    </figure>
  );
}
