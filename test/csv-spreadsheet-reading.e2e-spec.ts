import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { csvDocument, japanTimeText } from '../src/common/csv-cells';
import { todayInJapan } from '../src/common/fiscal-year';
import { ChainSetup, ChainWorld, FY } from './support/chain-setup';
import { MISREAD_SAMPLES, TEXT_SAMPLES } from './support/csv-cell-samples';
import { bearer, Factory } from './support/factories';
import { binaryParser, Tenant } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The CSV downloads opened as a spreadsheet user opens them: LibreOffice Calc (soffice, headless)
 * reads each file with its own type detection and saves it as XLSX, which exceljs reads back. Two
 * readings: a Japanese user's (locale ja-JP, "detect special numbers" on: the most eager) and the
 * filter's defaults. Figures that are not numbers, codes and names must come back as the text
 * written, dates as dates, and times in Japan time with the offset.
 */
const READINGS = {
  'ja-JP, special numbers detected': 'CSV:44,34,76,1,,1041,false,true',
  defaults: 'CSV:44,34,76,1',
} as const;

const run = promisify(execFile);

/** Samples that a Japanese LibreOffice turns into a number, date, time or truth value when written as they are. */
const CONVERTED_BY_LIBREOFFICE = ['1/2', '１/２', '2-1', '1.2.3', '2026-12-07', '0112345678', '12:30', '5%', '(1)', 'TRUE', '1月2日', '2026年1月2日'];

