/**
 * Chain aggregation on a generated chain of 3,000 stores with 15 vendors each (45,000 contracts),
 * against real PostgreSQL, with the API as a separate process:
 *   - GET /v1/chains/{id}/matrix (first page, 50 stores) and GET /v1/chains/{id}/vendor-summary:
 *     median and 95th percentile over 50 requests each after warm-up (targets 150 ms / 300 ms),
 *     served from the chain's snapshot while nothing is written;
 *   - the same right after a write to one store (the snapshot is computed again: the cold path);
 *   - the plans (EXPLAIN ANALYZE, BUFFERS) of the statements, so regressions show: the snapshot's
 *     computation (the standing's CTEs over every store, in a rolled-back transaction) and the reads.
 * Usage: npm run bench:chain  (DATABASE_URL or the local server on 127.0.0.1:5432; BENCH_STORES,
 * BENCH_VENDORS, BENCH_RUNS to change the size; BENCH_KEEP=1 keeps the database.)
 */
import { Client } from 'pg';
import type { Principal } from '../src/access/principal';
import { cellsStatement, freshnessStatement, Statement, storePageStatement, snapshotStatement } from '../src/chain/chain-statements';
import { todayInJapan } from '../src/common/fiscal-year';
import { freshDatabase, median, percentile, startApi } from './bench-support';
import { seedChain } from './chain-seed';

const STORES = Number(process.env.BENCH_STORES ?? 3_000);
const VENDORS = Number(process.env.BENCH_VENDORS ?? 15);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARM_UP = 5;
const FISCAL_YEAR = 2025;

