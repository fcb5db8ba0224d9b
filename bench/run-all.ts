/**
 * Every benchmark in one run, one after the other (each on its own fresh database, the API as a
 * separate process), then one table of figures against their targets, printed and written as
 * Markdown to bench/results/latest.md for the README. A benchmark that fails is shown as failed in
 * the table and makes the run exit 1; the others still run.
 *
 *   npm run bench   (DATABASE_URL or the local server on 127.0.0.1:5432; ~5–10 minutes)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { MAX_BATCH_ANSWERS } from '../src/checklists/checklist-batch.dto';
import { boundRun, ROOT } from './bench-support';
import { asExpected, batchMemoryReport, derivedCap, runBatchMemory } from './batch-memory';
import { BULK_TARGETS, bulkIngestReport, runBulkIngest } from './bulk-ingest';
import { ANSWER_SET_TARGETS, answerSetApplyReport, runAnswerSetApply } from './answer-set-apply';
import { CHAIN_TARGETS, chainAggregationReport, runChainAggregation } from './chain-aggregation';
import { checklistPdfReport, PDF_TARGETS, runChecklistPdf } from './checklist-pdf';
import { inspectionPackReport, PACK_TARGETS, runInspectionPack } from './inspection-pack';
import { PULL_TARGETS, pullPathReport, runPullPath } from './pull-path';
import { runWorkbookImport, WORKBOOK_TARGETS, workbookImportReport } from './workbook-import';

interface Row {
  figure: string;
  measured: string;
  target: string;
  /** true: met, false: missed, undefined: no target (context). */
  met?: boolean;
}

interface Bench {
  name: string;
  run(): Promise<Row[]>;
}