/** Converts CSV files to XLSX with soffice, in a profile of its own (no clash with another soffice). */
async function openInLibreOffice(files: Record<string, Buffer | string>, filter: string): Promise<Record<string, ExcelJS.Worksheet>> {
  const dir = await mkdtemp(join(tmpdir(), 'kaiji-soffice-'));
  try {
    const paths = await Promise.all(
      Object.entries(files).map(async ([name, body]) => {
        const path = join(dir, `${name}.csv`);
        await writeFile(path, body);
        return path;
      }),
    );
    const profile = pathToFileURL(join(dir, 'profile')).href;
    await run('soffice', [`-env:UserInstallation=${profile}`, '--headless', `--infilter=${filter}`, '--convert-to', 'xlsx', '--outdir', dir, ...paths], { timeout: 150_000 });
    const sheets: Record<string, ExcelJS.Worksheet> = {};
    for (const name of Object.keys(files)) {
      const book = new ExcelJS.Workbook();
      const bytes = await readFile(join(dir, `${name}.xlsx`));
      await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      sheets[name] = book.worksheets[0];
    }
    return sheets;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Kind = 'empty' | 'text' | 'number' | 'date' | 'other';

/** What the spreadsheet made of a cell: LibreOffice writes text with Japanese in it as rich text (a font per script). */
function read(cell: ExcelJS.Cell): { kind: Kind; text: string; value: unknown } {
  const value = cell.value;
  if (value === null || value === undefined || value === '') return { kind: 'empty', text: '', value };
  if (typeof value === 'string') return { kind: 'text', text: value, value };
  if (typeof value === 'object' && 'richText' in value) return { kind: 'text', text: value.richText.map((part) => part.text).join(''), value };
  if (value instanceof Date) return { kind: 'date', text: value.toISOString(), value };
  if (typeof value === 'number') return { kind: 'number', text: String(value), value };
  return { kind: 'other', text: JSON.stringify(value), value };
}

function table(sheet: ExcelJS.Worksheet): { header: string[]; rows: ReturnType<typeof read>[][] } {
  const width = sheet.getRow(1).cellCount;
  const header = Array.from({ length: width }, (_, i) => read(sheet.getRow(1).getCell(i + 1)).text);
  const rows: ReturnType<typeof read>[][] = [];
  for (let n = 2; n <= sheet.rowCount; n++) rows.push(Array.from({ length: width }, (_, i) => read(sheet.getRow(n).getCell(i + 1))));
  return { header, rows };
}

const dayOf = (cell: { value: unknown }) => (cell.value as Date).toISOString().slice(0, 10);

describe('CSV downloads as Excel and LibreOffice read them', () => {
  let t: TestApp;
  let c: ChainSetup;
  let w: ChainWorld;
  let zeroCode: Tenant;
  const sheets: Record<string, Record<string, ExcelJS.Worksheet>> = {};
  const userAgent = '1/2';
  const zeroPharmacyCode = `01${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

  beforeAll(async () => {
    t = await startTestApp();
    const f = new Factory(t);
    c = new ChainSetup(t, f);
    w = await c.world(3);
    // A Hokkaido pharmacy (保険薬局コード 01…), whose code loses its 0 as a number, and a store named like a date.
    zeroCode = await c.s.p.pharmacy({ chainId: w.chain.org.id, name: '1/2', pharmacyCode: zeroPharmacyCode });
    await c.s.p.contract(w.vendorA.admin, zeroCode, [w.productA.id]);
    const download = async (path: string) =>
      (await t.http.get(path).set(bearer(w.chain.admin.token)).set('User-Agent', userAgent).buffer(true).parse(binaryParser).expect(200)).body as Buffer;
    const files = {
      matrix: await download(`/v1/chains/${w.chain.org.id}/matrix?fiscalYear=${FY}&format=csv`),
      vendors: await download(`/v1/chains/${w.chain.org.id}/vendor-summary?fiscalYear=${FY}&format=csv`),
      stores: await download(`/v1/chains/${w.chain.org.id}/store-summary?fiscalYear=${FY}&format=csv`),
      audit: await download('/v1/audit-events?format=csv'),
      // The cell rules themselves, on every sample: marked ones and plain text.
      samples: csvDocument(['sample', 'cell'], [...MISREAD_SAMPLES, ...TEXT_SAMPLES].map((sample) => [sample, sample])),
      // What the rules prevent: the same cells written as they are.
      raw: `sample\r\n${CONVERTED_BY_LIBREOFFICE.join('\r\n')}\r\n`,
    };
    for (const [reading, filter] of Object.entries(READINGS)) sheets[reading] = await openInLibreOffice(files, filter);
  }, 400_000);
  afterAll(() => t.close());

  it('the XLSX download holds the same: dates as date cells, coverage and codes as text without a mark', async () => {
    const bytes = (await t.http.get(`/v1/chains/${w.chain.org.id}/matrix?fiscalYear=${FY}&format=xlsx`).set(bearer(w.chain.admin.token)).buffer(true).parse(binaryParser).expect(200)).body as Buffer;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ExcelJS.Buffer);
    const lines = book.getWorksheet('明細') as ExcelJS.Worksheet;
    const headerRow = 3;
    const header = (lines.getRow(headerRow).values as unknown[]).slice(1);
    const [name, code, vendor, sds, submitted, target] = ['店舗名', '保険薬局コード', '事業者', 'MDS/SDS受領（受領/対象製品）', 'チェックリスト提出日（最新）', '直近の目標日'].map(
      (label) => header.indexOf(label) + 1,
    );
    let storeB: ExcelJS.Row | undefined;
    let hokkaido: ExcelJS.Row | undefined;
    lines.eachRow((row, n) => {
      if (n <= headerRow) return;
      if (row.getCell(name).value === w.stores[0].org.name && row.getCell(vendor).value === w.vendorB.org.name) storeB = row;
      if (row.getCell(code).value === zeroPharmacyCode) hokkaido = row;
    });
    expect(storeB?.getCell(sds).value).toBe('1件/2件');
    expect(storeB?.getCell(submitted).value).toEqual(new Date(`${todayInJapan()}T00:00:00Z`));
    expect(storeB?.getCell(submitted).numFmt).toBe('yyyy-mm-dd');
    expect(storeB?.getCell(target).value).toEqual(new Date(`${FY}-09-30T00:00:00Z`));
    expect(hokkaido?.getCell(name).value).toBe('1/2');
  });

  it('without the rules, a Japanese LibreOffice converts them (so the readings below can fail)', () => {
    const { rows } = table(sheets['ja-JP, special numbers detected'].raw);
    expect(rows.map((row) => row[0].kind)).toEqual(CONVERTED_BY_LIBREOFFICE.map(() => expect.stringMatching(/^(number|date|other)$/)));
  });

  describe.each(Object.keys(READINGS))('read by LibreOffice (%s)', (reading) => {
    it('the matrix: coverage figures, 保険薬局コード and names stay the text written; 提出日 and 目標日 are dates', async () => {
      const { header, rows } = table(sheets[reading].matrix);
      const column = (name: string) => {
        const index = header.indexOf(name);
        expect(index).toBeGreaterThanOrEqual(0);
        return index;
      };
      const [name, code, vendor] = [column('店舗名'), column('保険薬局コード'), column('事業者')];
      const [sds, rmSds] = [column('MDS/SDS受領（受領/対象製品）'), column('RM-SDS受領（受領/対象製品）')];
      const [submitted, target] = [column('チェックリスト提出日（最新）'), column('直近の目標日')];
      const counts = ['いいえ件数', '目標日超過', '未対応の依頼'].map(column);
      const json = (await t.http.get(`/v1/chains/${w.chain.org.id}/matrix?fiscalYear=${FY}&limit=100`).set(bearer(w.chain.admin.token)).expect(200)).body as { items: { cells: unknown[] }[] };
      expect(rows).toHaveLength(json.items.reduce((n, row) => n + Math.max(row.cells.length, 1), 0));

      for (const row of rows) {
        // Every column but the counts and the two dates holds text (or nothing): never a number, date or time.
        row.forEach((cell, index) => {
          if (counts.includes(index)) expect(['number', 'empty']).toContain(cell.kind);
          else if (index === submitted || index === target) expect(['date', 'empty']).toContain(cell.kind);
          else if (header[index].startsWith('リモートメンテナンス') || ['未対応の依頼', '期限超過の依頼', '未解決のスレッド'].includes(header[index])) expect(cell.kind).toBe('number');
          else expect(['text', 'empty']).toContain(cell.kind);
        });
        for (const index of [sds, rmSds]) expect(row[index].text).toMatch(/^(\d+件\/\d+件|不要)$/);
        expect(row[code].text).toMatch(/^'?\d{10}$/);
      }
      // Store 1 has the MDS of vendor B's first product and not the SDS of its second: one of two.
      const storeB = rows.find((row) => row[name].text === w.stores[0].org.name && row[vendor].text === w.vendorB.org.name);
      expect(storeB?.[sds]).toMatchObject({ kind: 'text', text: '1件/2件' });
      // The code keeps its leading 0 and the name is not January 2nd: both marked as text with an apostrophe.
      const hokkaido = rows.find((row) => row[code].text.endsWith(zeroPharmacyCode));
      expect(hokkaido?.[code]).toMatchObject({ kind: 'text', text: `'${zeroPharmacyCode}` });
      expect(hokkaido?.[name]).toMatchObject({ kind: 'text', text: "'1/2" });
      // Dates: each cell's latest 提出日 (today, in Japan) and nearest 目標日 of its いいえ answers.
      expect(dayOf(storeB?.[submitted] as { value: unknown })).toBe(todayInJapan());
      expect(dayOf(storeB?.[target] as { value: unknown })).toBe(`${FY}-09-30`);
      const noChecklist = rows.find((row) => row[name].text === w.stores[2].org.name && row[vendor].text === w.vendorB.org.name);
      expect([noChecklist?.[submitted].kind, noChecklist?.[target].kind]).toEqual(['empty', 'empty']);
      expect(hokkaido?.[submitted].kind).toBe('empty');
    });

    it('the vendor and store summaries carry the same dates, as dates', () => {
      const vendors = table(sheets[reading].vendors);
      const vendorB = vendors.rows.find((row) => row[0].text === w.vendorB.org.name) as ReturnType<typeof read>[];
      expect(dayOf(vendorB[vendors.header.indexOf('チェックリスト提出日（最新）')])).toBe(todayInJapan());
      expect(dayOf(vendorB[vendors.header.indexOf('直近の目標日')])).toBe(`${FY}-09-30`);
      const stores = table(sheets[reading].stores);
      const code = stores.header.indexOf('保険薬局コード');
      const hokkaido = stores.rows.find((row) => row[0].text === "'1/2") as ReturnType<typeof read>[];
      expect(hokkaido[code]).toMatchObject({ kind: 'text', text: `'${zeroPharmacyCode}` });
      const first = stores.rows.find((row) => row[0].text === w.stores[0].org.name) as ReturnType<typeof read>[];
      expect(first[stores.header.indexOf('直近の目標日')]).toMatchObject({ kind: 'date' });
      expect(dayOf(first[stores.header.indexOf('直近の目標日')])).toBe(`${FY}-09-30`);
    });

    it('the audit log: times are Japan time with the offset, as written; text that looks like a date stays text', async () => {
      const { header, rows } = table(sheets[reading].audit);
      const [time, agent, hash, sequence] = ['日時・日本時間 (occurredAt)', 'ユーザーエージェント (userAgent)', 'ハッシュ (hash)', '連番 (sequence)'].map((label) => header.indexOf(label));
      const json = (await t.http.get('/v1/audit-events?limit=100').set(bearer(w.chain.admin.token)).expect(200)).body as { items: { hash: string; occurredAt: string }[] };
      const byHash = new Map(json.items.map((event) => [event.hash, event.occurredAt]));
      expect(rows.length).toBeGreaterThan(0);
      let compared = 0;
      for (const row of rows) {
        expect(row[time].kind).toBe('text');
        expect(row[time].text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+09:00$/);
        expect(row[sequence].kind).toBe('number');
        const occurredAt = byHash.get(row[hash].text.replace(/^'/, ''));
        if (occurredAt) {
          expect(row[time].text).toBe(japanTimeText(new Date(occurredAt)));
          compared++;
        }
      }
      expect(compared).toBe(Math.min(rows.length, json.items.length));
      const exports = rows.filter((row) => row[agent].text === `'${userAgent}`);
      expect(exports.length).toBeGreaterThanOrEqual(3);
      for (const row of exports) expect(row[agent].kind).toBe('text');
    });

    it('every sample of the cell rules comes back as the text written (an apostrophe before those a spreadsheet would convert)', () => {
      const { rows } = table(sheets[reading].samples);
      expect(rows).toHaveLength(MISREAD_SAMPLES.length + TEXT_SAMPLES.length);
      rows.forEach((row, index) => {
        const sample = [...MISREAD_SAMPLES, ...TEXT_SAMPLES][index];
        const expected = index < MISREAD_SAMPLES.length ? `'${sample}` : sample;
        expect({ sample, kind: row[1].kind, text: row[1].text }).toEqual({ sample, kind: 'text', text: expected });
      });
    });
  });
});