async function measure(url: string, token: string): Promise<number[]> {
  const timings: number[] = [];
  for (let i = 0; i < WARM_UP + RUNS; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${url}: ${response.status} ${body.slice(0, 300)}`);
    if (i >= WARM_UP) timings.push(performance.now() - started);
  }
  return timings;
}

async function explain(databaseUrl: string, title: string, statement: Statement): Promise<string> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    // Rolled back: the snapshot's computation writes.
    await db.query(`BEGIN; SET LOCAL jit = off; SET LOCAL work_mem = '64MB'`);
    const result = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
    await db.query('ROLLBACK');
    return `--- ${title}\n${(result.rows as Record<string, string>[]).map((row) => row['QUERY PLAN']).join('\n')}`;
  } finally {
    await db.end();
  }
}

/** Requests each made right after a write to one store (an open thread resolved or reopened): the snapshot is computed again. */
async function measureCold(databaseUrl: string, url: string, token: string, runs: number): Promise<number[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const timings: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      await db.query(`UPDATE risk_threads SET due_on = CASE WHEN due_on IS NULL THEN current_date + 30 ELSE NULL END
                       WHERE id = (SELECT id FROM risk_threads ORDER BY id LIMIT 1)`);
      const started = performance.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      await response.text();
      if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
      timings.push(performance.now() - started);
    }
  } finally {
    await db.end();
  }
  return timings;
}

/** The statements' plans, after a request has made the snapshot fresh again (the last cold one computed it). */
async function plansOf(databaseUrl: string, chainId: string, freshenUrl: string, token: string): Promise<string> {
  await fetch(freshenUrl, { headers: { authorization: `Bearer ${token}` } });
  const principal = { organizationId: chainId, organizationKind: 'chain', type: 'client' } as Principal;
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const [{ generation }] = (await db.query('SELECT generation FROM chain_aggregate_snapshots WHERE chain_id = $1', [chainId])).rows as { generation: string }[];
  const firstPage = storePageStatement(principal, generation, { sort: 'name', descending: false, offset: 0, limit: 50 });
  const pageIds = ((await db.query(firstPage.text, firstPage.values)).rows as { id: string }[]).map((row) => row.id);
  await db.end();
  const plans = [
    await explain(databaseUrl, 'snapshot: is it fresh', freshnessStatement(chainId, FISCAL_YEAR, todayInJapan())),
    await explain(databaseUrl, 'matrix: first page of stores', firstPage),
    await explain(databaseUrl, 'matrix: cells of the page', cellsStatement(generation, pageIds)),
    await explain(databaseUrl, 'matrix: stores by いいえ (sums of the snapshot cells)', storePageStatement(principal, generation, { sort: 'noCount', descending: true, offset: 0, limit: 50 })),
    await explain(databaseUrl, 'snapshot: computed from the standing CTEs over every store', snapshotStatement(principal, chainId, FISCAL_YEAR, todayInJapan())),
  ];
  return plans.join('\n\n');
}

export interface Timings {
  median: number;
  p95: number;
}

export interface ChainAggregationFigures {
  stores: number;
  vendors: number;
  matrix: Timings;
  vendorSummary: Timings;
  sortedByNo: Timings;
  overdueByStatus: Timings;
  coldVendorSummary: Timings;
  csvSeconds: number;
  csvMiB: number;
  xlsxSeconds: number;
  xlsxMiB: number;
}

export const CHAIN_TARGETS = { medianMs: 150, p95Ms: 300 };

const timings = (values: number[]): Timings => ({ median: median(values), p95: percentile(values, 95) });

/** Runs the benchmark; the seed's counts and (with `plans`) the statements' plans go to `log`. */
export async function runChainAggregation(options: { log?: (text: string) => void; plans?: boolean } = {}): Promise<ChainAggregationFigures> {
  const log = options.log ?? (() => undefined);
  const database = await freshDatabase('chain');
  const api = await startApi(database.url);
  try {
    const seedStarted = performance.now();
    const seed = await seedChain(database.url, STORES, VENDORS);
    log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s: ${JSON.stringify(seed.counts)}`);
    const tokenResponse = await fetch(`${api.baseUrl}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: seed.clientId, client_secret: seed.clientSecret }),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    if (!token) throw new Error(`no token: ${tokenResponse.status}`);

    const base = `${api.baseUrl}/v1/chains/${seed.chainId}`;
    const matrix = await measure(`${base}/matrix?fiscalYear=${FISCAL_YEAR}&limit=50`, token);
    const vendors = await measure(`${base}/vendor-summary?fiscalYear=${FISCAL_YEAR}`, token);
    const sorted = await measure(`${base}/matrix?fiscalYear=${FISCAL_YEAR}&limit=50&sort=noCount`, token);
    const filtered = await measure(`${base}/matrix?fiscalYear=${FISCAL_YEAR}&limit=50&status=overdue&sort=status`, token);
    const cold = await measureCold(database.url, `${base}/vendor-summary?fiscalYear=${FISCAL_YEAR}`, token, 5);
    const exportStarted = performance.now();
    const csv = await fetch(`${base}/matrix?fiscalYear=${FISCAL_YEAR}&format=csv`, { headers: { authorization: `Bearer ${token}` } });
    const csvBytes = (await csv.arrayBuffer()).byteLength;
    const exportMs = performance.now() - exportStarted;
    const xlsxStarted = performance.now();
    const xlsx = await fetch(`${base}/matrix?fiscalYear=${FISCAL_YEAR}&format=xlsx`, { headers: { authorization: `Bearer ${token}` } });
    const xlsxBytes = (await xlsx.arrayBuffer()).byteLength;
    const xlsxMs = performance.now() - xlsxStarted;

    if (options.plans !== false) log(`${await plansOf(database.url, seed.chainId, `${base}/vendor-summary?fiscalYear=${FISCAL_YEAR}`, token)}\n`);
    return {
      stores: STORES,
      vendors: VENDORS,
      matrix: timings(matrix),
      vendorSummary: timings(vendors),
      sortedByNo: timings(sorted),
      overdueByStatus: timings(filtered),
      coldVendorSummary: timings(cold),
      csvSeconds: exportMs / 1000,
      csvMiB: csvBytes / 1024 / 1024,
      xlsxSeconds: xlsxMs / 1000,
      xlsxMiB: xlsxBytes / 1024 / 1024,
    };
  } finally {
    await api.stop();
    if (process.env.BENCH_KEEP === '1') log(`kept database ${database.url}`);
    else await database.drop();
  }
}

export function chainAggregationReport(f: ChainAggregationFigures): string {
  const row = (label: string, t: Timings, target = true) =>
    `  ${label.padEnd(34)} median ${t.median.toFixed(1).padStart(6)} ms   p95 ${t.p95.toFixed(1).padStart(6)} ms${
      target ? `   ${t.median <= CHAIN_TARGETS.medianMs && t.p95 <= CHAIN_TARGETS.p95Ms ? 'met' : 'NOT met'} (≤ ${CHAIN_TARGETS.medianMs} / ≤ ${CHAIN_TARGETS.p95Ms} ms)` : ''
    }`;
  return [
    `chain aggregation: ${f.stores} stores × ${f.vendors} vendors, ${RUNS} requests each after ${WARM_UP} warm-up, loopback`,
    row('matrix, first page (50 stores)', f.matrix),
    row('vendor summary', f.vendorSummary),
    row('matrix sorted by いいえ (all stores)', f.sortedByNo, false),
    row('matrix, overdue stores by status', f.overdueByStatus, false),
    row('vendor summary after a write (cold)', f.coldVendorSummary, false),
    `  full matrix CSV:  ${f.csvSeconds.toFixed(2)} s, ${f.csvMiB.toFixed(1)} MiB`,
    `  full matrix XLSX: ${f.xlsxSeconds.toFixed(2)} s, ${f.xlsxMiB.toFixed(1)} MiB`,
  ].join('\n');
}

if (require.main === module) {
  runChainAggregation({ log: (text) => process.stdout.write(`${text}\n`) }).then(
    (figures) => process.stdout.write(`${chainAggregationReport(figures)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
