import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import { expectProblem, invalidFields } from './support/assertions';
import { ChainSetup, ChainWorld, FY } from './support/chain-setup';
import { bearer, Factory } from './support/factories';
import { binaryParser, Tenant } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';
import { parseCsv } from './support/csv';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

interface MatrixRow {
  store: { name: string };
  cells: { vendor: { name: string }; statusLabel: string; noCount: number }[];
}

/** Downloads of the chain aggregates for Excel on Japanese Windows: CSV (UTF-8 with BOM, or Shift_JIS) and XLSX. */
describe('chain exports', () => {
  let t: TestApp;
  let f: Factory;
  let c: ChainSetup;
  let w: ChainWorld;
  let odd: Tenant;
  let formula: Tenant;
  const base = () => `/v1/chains/${w.chain.org.id}`;
  const download = (path: string, headers: Record<string, string> = {}, token = w.chain.admin.token) =>
    t.http.get(path).set({ ...bearer(token), ...headers }).buffer(true).parse(binaryParser);

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    c = new ChainSetup(t, f);
    w = await c.world(3);
    // Names Excel must show: 髙 (in Windows-31J), 〜 (another code point there), and characters Shift_JIS lacks.
    // (① is stored as 1: organization names are NFKC-normalised.)
    odd = await c.s.p.pharmacy({ chainId: w.chain.org.id, name: '髙橋薬局①〜駅前店😀𠮷' });
    await c.s.p.contract(w.vendorA.admin, odd, [w.productA.id]);
    formula = await c.s.p.pharmacy({ chainId: w.chain.org.id, name: '=HYPERLINK("http://evil.example","開く")' });
  }, 120_000);
  afterAll(() => t.close());

  async function matrixJson(): Promise<MatrixRow[]> {
    return (await c.get(w.chain.admin.token, `${base()}/matrix?fiscalYear=${FY}&limit=100`)).body.items as MatrixRow[];
  }

  describe('CSV', () => {
    it('is UTF-8 with a BOM, Japanese headers and CRLF, one line per store × vendor (the whole matrix)', async () => {
      const response = await download(`${base()}/matrix?fiscalYear=${FY}&format=csv&limit=1`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.csv"; filename\*=UTF-8''/);
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(response.headers['content-disposition'])?.[1] ?? '')).toBe('店舗別事業者状況_令和7年度.csv');
      const body = response.body as Buffer;
      expect(body.subarray(0, 3)).toEqual(BOM);
      const text = body.subarray(3).toString('utf8');
      expect(text).toContain('\r\n');
      expect(text.replace(/\r\n/g, '')).not.toContain('\n');
      const rows = parseCsv(text);
      expect(rows[0].slice(0, 6)).toEqual(['店舗名', '保険薬局コード', '事業者', '契約種別', '状態', '事業者確認用チェックリスト']);
      // Every line says which 年度 it shows and which 事業者確認用 version applies to it.
      expect(rows[0].slice(-2)).toEqual(['年度', '事業者確認用の様式']);
      expect(rows.slice(1).every((r) => r.length === rows[0].length && r.at(-2) === '令和7年度' && r.at(-1) === '令和7年度: 令和7年度版')).toBe(true);
      const json = await matrixJson();
      // Every cell of every store (not one page), and a line for the store without contracts.
      expect(rows.length - 1).toBe(json.reduce((n, row) => n + Math.max(row.cells.length, 1), 0));
      const store = json.find((row) => row.cells.length > 0) as MatrixRow;
      const first = store.cells[0];
      const line = rows.find((r) => r[0] === store.store.name && r[2] === first.vendor.name) as string[];
      expect(line[4]).toBe(first.statusLabel);
      expect(Number(line[rows[0].indexOf('いいえ件数')])).toBe(first.noCount);
      // The dates people sort by, as YYYY-MM-DD (a date to Excel and LibreOffice): test/csv-spreadsheet-reading.e2e-spec.ts.
      expect(rows[0].slice(8, 10)).toEqual(['チェックリスト提出日（最新）', '直近の目標日']);
      expect(rows.slice(1).every((r) => r.slice(8, 10).every((cell) => cell === '' || /^\d{4}-\d\d-\d\d$/.test(cell)))).toBe(true);
      expect(rows.find((r) => r[0] === odd.org.name)).toBeDefined();
      expect(rows.find((r) => r[0].includes('HYPERLINK'))?.[2]).toBe('（契約なし）');
    });

    it('keeps formulas out: a name starting with = is written as text', async () => {
      const text = ((await download(`${base()}/matrix?fiscalYear=${FY}&format=csv`)).body as Buffer).subarray(3).toString('utf8');
      const line = parseCsv(text).find((r) => r[0].includes('HYPERLINK')) as string[];
      expect(line[0]).toBe(`'${formula.org.name}`);
    });

    it('is chosen by the Accept header too', async () => {
      const response = await download(`${base()}/vendor-summary?fiscalYear=${FY}`, { Accept: 'text/csv' });
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      const rows = parseCsv((response.body as Buffer).subarray(3).toString('utf8'));
      expect(rows[0][0]).toBe('事業者');
      expect(rows[0]).toContain('いいえ 2-⑤');
      expect(rows.slice(1).map((r) => r[0]).sort()).toEqual([w.vendorA.org.name, w.vendorB.org.name, w.vendorC.org.name].sort());
    });

    it('in Shift_JIS has no BOM, round-trips what Shift_JIS can hold and marks the rest with 〓', async () => {
      const utf8 = ((await download(`${base()}/matrix?fiscalYear=${FY}&format=csv`)).body as Buffer).subarray(3).toString('utf8');
      const response = await download(`${base()}/matrix?fiscalYear=${FY}&format=csv&encoding=shift_jis`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
      const bytes = response.body as Buffer;
      expect(bytes.subarray(0, 3)).not.toEqual(BOM);
      const text = iconv.decode(bytes, 'shift_jis');
      expect(text).toContain('髙橋薬局1～駅前店〓〓');
      // Everything else is the same text as the UTF-8 file.
      expect(text).toBe(utf8.replace('〜', '～').replace('😀', '〓').replace('𠮷', '〓'));
      expect(iconv.encode(text, 'shift_jis')).toEqual(bytes);
      // The aliases people type are accepted.
      expect((await download(`${base()}/store-summary?fiscalYear=${FY}&format=csv&encoding=SJIS`)).headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    });

    it('of the store summary lists every store with its readiness and reasons', async () => {
      const response = await download(`${base()}/store-summary?fiscalYear=${FY}&format=csv&limit=1`);
      const rows = parseCsv((response.body as Buffer).subarray(3).toString('utf8'));
      expect(rows[0].slice(0, 4)).toEqual(['店舗名', '保険薬局コード', '立入検査の準備', '事業者確認用チェックリストが未提出']);
      expect(rows).toHaveLength(1 + 5);
      expect(rows.slice(1).every((r) => r[2] === '未対応あり')).toBe(true);
      // Each store's own 薬局確認用 version (to use, or answered), then the 年度 and 事業者確認用 version.
      expect(rows[0].slice(-3)).toEqual(['薬局確認用の様式', '年度', '事業者確認用の様式']);
      expect(rows.slice(1).map((r) => r.slice(-3))).toEqual(rows.slice(1).map(() => ['令和7年度: 令和7年度版', '令和7年度', '令和7年度: 令和7年度版']));
    });

    it('refuses an unknown encoding', async () => {
      expect(invalidFields(await c.get(w.chain.admin.token, `${base()}/matrix?format=csv&encoding=latin1`))).toEqual(['encoding']);
    });
  });

  describe('XLSX', () => {
    async function workbook(path: string, headers: Record<string, string> = {}): Promise<ExcelJS.Workbook> {
      const response = await download(path, headers);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe(XLSX);
      const book = new ExcelJS.Workbook();
      const bytes = response.body as Buffer;
      await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ExcelJS.Buffer);
      return book;
    }

    it('holds the matrix as a heat map and as lines, with headers, frozen panes and widths', async () => {
      const book = await workbook(`${base()}/matrix?fiscalYear=${FY}&format=xlsx`);
      expect(book.worksheets.map((s) => s.name)).toEqual(['ヒートマップ', '明細']);
      const json = await matrixJson();
      const heat = book.getWorksheet('ヒートマップ') as ExcelJS.Worksheet;
      // Two title lines (what, whose, which 年度; which 事業者確認用 version applies), then the header.
      expect(heat.getRow(1).getCell(1).value).toBe(`店舗別事業者状況\u3000${w.chain.org.name}\u3000令和7年度（2025-04-01〜2026-03-31）`);
      expect(heat.getRow(2).getCell(1).value).toBe('事業者確認用の様式: 令和7年度: 令和7年度版');
      expect(heat.getRow(1).font?.bold).toBe(true);
      const header = (heat.getRow(3).values as unknown[]).slice(1);
      expect(header.slice(0, 2)).toEqual(['店舗名', '保険薬局コード']);
      expect(header.slice(2).sort()).toEqual([w.vendorA.org.name, w.vendorB.org.name, w.vendorC.org.name].sort());
      expect(heat.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 3 });
      expect(heat.getColumn(1).width).toBe(28);
      expect(heat.rowCount).toBe(3 + json.length);
      // In XLSX a name is a text cell, never a formula.
      expect(heat.getRow(4).getCell(1).value).toBe(formula.org.name);
      expect(heat.getRow(4).getCell(1).type).toBe(ExcelJS.ValueType.String);
      const index = json.findIndex((row) => row.cells.length > 0);
      const firstStore = heat.getRow(4 + index);
      expect(firstStore.getCell(1).value).toBe(json[index].store.name);
      const column = header.indexOf(json[index].cells[0].vendor.name) + 1;
      expect(firstStore.getCell(column).value).toBe(json[index].cells[0].statusLabel);
      // A vendor the store has no contract with: a dash, no colour.
      expect(heat.getRow(4).getCell(3).value).toBe('—');
      const fill = firstStore.getCell(column).fill as ExcelJS.FillPattern;
      expect(fill.fgColor?.argb).toMatch(/^FF(C6EFCE|FFEB9C|FFC7CE)$/);
      const lines = book.getWorksheet('明細') as ExcelJS.Worksheet;
      expect(lines.getRow(2).getCell(1).value).toBe('事業者確認用の様式: 令和7年度: 令和7年度版');
      expect(lines.getRow(3).getCell(1).value).toBe('店舗名');
      expect(lines.getRow(3).font?.bold).toBe(true);
      expect(lines.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(lines.rowCount - 3).toBe(json.reduce((n, row) => n + Math.max(row.cells.length, 1), 0));
      const names = new Set<string>();
      lines.eachRow((row, n) => {
        if (n > 3) names.add(row.getCell(1).text);
      });
      expect(names.has(odd.org.name)).toBe(true);
    });

    it('holds the vendor summary, chosen by the Accept header, with numbers as numbers', async () => {
      const book = await workbook(`${base()}/vendor-summary?fiscalYear=${FY}`, { Accept: XLSX });
      const sheet = book.worksheets[0];
      expect(sheet.getRow(1).getCell(1).value).toBe(`事業者別サマリー\u3000${w.chain.org.name}\u3000令和7年度（2025-04-01〜2026-03-31）`);
      expect(sheet.getRow(3).getCell(1).value).toBe('事業者');
      expect(sheet.rowCount).toBe(2 + 4);
      const summary = (await c.get(w.chain.admin.token, `${base()}/vendor-summary?fiscalYear=${FY}`)).body.items as { vendor: { name: string }; stores: number }[];
      for (let n = 4; n <= 6; n++) {
        const row = sheet.getRow(n);
        expect(row.getCell(2).value).toBe(summary.find((item) => item.vendor.name === row.getCell(1).value)?.stores);
      }
    });

    it('holds the store summary', async () => {
      const book = await workbook(`${base()}/store-summary?fiscalYear=${FY}&format=xlsx`);
      const sheet = book.worksheets[0];
      // Its title says which 薬局確認用 applies too: the stores' readiness counts their own checklist.
      expect([1, 2, 3].map((n) => sheet.getRow(n).getCell(1).value)).toEqual([
        `店舗別立入検査準備\u3000${w.chain.org.name}\u3000令和7年度（2025-04-01〜2026-03-31）`,
        '事業者確認用の様式: 令和7年度: 令和7年度版',
        '薬局確認用の様式: 令和7年度: 令和7年度版',
      ]);
      expect(sheet.getRow(4).getCell(1).value).toBe('店舗名');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 4 });
      expect(sheet.rowCount).toBe(4 + 5);
    });
  });

  it('answers 404 to another chain, a store, a vendor and the operator, for every format', async () => {
    const tokens = [(await f.tenant('chain')).admin.token, w.stores[0].admin.token, w.vendorA.admin.token, await f.operator()];
    for (const token of tokens) {
      for (const query of ['format=csv', 'format=csv&encoding=shift_jis', 'format=xlsx']) {
        expectProblem(await c.get(token, `${base()}/matrix?${query}`), 404);
        expectProblem(await c.get(token, `${base()}/store-summary?${query}`), 404);
      }
      expectProblem(await c.get(token, `${base()}/vendor-summary`).set('Accept', XLSX), 404);
    }
  });
});
