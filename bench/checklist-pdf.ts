/**
 * PDF rendering benchmark: 200 事業者確認用 checklists (14 items, realistic text, a different
 * customer on each) and 200 SDS disclosures, after a warm-up, one at a time in this process.
 * Prints median / p95 wall time per PDF, CPU time per PDF and sizes. Targets (issue 3):
 * checklist median ≤ 30 ms and ≤ 150 KB per PDF.
 *
 *   npm run bench:pdf
 */
import { cpus, loadavg } from 'node:os';
import { renderChecklistPdf, renderDisclosurePdf } from '../src/pdf';
import type { ChecklistPdfView, DisclosurePdfView } from '../src/pdf';
import { sampleChecklistView, sampleDisclosureView } from '../src/pdf/testing/samples';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARM_UP = 20;
const TARGET_MEDIAN_MS = 30;
const TARGET_MAX_KB = 150;

const PHARMACIES = ['さくら調剤薬局', 'ひまわり薬局', 'あおば調剤薬局', 'みどり薬局', 'つばさファーマシー', '中央薬局'];
const BRANCHES = ['本町店', '駅前店', '北口店', '南店', '大通り店', '新橋店', '港店'];
const MANAGERS = ['山田 太郎', '佐藤 花子', '鈴木 一郎', '高橋 美咲', '田中 健'];

function checklistFor(index: number): ChecklistPdfView {
  const view = sampleChecklistView();
  return {
    ...view,
    customerName: `${PHARMACIES[index % PHARMACIES.length]} ${BRANCHES[index % BRANCHES.length]}（保険薬局コード ${String(1310000000 + index * 7919)}）`,
    managerName: `${MANAGERS[index % MANAGERS.length]}（情報セキュリティ管理責任者）`,
    revision: 1 + (index % 3),
  };
}

function disclosureFor(index: number): DisclosurePdfView {
  const view = sampleDisclosureView();
  return { ...view, productVersion: `5.${index % 10}.${index}`, revision: 1 + (index % 4) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface PdfFigures {
  median: number;
  p95: number;
  cpuMsPerPdf: number;
  pdfsPerSecond: number;
  minKb: number;
  maxKb: number;
}

async function measure(name: string, render: (index: number) => Promise<Uint8Array>, log: (line: string) => void): Promise<PdfFigures> {
  for (let i = 0; i < WARM_UP; i++) await render(i);
  const times: number[] = [];
  const sizes: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const bytes = await render(WARM_UP + i);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    sizes.push(bytes.length / 1024);
  }
  const wallTotal = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  times.sort((a, b) => a - b);
  sizes.sort((a, b) => a - b);
  const figures = {
    median: percentile(times, 50),
    p95: percentile(times, 95),
    cpuMsPerPdf: (cpu.user + cpu.system) / 1000 / RUNS,
    pdfsPerSecond: RUNS / (wallTotal / 1000),
    minKb: sizes[0],
    maxKb: sizes[sizes.length - 1],
  };
  log(
    `${name.padEnd(11)} ${RUNS} PDFs: median ${figures.median.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms, ` +
      `min ${times[0].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms; ` +
      `CPU ${figures.cpuMsPerPdf.toFixed(1)} ms/PDF; ${figures.pdfsPerSecond.toFixed(0)} PDFs/s; ` +
      `size ${figures.minKb.toFixed(1)}–${figures.maxKb.toFixed(1)} KB`,
  );
  return figures;
}

export interface ChecklistPdfFigures {
  firstMs: number;
  checklist: PdfFigures;
  disclosure: PdfFigures;
}

export const PDF_TARGETS = { medianMs: TARGET_MEDIAN_MS, maxKb: TARGET_MAX_KB };

/** Renders and measures; a line per kind of PDF goes to `log`. */
export async function runChecklistPdf(log: (line: string) => void = () => undefined): Promise<ChecklistPdfFigures> {
  const first = process.hrtime.bigint();
  await renderChecklistPdf(checklistFor(0));
  const firstMs = Number(process.hrtime.bigint() - first) / 1e6;
  log(`first PDF in this process (font load and parse, JIT): ${firstMs.toFixed(0)} ms`);
  const checklist = await measure('checklist', (i) => renderChecklistPdf(checklistFor(i)), log);
  const disclosure = await measure('disclosure', (i) => renderDisclosurePdf(disclosureFor(i)), log);
  return { firstMs, checklist, disclosure };
}

export function checklistPdfReport({ checklist }: ChecklistPdfFigures): string {
  const met = checklist.median <= TARGET_MEDIAN_MS && checklist.maxKb <= TARGET_MAX_KB;
  return `checklist target (median ≤ ${TARGET_MEDIAN_MS} ms, ≤ ${TARGET_MAX_KB} KB): ${met ? 'met' : 'MISSED'}`;
}

if (require.main === module) {
  const cpu = cpus()[0];
  console.log(
    `machine: ${cpus().length} × ${cpu?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  runChecklistPdf((line) => console.log(line)).then(
    (figures) => console.log(checklistPdfReport(figures)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