const say = (text: string) => process.stdout.write(`${text}\n`);
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const perSecond = (value: number) => value.toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const BENCHES: Bench[] = [
  {
    name: 'pull path',
    async run() {
      const f = await runPullPath(say);
      say(pullPathReport(f));
      const { kaiji, bare } = f;
      const rssMB = kaiji.rssMaxMiB * 1.048576;
      return [
        { figure: `Pull path, Kaiji: requests/s (${f.connections} connections)`, measured: perSecond(kaiji.requestsPerSecond), target: '' },
        { figure: 'Pull path, bare Fastify + pg, same SQL: requests/s', measured: perSecond(bare.requestsPerSecond), target: '' },
        { figure: 'Pull path, ratio Kaiji / bare', measured: f.ratio.toFixed(2), target: `≥ ${PULL_TARGETS.ratio}`, met: f.ratio >= PULL_TARGETS.ratio },
        { figure: 'Pull path, Kaiji p50 / p99', measured: `${ms(kaiji.p50Ms)} / ${ms(kaiji.p99Ms)}`, target: `p99 < ${PULL_TARGETS.p99Ms} ms`, met: kaiji.p99Ms < PULL_TARGETS.p99Ms },
        { figure: 'Pull path, bare p50 / p99', measured: `${ms(bare.p50Ms)} / ${ms(bare.p99Ms)}`, target: '' },
        ...f.kaijiOpenLoop.map((open) => ({
          figure: `Pull path, Kaiji open loop: ${perSecond(open.rate)} req/s (${open.share} of saturated) evenly spaced over ≤ ${f.connections} connections, p50 / p99`,
          measured: `${ms(open.p50Ms)} / ${ms(open.p99Ms)}`,
          target: '',
        })),
        {
          figure: 'Pull path, Kaiji errors / non-2xx',
          measured: `${kaiji.errors} / ${kaiji.non2xx}`,
          target: '0 / 0',
          met: kaiji.errors === 0 && kaiji.non2xx === 0,
        },
        {
          figure: 'Pull path, CPU per request: Kaiji / bare (PostgreSQL: Kaiji / bare)',
          measured: `${kaiji.cpuMsPerRequest.toFixed(2)} / ${bare.cpuMsPerRequest.toFixed(2)} ms (${kaiji.databaseCpuMsPerRequest.toFixed(2)} / ${bare.databaseCpuMsPerRequest.toFixed(2)} ms)`,
          target: '',
        },
        { figure: 'API resident memory, max under that load', measured: `${rssMB.toFixed(0)} MB`, target: `< ${PULL_TARGETS.rssMB} MB`, met: rssMB < PULL_TARGETS.rssMB },
      ];
    },
  },
  {
    name: 'bulk ingest',
    async run() {
      const f = await runBulkIngest();
      say(bulkIngestReport(f));
      return [
        { figure: `Bulk ingest through the API: checklists/s (${perSecond(f.customers)} × 14 items)`, measured: perSecond(f.apiRate), target: `≥ ${perSecond(BULK_TARGETS.apiRate)}`, met: f.apiRate >= BULK_TARGETS.apiRate },
        { figure: 'Bulk ingest, COPY of the same rows: checklists/s', measured: perSecond(f.copyRate), target: '' },
        { figure: 'Bulk ingest, ratio API / COPY', measured: f.ratioToCopy.toFixed(2), target: `≥ ${BULK_TARGETS.ratioToCopy.toFixed(2)}`, met: f.ratioToCopy >= BULK_TARGETS.ratioToCopy },
        { figure: 'Bulk ingest, cost of the audit hash chain', measured: `${(f.chainCost * 100).toFixed(1)} %`, target: `≤ ${BULK_TARGETS.chainCost * 100} %`, met: f.chainCost <= BULK_TARGETS.chainCost },
      ];
    },
  },
  {
    name: 'answer set applied',
    async run() {
      const f = await runAnswerSetApply();
      say(answerSetApplyReport(f));
      return [
        {
          figure: `Answer set applied to ${perSecond(f.customers)} customers through the API: checklists/s`,
          measured: perSecond(f.rate),
          target: `≥ ${perSecond(ANSWER_SET_TARGETS.rate)}`,
          met: f.rate >= ANSWER_SET_TARGETS.rate,
        },
        { figure: 'Answer set applied, API peak RSS', measured: `${f.peakRssMiB.toFixed(0)} MiB`, target: '' },
      ];
    },
  },
  {
    name: 'workbook import',
    async run() {
      const f = await runWorkbookImport();
      say(workbookImportReport(f));
      return [
        {
          figure: `Checklist workbook of ${perSecond(f.customers)} customers × 14 items (${f.megabytes.toFixed(1)} MB), dryRun read + check: seconds / API peak RSS`,
          measured: `${f.dryRunSeconds.toFixed(2)} s / ${f.dryRunPeakRssMiB.toFixed(0)} MiB`,
          target: `< ${WORKBOOK_TARGETS.parseSeconds} s / < ${WORKBOOK_TARGETS.peakRssMiB} MiB`,
          met: f.dryRunSeconds < WORKBOOK_TARGETS.parseSeconds && f.dryRunPeakRssMiB < WORKBOOK_TARGETS.peakRssMiB,
        },
        { figure: 'Checklist workbook submitted through the bulk path: seconds / API peak RSS', measured: `${f.submitSeconds.toFixed(2)} s / ${f.submitPeakRssMiB.toFixed(0)} MiB`, target: '' },
      ];
    },
  },
  {
    name: 'bulk submission memory',
    async run() {
      const outcomes = await runBatchMemory(say);
      say(batchMemoryReport(outcomes));
      const d = derivedCap(outcomes);
      const peakRss = Math.max(...outcomes.map((o) => (Number.isNaN(o.peakRssMiB) ? 0 : o.peakRssMiB)));
      return [
        { figure: 'Bulk submission at the answer cap, worst single request: heap per answer', measured: `${d.bytesPerAnswer.toFixed(0)} B (+${d.worstMB.toFixed(0)} MB, garbage included)`, target: '' },
        { figure: 'Bulk submission: answers one request may carry, derived from that / in force', measured: `${perSecond(d.cap)} / ${perSecond(MAX_BATCH_ANSWERS)}`, target: 'in force ≤ derived', met: MAX_BATCH_ANSWERS <= d.cap },
        { figure: `Bulk submissions at and past the limits (${outcomes.length} cases, up to 4 at once): answered as documented, API up; its peak RSS`, measured: `${asExpected(outcomes) ? 'yes' : 'NO'}, ${peakRss.toFixed(0)} MiB`, target: 'yes', met: asExpected(outcomes) },
      ];
    },
  },
  {
    name: 'chain aggregation',
    async run() {
      const f = await runChainAggregation({ log: (text) => say(text.split('\n')[0]), plans: false });
      say(chainAggregationReport(f));
      const target = `≤ ${CHAIN_TARGETS.medianMs} / ≤ ${CHAIN_TARGETS.p95Ms} ms`;
      const met = (t: { median: number; p95: number }) => t.median <= CHAIN_TARGETS.medianMs && t.p95 <= CHAIN_TARGETS.p95Ms;
      return [
        { figure: `Chain matrix, first page (${perSecond(f.stores)} stores × ${f.vendors} vendors): median / p95`, measured: `${ms(f.matrix.median)} / ${ms(f.matrix.p95)}`, target, met: met(f.matrix) },
        { figure: 'Chain vendor summary: median / p95', measured: `${ms(f.vendorSummary.median)} / ${ms(f.vendorSummary.p95)}`, target, met: met(f.vendorSummary) },
        { figure: 'Chain vendor summary right after a write (recomputed): median', measured: ms(f.coldVendorSummary.median), target: '' },
      ];
    },
  },
  {
    name: 'inspection pack',
    async run() {
      const f = await runInspectionPack();
      say(inspectionPackReport(f));
      return [
        {
          figure: `Inspection pack download (${f.vendors} vendors, ${f.pages} pages, ${f.kb.toFixed(0)} KB): median / p95`,
          measured: `${ms(f.median)} / ${ms(f.p95)}`,
          target: `median ≤ ${perSecond(PACK_TARGETS.medianMs)} ms`,
          met: f.median <= PACK_TARGETS.medianMs,
        },
      ];
    },
  },
  {
    name: 'PDF rendering',
    async run() {
      const f = await runChecklistPdf(say);
      say(checklistPdfReport(f));
      return [
        {
          figure: '事業者確認用 checklist PDF: median / largest',
          measured: `${ms(f.checklist.median)} / ${f.checklist.maxKb.toFixed(0)} KB`,
          target: `≤ ${PDF_TARGETS.medianMs} ms / ≤ ${PDF_TARGETS.maxKb} KB`,
          met: f.checklist.median <= PDF_TARGETS.medianMs && f.checklist.maxKb <= PDF_TARGETS.maxKb,
        },
        { figure: 'SDS disclosure PDF: median / largest', measured: `${ms(f.disclosure.median)} / ${f.disclosure.maxKb.toFixed(0)} KB`, target: '' },
      ];
    },
  },
];

