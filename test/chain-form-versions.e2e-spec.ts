import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { currentFiscalYear, fiscalYearLabel } from '../src/common/fiscal-year';
import { CATALOG_DIRECTORY } from '../src/forms/form-catalog.loader';
import { ChainSetup, ChainWorld } from './support/chain-setup';
import { answers, R7_FORM, R7_ITEMS } from './support/checklist-setup';
import { bearer, Factory, TestUser } from './support/factories';
import { OWN_ITEMS } from './support/inspection-pack-setup';
import { binaryParser } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Which form versions the chain aggregates show, said plainly. The current 年度 (令和8年度 since
 * 2026-04-01) has no 事業者確認用 or 薬局確認用 of its own: the 令和7年度版 is carried forward, and
 * checklists submitted on it count as received. A checklist answered on an older version than the
 * one that applies counts as 旧様式 and says that it must be submitted again.
 *
 * The 旧様式 case registers a later version for 令和81年度 (2099), a 年度 no other suite reads, in a
 * series of its own (so the 令和7年度 form stays "latest" for the forms suite), and deletes it at
 * the end: other suites share the database, and no 2025/2026 version may be left behind.
 */

const NOW = currentFiscalYear();
const L = fiscalYearLabel(NOW);
/** The 事業者確認用 / 薬局確認用 that apply to the current 年度 while it has none of its own. */
const CARRIED = `${L}: 令和7年度版を使用（${L}版は未登録）`;
const ANSWERED_CARRIED = `${L}: 令和7年度版で回答（${L}版は未登録）`;
const LATER_YEAR = 2099;
const LL = fiscalYearLabel(LATER_YEAR);

interface FormUse {
  formId: string;
  carriedForward: boolean;
  outdated: boolean;
  newerFormId: string | null;
  label: string;
}
interface Cell {
  vendor: { id: string };
  checklist: { status: string; statusLabel: string; received: number; outdated: number; missing: number };
  noCount: number;
}
interface Row {
  store: { id: string; name: string };
  totals: Record<string, number>;
  cells: Cell[];
}
interface Matrix {
  fiscalYear: number;
  fiscalYearLabel: string;
  vendorChecklistForm: FormUse | null;
  items: Row[];
}

/** Enough CSV for these files, whose fields hold no comma, quote or line break (checked). */
function csvRows(body: Buffer): string[][] {
  const text = body.subarray(3).toString('utf8');
  expect(text).not.toContain('"');
  return text
    .split('\r\n')
    .filter(Boolean)
    .map((line) => line.split(','));
}

async function workbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ExcelJS.Buffer);
  return book;
}

