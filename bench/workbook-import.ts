/**
 * The Excel round trip at the bulk limit: an XLSX of 2,000 customers × every item of the 令和7年度
 * 事業者確認用 (rows layout, every cell filled as a vendor fills it: a date cell, one いいえ with its
 * 目標日 and a remark per customer) sent to the built API as its own process with `npm start`'s node
 * flags: first dryRun=true (read, checked, what would change), then mode=submit (through the bulk
 * path). Prints seconds and the API's peak resident size (VmHWM, reset before each request).
 * Usage: npm run bench:workbooks   (DATABASE_URL or the local server on 127.0.0.1:5432; ~1 minute; also in npm run bench)
 */
import ExcelJS from 'exceljs';
import { boundRun, freshDatabase, startApi } from './bench-support';
import { BATCH_FISCAL_YEAR, BATCH_FORM_ID, clientToken, formItemIds, residentMemory, resetPeakRss, seedBatchWorld } from './batch-world';

const CUSTOMERS = 2_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const WORKBOOK_TARGETS = { parseSeconds: 10, peakRssMiB: 384 };

export interface WorkbookImportFigures {
  customers: number;
  answers: number;
  megabytes: number;
  dryRunSeconds: number;
  dryRunPeakRssMiB: number;
  submitSeconds: number;
  submitPeakRssMiB: number;
  created: number;
}

/** The book a vendor would upload, built as Excel keeps it (dates as date cells). */
async function workbookOf(contractIds: string[], itemIds: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('回答 (answers)');
  sheet.addRow(['契約ID (contractId)', '保険薬局コード (pharmacyCode)', '顧客名 (customerName)', '番号 (itemId)', 'チェック項目 (itemText)', '回答 (answer)', '確認日 (confirmedOn)', '目標日 (targetOn)', '実装予定日 (plannedOn)', '備考 (remarks)', '管理責任者 (managerName)']);
  const confirmed = new Date('2025-06-01T00:00:00Z');
  const target = new Date('2026-03-31T00:00:00Z');
  contractIds.forEach((contractId, n) => {
    itemIds.forEach((itemId, i) => {
      const no = i === n % itemIds.length;
      const row = sheet.addRow([contractId, null, `メモリ計測薬局 ${n}`, itemId, '（項目の文言）', no ? 'いいえ' : 'はい', confirmed, no ? target : null, null, no ? '年度内に対応予定' : null, `管理責任者 ${n % 97}`]);
      row.getCell(7).numFmt = 'yyyy-mm-dd';
      if (no) row.getCell(8).numFmt = 'yyyy-mm-dd';
    });
  });
  const form = workbook.addWorksheet('様式 (form)');
  form.addRow(['様式ID (formId)', BATCH_FORM_ID]);
  form.addRow(['年度 (fiscalYear)', BATCH_FISCAL_YEAR]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(baseUrl: string, token: string, bytes: Buffer, query: string, pid: number): Promise<{ seconds: number; peakMiB: number; body: Record<string, unknown> }> {
  resetPeakRss(pid);
  const started = performance.now();
  const response = await fetch(`${baseUrl}/v1/checklist-workbooks?${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': XLSX }, body: bytes });
  const body = (await response.json()) as Record<string, unknown>;
  const seconds = (performance.now() - started) / 1000;
  if (response.status !== 200) throw new Error(`${query}: ${response.status} ${JSON.stringify(body).slice(0, 600)}`);
  return { seconds, peakMiB: residentMemory(pid).peakMiB, body };
}

export async function runWorkbookImport(): Promise<WorkbookImportFigures> {
  const database = await freshDatabase('workbooks');
  const api = await startApi(database.url);
  try {
    const world = await seedBatchWorld(database.url, CUSTOMERS);
    const token = await clientToken(api.baseUrl, world);
    const itemIds = await formItemIds(api.baseUrl, token);
    const bytes = await workbookOf(world.contractIds, itemIds);
    const pid = api.process.pid as number;
    const dry = await upload(api.baseUrl, token, bytes, `fiscalYear=${BATCH_FISCAL_YEAR}&mode=submit&dryRun=true`, pid);
    if (dry.body.customers !== CUSTOMERS || dry.body.failed !== 0) throw new Error(`dry run: ${JSON.stringify(dry.body).slice(0, 600)}`);
    const submit = await upload(api.baseUrl, token, bytes, `fiscalYear=${BATCH_FISCAL_YEAR}&mode=submit`, pid);
    return {
      customers: CUSTOMERS,
      answers: Number(dry.body.answers),
      megabytes: bytes.length / 1024 / 1024,
      dryRunSeconds: dry.seconds,
      dryRunPeakRssMiB: dry.peakMiB,
      submitSeconds: submit.seconds,
      submitPeakRssMiB: submit.peakMiB,
      created: Number(submit.body.created),
    };
  } finally {
    await api.stop();
    await database.drop();
  }
}

export function workbookImportReport(f: WorkbookImportFigures): string {
  return [
    `Workbook of ${f.customers} customers × items (${f.answers} answers, ${f.megabytes.toFixed(1)} MB XLSX)`,
    `  dryRun (read + check):   ${f.dryRunSeconds.toFixed(2)} s, API peak RSS ${f.dryRunPeakRssMiB.toFixed(0)} MiB (target < ${WORKBOOK_TARGETS.parseSeconds} s)`,
    `  submit (bulk path):      ${f.submitSeconds.toFixed(2)} s, API peak RSS ${f.submitPeakRssMiB.toFixed(0)} MiB, ${f.created} checklists created`,
  ].join('\n');
}

if (require.main === module) {
  boundRun(10 * 60_000);
  runWorkbookImport()
    .then((figures) => {
      process.stdout.write(`${workbookImportReport(figures)}\n`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