function status(row: Row): string {
  if (row.met === undefined) return '';
  return row.met ? 'met' : 'NOT met';
}

function markdownTable(rows: Row[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| figure | measured | target | |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${cell(row.figure)} | ${cell(row.measured)} | ${cell(row.target)} | ${status(row)} |`),
  ].join('\n');
}

/** Columns on a terminal: CJK characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += (char.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return width;
}

function plainTable(rows: Row[]): string {
  const columns = (r: Row) => [r.figure, r.measured, r.target];
  const widths = [0, 1, 2].map((i) => Math.max(8, ...rows.map((r) => displayWidth(columns(r)[i]))));
  const line = (cells: string[], last: string) => `${cells.map((text, i) => text + ' '.repeat(widths[i] - displayWidth(text))).join(' | ')} | ${last}`;
  return [line(['figure', 'measured', 'target'], ''), `${widths.map((w) => '-'.repeat(w)).join('-+-')}-+--------`, ...rows.map((r) => line(columns(r), status(r)))].join('\n');
}

function machine(): string {
  const cpu = cpus()[0];
  return `${cpus().length} × ${cpu?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

async function main(): Promise<void> {
  boundRun(20 * 60_000);
  const started = new Date();
  const loadBefore = loadavg()[0];
  const rows: Row[] = [];
  let failed = false;
  for (const bench of BENCHES) {
    say(`\n=== ${bench.name}`);
    const benchStarted = performance.now();
    try {
      rows.push(...(await bench.run()));
    } catch (error) {
      failed = true;
      say(`${bench.name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      rows.push({ figure: bench.name, measured: 'failed (see the log)', target: '', met: false });
    }
    say(`(${bench.name}: ${((performance.now() - benchStarted) / 1000).toFixed(0)} s)`);
  }
  const minutes = (Date.now() - started.getTime()) / 60_000;
  const context = `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine()}, load average ${loadBefore.toFixed(2)} at the start and ${loadavg()[0].toFixed(2)} at the end, ${minutes.toFixed(1)} minutes`;
  say(`\n${plainTable(rows)}\n\n${context}`);
  const folder = join(ROOT, 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'latest.md'),
    `# Benchmarks: the latest run of \`npm run bench\`\n\n${markdownTable(rows)}\n\n${context}.\n` +
      'Each figure comes from the same run on one machine; ratios compare sides measured in that run. ' +
      'The pull path\'s bare server runs the same SQL for the same pharmacy with no authentication (the pharmacy is fixed).\n',
  );
  say(`written to bench/results/latest.md`);
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