describe('chain aggregates: form versions carried forward and 旧様式', () => {
  let t: TestApp;
  let f: Factory;
  let c: ChainSetup;
  let w: ChainWorld;
  const base = () => `/v1/chains/${w.chain.org.id}`;
  const get = (path: string) => c.get(w.chain.admin.token, path);
  const download = (path: string) => t.http.get(path).set(bearer(w.chain.admin.token)).buffer(true).parse(binaryParser);
  const cellOf = (matrix: Matrix, store: number, vendorId: string) =>
    matrix.items.find((row) => row.store.id === w.stores[store].org.id)?.cells.find((cell) => cell.vendor.id === vendorId) as Cell;

  /** A checklist of the current 年度 saved and submitted through the API, dated within the 年度. */
  async function submitNow(vendor: TestUser, contractId: string): Promise<{ formUse: FormUse }> {
    const dated = Object.fromEntries(R7_ITEMS.map((id) => [id, { confirmedOn: `${NOW}-04-01` }]));
    const body = { managerName: '管理 太郎', answers: answers({ ...dated, '2-⑤': { answer: 'いいえ', confirmedOn: `${NOW}-04-01`, targetOn: `${NOW + 1}-03-31` } }) };
    const path = `/v1/contracts/${contractId}/checklists/${NOW}`;
    const saved = await t.http.put(path).set(bearer(vendor.token)).send(body);
    expect(saved.status).toBe(200);
    const submitted = await t.http.post(`${path}/submit`).set(bearer(vendor.token)).send({});
    expect(submitted.status).toBe(200);
    return submitted.body as { formUse: FormUse };
  }

  /** A submitted checklist of `fiscalYear` on the 令和7年度版, written with SQL (its dates lie outside any 年度 the API accepts today). */
  async function sqlChecklist(contractId: string, fiscalYear: number): Promise<void> {
    const [row]: { id: string }[] = await t.db.query(
      `INSERT INTO vendor_checklists (contract_id, fiscal_year, revision, status, form_id, manager_name, content_hash)
       VALUES ($1, $2, 1, 'draft', $3, '管理 太郎', 'sql') RETURNING id`,
      [contractId, fiscalYear, R7_FORM],
    );
    await t.db.query(`INSERT INTO vendor_checklist_answers (checklist_id, item_id, ordinal, answer, confirmed_on) VALUES ($1, '1-①', 1, 'はい', '2025-04-10')`, [row.id]);
    await t.db.query(`UPDATE vendor_checklists SET status = 'submitted', submitted_at = now() WHERE id = $1`, [row.id]);
  }

  /** The operator registers a later 事業者確認用 version for 令和81年度; the callback runs while it is the applicable one. */
  async function withLaterVersion(check: (formId: string) => Promise<void>): Promise<void> {
    const r7 = JSON.parse(readFileSync(join(CATALOG_DIRECTORY, `${R7_FORM}.json`), 'utf8')) as Record<string, unknown>;
    const id = `vendor-checklist-pharmacy-test-${randomUUID().slice(0, 8)}`;
    const later = { ...r7, id, series: `test/${id}`, fiscalYear: LATER_YEAR, revision: 1, versionLabel: `${LL}版`, title: `${LL} 薬局におけるサイバーセキュリティ対策チェックリスト（事業者確認用）` };
    try {
      const registered = await t.http.post('/v1/forms').set(bearer(await f.operator())).send(later);
      expect(registered.status).toBe(201);
      await check(id);
    } finally {
      await t.db.query('DELETE FROM forms WHERE id = $1', [id]);
    }
    // Gone again: the chain's figures are computed afresh without it.
    expect(((await get(`${base()}/matrix?fiscalYear=${LATER_YEAR}`)).body as Matrix).vendorChecklistForm?.formId).not.toBe(id);
  }

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    c = new ChainSetup(t, f);
    w = await c.world(2);
    // Store 1's vendor A submits its checklist of the current 年度 (on the carried-forward form); store 2's does not.
    const submitted = await submitNow(w.vendorA.admin, w.contracts['0A']);
    expect(submitted.formUse).toMatchObject({ formId: R7_FORM, carriedForward: true, outdated: false, label: ANSWERED_CARRIED });
    // Store 1 saves its own 薬局確認用 of the current 年度 too.
    const own = OWN_ITEMS.map((itemId) => ({ itemId, answer: 'はい', confirmedOn: `${NOW}-04-01` }));
    const saved = await t.http.put(`/v1/pharmacies/${w.stores[0].org.id}/checklists/${NOW}`).set(bearer(w.stores[0].admin.token)).send({ answers: own });
    expect(saved.status).toBe(200);
  }, 120_000);
  afterAll(() => t.close());

  describe(`the current 年度 (${L}), on the carried-forward 令和7年度版`, () => {
    it('counts the checklist as received in the matrix, asked for or by default, and says which version applies', async () => {
      expect(NOW).toBeGreaterThanOrEqual(2026);
      const asked = (await get(`${base()}/matrix?fiscalYear=${NOW}`)).body as Matrix;
      const byDefault = (await get(`${base()}/matrix`)).body as Matrix;
      for (const matrix of [asked, byDefault]) {
        expect(matrix).toMatchObject({
          fiscalYear: NOW,
          fiscalYearLabel: L,
          vendorChecklistForm: { formId: R7_FORM, formFiscalYear: 2025, carriedForward: true, outdated: false, newerFormId: null, label: CARRIED },
        });
        expect(cellOf(matrix, 0, w.vendorA.org.id)).toMatchObject({ checklist: { status: 'received', statusLabel: '受領済み', received: 1, missing: 0, outdated: 0 }, noCount: 1 });
        expect(cellOf(matrix, 1, w.vendorA.org.id)).toMatchObject({ checklist: { status: 'missing', received: 0, missing: 1 } });
      }
      expect(byDefault.items).toEqual(asked.items);
      // The same as the store's own standing for the 年度.
      const standing = (await c.get(w.stores[0].admin.token, `/v1/pharmacies/${w.stores[0].org.id}/standing?fiscalYear=${NOW}`)).body as {
        vendorChecklistForm: FormUse;
        contracts: { contractId: string; checklist: { status: string; formUse: FormUse | null } }[];
      };
      expect(standing.vendorChecklistForm.label).toBe(CARRIED);
      expect(standing.contracts.find((contract) => contract.contractId === w.contracts['0A'])?.checklist).toMatchObject({ status: 'received', formUse: { label: ANSWERED_CARRIED } });
    });

    it('says it in the summaries too: the 事業者確認用 and 薬局確認用 that apply, and each store’s own version', async () => {
      const vendors = (await get(`${base()}/vendor-summary`)).body as { fiscalYear: number; vendorChecklistForm: FormUse; items: { vendor: { id: string }; checklists: Record<string, number> }[] };
      expect(vendors).toMatchObject({ fiscalYear: NOW, vendorChecklistForm: { label: CARRIED } });
      expect(vendors.items.find((item) => item.vendor.id === w.vendorA.org.id)?.checklists).toMatchObject({ owed: 2, received: 1, outdated: 0, missing: 1 });

      const stores = (await get(`${base()}/store-summary`)).body as {
        fiscalYear: number;
        vendorChecklistForm: FormUse;
        ownChecklistForm: FormUse;
        items: { store: { id: string }; ownChecklist: { saved: boolean; formOutdated: boolean; formUse: FormUse } }[];
      };
      expect(stores).toMatchObject({ fiscalYear: NOW, vendorChecklistForm: { label: CARRIED }, ownChecklistForm: { formId: 'facility-checklist-pharmacy-r7', carriedForward: true, label: CARRIED } });
      const own = (store: number) => stores.items.find((item) => item.store.id === w.stores[store].org.id)?.ownChecklist;
      expect(own(0)).toMatchObject({ saved: true, formOutdated: false, formUse: { carriedForward: true, outdated: false, label: ANSWERED_CARRIED } });
      expect(own(1)).toMatchObject({ saved: false, formUse: { label: CARRIED } });
    });

    it('names the 年度 in every download (by default the current one) and states the version on each CSV line and above each sheet', async () => {
      const csv = await download(`${base()}/matrix?format=csv`);
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(csv.headers['content-disposition'])?.[1] ?? '')).toBe(`店舗別事業者状況_${L}.csv`);
      const rows = csvRows(csv.body as Buffer);
      expect(rows[0].slice(-2)).toEqual(['年度', '事業者確認用の様式']);
      expect(rows.slice(1).every((row) => row.at(-2) === L && row.at(-1) === CARRIED)).toBe(true);
      const line = rows.find((row) => row[0] === w.stores[0].org.name && row[2] === w.vendorA.org.name) as string[];
      expect(line[5]).toBe('受領済み');

      const storesCsv = csvRows((await download(`${base()}/store-summary?format=csv`)).body as Buffer);
      const ownColumn = storesCsv[0].indexOf('薬局確認用の様式');
      expect(storesCsv.find((row) => row[0] === w.stores[0].org.name)?.[ownColumn]).toBe(ANSWERED_CARRIED);
      expect(storesCsv.find((row) => row[0] === w.stores[1].org.name)?.[ownColumn]).toBe(CARRIED);

      const period = `${L}（${NOW}-04-01〜${NOW + 1}-03-31）`;
      const heat = (await workbook((await download(`${base()}/matrix?format=xlsx`)).body as Buffer)).getWorksheet('ヒートマップ') as ExcelJS.Worksheet;
      expect([1, 2].map((n) => heat.getRow(n).getCell(1).text)).toEqual([`店舗別事業者状況\u3000${w.chain.org.name}\u3000${period}`, `事業者確認用の様式: ${CARRIED}`]);
      const vendorSheet = (await workbook((await download(`${base()}/vendor-summary?format=xlsx`)).body as Buffer)).worksheets[0];
      expect(vendorSheet.getRow(2).getCell(1).text).toBe(`事業者確認用の様式: ${CARRIED}`);
      const storeSheet = (await workbook((await download(`${base()}/store-summary?format=xlsx`)).body as Buffer)).worksheets[0];
      expect([1, 2, 3].map((n) => storeSheet.getRow(n).getCell(1).text)).toEqual([`店舗別立入検査準備\u3000${w.chain.org.name}\u3000${period}`, `事業者確認用の様式: ${CARRIED}`, `薬局確認用の様式: ${CARRIED}`]);
    });
  });

  describe('旧様式: answered on an older version than the one that applies', () => {
    it('counts it as 旧様式 everywhere, and every label says that it must be submitted again', async () => {
      await sqlChecklist(w.contracts['1A'], LATER_YEAR);
      await withLaterVersion(async (formId) => {
        const matrix = (await get(`${base()}/matrix?fiscalYear=${LATER_YEAR}`)).body as Matrix;
        expect(matrix.vendorChecklistForm).toMatchObject({ formId, formFiscalYear: LATER_YEAR, carriedForward: false, outdated: false, label: `${LL}: ${LL}版` });
        expect(cellOf(matrix, 1, w.vendorA.org.id)).toMatchObject({ checklist: { status: 'form_outdated', statusLabel: '旧様式で提出済み（再提出が必要）', outdated: 1, received: 0 } });
        expect(matrix.items.find((row) => row.store.id === w.stores[1].org.id)?.totals.checklistsOutdated).toBe(1);
        const filtered = (await get(`${base()}/matrix?fiscalYear=${LATER_YEAR}&status=checklist_outdated`)).body as Matrix;
        expect(filtered.items.map((row) => row.store.id)).toEqual([w.stores[1].org.id]);

        // The store's own standing says the same, with the version answered on.
        const standing = (await c.get(w.stores[1].admin.token, `/v1/pharmacies/${w.stores[1].org.id}/standing?fiscalYear=${LATER_YEAR}`)).body as {
          contracts: { contractId: string; checklist: { status: string; formUse: FormUse } }[];
        };
        expect(standing.contracts.find((contract) => contract.contractId === w.contracts['1A'])?.checklist).toMatchObject({
          status: 'form_outdated',
          formUse: { outdated: true, newerFormId: formId, label: `${LL}: 令和7年度版で回答（旧様式: ${LL}版が登録済み）` },
        });

        const vendors = (await get(`${base()}/vendor-summary?fiscalYear=${LATER_YEAR}&vendorId=${w.vendorA.org.id}`)).body as { items: { checklists: Record<string, number> }[] };
        expect(vendors.items[0].checklists).toMatchObject({ outdated: 1 });
        const stores = (await get(`${base()}/store-summary?fiscalYear=${LATER_YEAR}&storeId=${w.stores[1].org.id}`)).body as { items: { reasons: { code: string; label: string; count: number }[] }[] };
        expect(stores.items[0].reasons).toContainEqual({ code: 'checklist_form_outdated', label: '事業者確認用チェックリストが旧様式で提出済み（再提出が必要）', count: 1 });

        // The downloads explain the 旧様式 count in Japanese.
        const lines = csvRows((await download(`${base()}/matrix?fiscalYear=${LATER_YEAR}&format=csv`)).body as Buffer);
        const line = lines.find((row) => row[0] === w.stores[1].org.name && row[2] === w.vendorA.org.name) as string[];
        expect(line[5]).toBe('旧様式で提出済み（再提出が必要）');
        expect(line.slice(-2)).toEqual([LL, `${LL}: ${LL}版`]);
        const summary = csvRows((await download(`${base()}/vendor-summary?fiscalYear=${LATER_YEAR}&format=csv`)).body as Buffer);
        const column = summary[0].indexOf('チェックリスト旧様式（旧様式で提出済み・再提出が必要）');
        expect(column).toBeGreaterThan(0);
        expect(summary.find((row) => row[0] === w.vendorA.org.name)?.[column]).toBe('1');
        const readiness = csvRows((await download(`${base()}/store-summary?fiscalYear=${LATER_YEAR}&format=csv`)).body as Buffer);
        const reason = readiness[0].indexOf('事業者確認用チェックリストが旧様式で提出済み（再提出が必要）');
        expect(readiness.find((row) => row[0] === w.stores[1].org.name)?.[reason]).toBe('1');
      });
    });
  });
});
