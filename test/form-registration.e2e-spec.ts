import type ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_DIRECTORY } from '../src/forms/form-catalog.loader';
import type { FormDefinition } from '../src/forms/form-definition';
import { WORKBOOK_MAX_BYTES } from '../src/form-registration/form-workbook-layout';
import { countRows, expectProblem } from './support/assertions';
import { ChecklistSetup, R7_FORM, R7_ITEMS } from './support/checklist-setup';
import { bearer, Factory, TestUser } from './support/factories';
import {
  addPadding,
  binary,
  editWorkbook,
  HEADER,
  headerRows,
  headerValue,
  insertItem,
  itemColumn,
  itemIds,
  ITEMS,
  itemRow,
  loadWorkbook,
  removeItem,
  setHeader,
  setItem,
  sheet,
  XLSX,
  zipOf,
} from './support/form-workbooks';
import { startIsolatedTestApp } from './support/isolated-app';
import type { TestApp } from './support/test-app';

const catalogFile = (id: string): FormDefinition => JSON.parse(readFileSync(join(CATALOG_DIRECTORY, `${id}.json`), 'utf8'));
const FACILITY_R7 = 'facility-checklist-pharmacy-r7';
const FY = 2026;
const CONFIRMED = '2026-04-10';
/** Texts made for these tests, marked as such: MHLW's item texts are never invented. */
const TEST_TEXT = '【テスト用の文言】この文は試験のためのもので、厚生労働省の様式の文言ではありません。';
const CIRCLED = [...'①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮'];

type Problem = { sheet: string; row?: number; column?: string; cell?: string; field?: string; message: string };

/**
 * New form versions from a spreadsheet (issue 12, item 2). On a database of its own: registering a
 * 令和8年度 version here makes every 2026 checklist outdated, which other suites must not see.
 */
describe('form versions from a workbook', () => {
  let t: TestApp;
  let f: Factory;
  let s: ChecklistSetup;
  let operator: string;
  let vendor: TestUser;
  beforeAll(async () => {
    t = await startIsolatedTestApp('forms_xlsx');
    f = new Factory(t);
    s = new ChecklistSetup(t, f);
    operator = await f.operator();
    vendor = (await f.tenant('vendor')).admin;
  });
  afterAll(() => t.close());

  const download = async (formId: string, token = operator): Promise<Buffer> => {
    const response = await t.http.get(`/v1/forms/${formId}?format=xlsx`).set(bearer(token)).buffer(true).parse(binary).expect(200);
    return response.body as Buffer;
  };
  const upload = (bytes: Buffer, options: { dryRun?: boolean; token?: string } = {}) =>
    t.http
      .post(`/v1/forms${options.dryRun ? '?dryRun=true' : ''}`)
      .set(bearer(options.token ?? operator))
      .set('Content-Type', XLSX)
      .send(bytes);
  const formsState = async () => ({ forms: await countRows(t.db, 'forms'), registrations: await countRows(t.db, `audit_events WHERE action = 'form.register'`) });

  /** The 令和7年度 事業者確認用 edited into a 令和8年度 version: one text changed, one item renumbered, one removed, one added. */
  const r8VendorWorkbook = async (id = 'vendor-checklist-pharmacy-r8') =>
    editWorkbook(await download(R7_FORM), (workbook) => {
      setHeader(workbook, 'id', id);
      setHeader(workbook, 'fiscalYear', 2026);
      setHeader(workbook, 'revision', 1);
      setHeader(workbook, 'versionLabel', '令和8年度版（テスト）');
      setHeader(workbook, 'source', 'テスト: 令和7年度版をもとに編集した試験用の版 (test data, not an MHLW form)');
      setItem(workbook, '1-①', 'text', TEST_TEXT);
      setItem(workbook, '2-⑬', 'id', '2-⑭');
      removeItem(workbook, '2-⑧');
      insertItem(workbook, '2-⑭', { id: '2-⑬', scope: 'ネットワーク機器', text: `${TEST_TEXT}（追加）`, textEn: 'A test item.', answers: 'はい/いいえ', required: true });
    });
  const R8_ITEMS = ['1-①', '2-①', '2-②', '2-③', '2-④', '2-⑤', '2-⑥', '2-⑦', '2-⑨', '2-⑩', '2-⑪', '2-⑫', '2-⑬', '2-⑭'];

  describe('download', () => {
    it('gives the 令和7年度 事業者確認用 as an XLSX with Japanese headings and the English keys beside them', async () => {
      const response = await t.http.get(`/v1/forms/${R7_FORM}?format=xlsx`).set(bearer(vendor.token)).buffer(true).parse(binary).expect(200);
      expect(response.headers['content-type']).toBe(XLSX);
      expect(response.headers['content-disposition']).toContain(`${R7_FORM}.xlsx`);
      const workbook = await loadWorkbook(response.body as Buffer);
      expect(workbook.worksheets.map((worksheet) => worksheet.name)).toEqual([HEADER, ITEMS, '記入方法 (guide)']);

      expect(sheet(workbook, HEADER).getRow(1).values).toEqual([undefined, '項目 (field)', '値 (value)', '説明 (help)']);
      expect(headerRows(workbook, 'id')[0].getCell(1).value).toBe('様式ID (id)');
      expect(Object.fromEntries(['id', 'kind', 'audience', 'series', 'fiscalYear', 'revision', 'versionLabel', 'partial'].map((key) => [key, headerValue(workbook, key)]))).toEqual({
        id: R7_FORM,
        kind: 'vendor_checklist',
        audience: 'pharmacy',
        series: 'vendor-checklist/pharmacy',
        fiscalYear: 2025,
        revision: 1,
        versionLabel: '令和7年度版',
        partial: false,
      });
      expect(headerValue(workbook, 'rules.targetDateRequiredFor')).toBe('いいえ');
      expect(headerRows(workbook, 'instructions').map((row) => row.getCell(2).value)).toEqual(catalogFile(R7_FORM).instructions);

      const items = sheet(workbook, ITEMS);
      expect((items.getRow(1).values as unknown[]).slice(1)).toEqual([
        '番号 (id)',
        '区分 (sectionId)',
        '区分名 (sectionTitle)',
        '区分名（英語） (sectionTitleEn)',
        '対象 (scope)',
        'チェック項目 (text)',
        '英訳 (textEn)',
        '回答 (answers)',
        '必須 (required)',
        '記入条件 (condition)',
        '目標年度 (targetFiscalYear)',
        '予定で可の年度 (plannedBy)',
        '役割 (role)',
        '相手方の様式ID (counterpartFormId)',
        '相手方の番号 (counterpartItemId)',
        '備考 (note)',
        // The checklist manual's text (issue 17, point 8): optional columns, an upload may leave them out.
        'マニュアルの見出し (manual.section)',
        'マニュアル：考え方・確認方法 (manual.explanation)',
        'マニュアル：用語の解説 (manual.terms)',
        'マニュアル：補足 (manual.notes)',
        'マニュアル：ガイドライン参照 (manual.guidelineRefs)',
        'マニュアルの出典 (manual.source)',
      ]);
      expect(itemIds(workbook)).toEqual([...R7_ITEMS]);
      const cell = (itemId: string, key: string) => itemRow(workbook, itemId).getCell(itemColumn(workbook, key)).value;
      const r7 = catalogFile(R7_FORM).items.find((item) => item.id === '2-⑨');
      expect(['sectionId', 'sectionTitle', 'scope', 'text', 'answers', 'required', 'plannedBy', 'counterpartFormId', 'counterpartItemId'].map((key) => cell('2-⑨', key))).toEqual([
        '2',
        '医療情報システムの管理・運用',
        '医療情報システム全般',
        r7?.text,
        'はい/いいえ',
        true,
        2027,
        FACILITY_R7,
        '2-⑩',
      ]);
      // Same text, another scope heading: the column keeps 2-⑪ (サーバ) and 2-⑫ (端末PC) apart.
      expect([cell('2-⑪', 'scope'), cell('2-⑫', 'scope')]).toEqual(['サーバ', '端末PC']);
      expect(cell('2-⑪', 'text')).toBe(cell('2-⑫', 'text'));
    });

    it('gives the facility checklist with the roles of the derived items, to API clients too', async () => {
      const client = await s.clientToken(vendor);
      const workbook = await loadWorkbook(await download(FACILITY_R7, client));
      const role = (itemId: string) => itemRow(workbook, itemId).getCell(itemColumn(workbook, 'role')).value;
      expect([role('2-①'), role('2-②'), role('2-③')]).toEqual([null, 'derived_remote_maintenance', 'derived_security_disclosure']);
      expectProblem(await t.http.get('/v1/forms/no-such-form?format=xlsx').set(bearer(operator)), 404, 'not_found');
      expectProblem(await t.http.get(`/v1/forms/${R7_FORM}?format=pdf`).set(bearer(operator)), 400, 'validation_failed');
      // JSON stays the default representation.
      expect((await t.http.get(`/v1/forms/${R7_FORM}`).set(bearer(operator)).expect(200)).body).toMatchObject({ id: R7_FORM, latest: true });
    });
  });

  describe('preview', () => {
    it('reads the download uploaded back unchanged as the catalog definition, with an empty diff, and writes nothing', async () => {
      const before = await formsState();
      const response = await upload(await download(R7_FORM), { dryRun: true }).expect(200);
      const { fiscalYearLabel, latest, supersededBy, ...form } = response.body.form;
      expect(form).toEqual(catalogFile(R7_FORM));
      expect({ fiscalYearLabel, latest, supersededBy }).toEqual({ fiscalYearLabel: '令和7年度', latest: true, supersededBy: null });
      expect(response.body).toMatchObject({
        previousFormId: R7_FORM,
        alreadyRegistered: true,
        diff: { added: [], removed: [], textChanged: [], renumbered: [], unchanged: R7_ITEMS.length },
      });
      expect(await formsState()).toEqual(before);
      // Registering it is a collision: versions are never edited.
      const problem = expectProblem(await upload(await download(R7_FORM)), 409, 'form_exists');
      expect(problem.errors).toEqual([expect.objectContaining({ sheet: HEADER, row: 2, column: '値 (value)', cell: 'B2', field: 'id' })]);
    });

    it('takes JSON too', async () => {
      const r8 = { ...catalogFile(R7_FORM), id: 'vendor-checklist-pharmacy-json-preview', fiscalYear: 2040, revision: 1 };
      const response = await t.http.post('/v1/forms?dryRun=true').set(bearer(operator)).send(r8).expect(200);
      expect(response.body).toMatchObject({ previousFormId: R7_FORM, alreadyRegistered: false, diff: { unchanged: R7_ITEMS.length, added: [] } });
      expect(await countRows(t.db, 'forms WHERE id = $1', [r8.id])).toBe(0);
      expect(invalidJsonFields(await t.http.post('/v1/forms?dryRun=true').set(bearer(operator)).send({ ...r8, kind: 'questionnaire' }))).toContain('kind');
    });
  });

  const invalidJsonFields = (response: { status: number; headers: Record<string, string>; body: Record<string, unknown> }) =>
    (expectProblem(response, 400, 'validation_failed').errors as { field: string }[]).map((error) => error.field);

  describe('令和8年度 (done when)', () => {
    let contractId: string;
    let pharmacy: { token: string; id: string };
    let vendorToken: string;
    const checklistPath = () => `/v1/contracts/${contractId}/checklists/${FY}`;
    const standing = async () =>
      (await t.http.get(`/v1/pharmacies/${pharmacy.id}/standing?fiscalYear=${FY}`).set(bearer(pharmacy.token)).expect(200)).body.contracts.find(
        (contract: { contractId: string }) => contract.contractId === contractId,
      ).checklist;
    const answersFor = (items: readonly string[]) => items.map((itemId) => ({ itemId, answer: 'はい', confirmedOn: CONFIRMED }));

    beforeAll(async () => {
      const world = await s.activeContract();
      contractId = world.contractId;
      pharmacy = { token: world.pharmacy.admin.token, id: world.pharmacy.org.id };
      vendorToken = world.vendor.admin.token;
    });

    it('takes a vendor’s 2026 checklist on the carried-forward 令和7年度 form, and the pharmacy sees it received', async () => {
      await t.http.put(checklistPath()).set(bearer(vendorToken)).send({ answers: answersFor(R7_ITEMS) }).expect(200);
      const submitted = (await t.http.post(`${checklistPath()}/submit`).set(bearer(vendorToken)).send({}).expect(200)).body;
      expect(submitted).toMatchObject({ formId: R7_FORM, formOutdated: false, formUse: { carriedForward: true, outdated: false, label: '令和8年度: 令和7年度版で回答（令和8年度版は未登録）' } });
      expect(await standing()).toMatchObject({ status: 'received', formId: R7_FORM, newerFormId: null });
    });

    it('previews the 令和8年度 version edited from the download: exactly its changes, nothing written', async () => {
      const before = await formsState();
      const response = await upload(await r8VendorWorkbook(), { dryRun: true }).expect(200);
      expect(response.body).toEqual({
        form: expect.objectContaining({ id: 'vendor-checklist-pharmacy-r8', fiscalYear: 2026, fiscalYearLabel: '令和8年度', versionLabel: '令和8年度版（テスト）', latest: true }),
        previousFormId: R7_FORM,
        alreadyRegistered: false,
        diff: {
          added: [{ itemId: '2-⑬', text: `${TEST_TEXT}（追加）` }],
          removed: [{ itemId: '2-⑧', text: catalogFile(R7_FORM).items.find((item) => item.id === '2-⑧')?.text }],
          textChanged: [{ itemId: '1-①', before: catalogFile(R7_FORM).items[0].text, after: TEST_TEXT }],
          renumbered: [{ fromItemId: '2-⑬', toItemId: '2-⑭', text: '接続元制限を実施している。' }],
          unchanged: 11,
        },
      });
      expect(response.body.form.items.map((item: { id: string }) => item.id)).toEqual(R8_ITEMS);
      expect(await formsState()).toEqual(before);
    });

    it('registers it; the earlier 2026 checklist then reads outdated (旧様式) and a new submission uses the new version', async () => {
      const created = await upload(await r8VendorWorkbook()).expect(201);
      expect(created.body).toMatchObject({ id: 'vendor-checklist-pharmacy-r8', fiscalYearLabel: '令和8年度', latest: true, supersededBy: null });
      expect(await countRows(t.db, `audit_events WHERE action = 'form.register' AND target_id = 'vendor-checklist-pharmacy-r8'`)).toBe(1);
      expect((await t.http.get(`/v1/forms/${R7_FORM}`).set(bearer(vendorToken)).expect(200)).body).toMatchObject({ latest: false, supersededBy: 'vendor-checklist-pharmacy-r8' });

      const old = (await t.http.get(checklistPath()).set(bearer(pharmacy.token)).expect(200)).body;
      expect(old).toMatchObject({ formId: R7_FORM, formOutdated: true, newerFormId: 'vendor-checklist-pharmacy-r8', formUse: { outdated: true, newerFormId: 'vendor-checklist-pharmacy-r8' } });
      expect(await standing()).toMatchObject({ status: 'form_outdated', statusLabel: expect.stringContaining('旧様式'), newerFormId: 'vendor-checklist-pharmacy-r8' });

      const draft = (await t.http.put(checklistPath()).set(bearer(vendorToken)).send({ answers: answersFor(R8_ITEMS) }).expect(200)).body;
      expect(draft).toMatchObject({ formId: 'vendor-checklist-pharmacy-r8', formOutdated: false });
      await t.http.post(`${checklistPath()}/submit`).set(bearer(vendorToken)).send({}).expect(200);
      expect(await standing()).toMatchObject({ status: 'received', formId: 'vendor-checklist-pharmacy-r8', newerFormId: null });
    });

    it('serves a pharmacy its own checklist from a combined 医療機関・薬局 version whose derived items are renumbered', async () => {
      const combinedId = 'facility-checklist-combined-r8-test';
      const bytes = await editWorkbook(await download(FACILITY_R7), (workbook) => {
        setHeader(workbook, 'id', combinedId);
        setHeader(workbook, 'audience', 'any');
        setHeader(workbook, 'series', 'facility-checklist/combined');
        setHeader(workbook, 'fiscalYear', 2026);
        setHeader(workbook, 'versionLabel', '令和8年度版（テスト）');
        setHeader(workbook, 'title', 'テスト用 医療機関・薬局確認用（令和7年度の文言による試験用の版）');
        // Section 2 moves down by one under a new first item: the derived items become 2-③ and 2-④.
        for (let n = 14; n >= 1; n--) setItem(workbook, `2-${CIRCLED[n - 1]}`, 'id', `2-${CIRCLED[n]}`);
        insertItem(workbook, '2-②', { id: '2-①', text: TEST_TEXT, textEn: 'A test item.', answers: 'はい/いいえ', required: true });
      });
      const preview = (await upload(bytes, { dryRun: true }).expect(200)).body;
      expect(preview).toMatchObject({ previousFormId: FACILITY_R7, diff: { added: [{ itemId: '2-①' }], removed: [], textChanged: [], unchanged: 5 } });
      expect(preview.diff.renumbered).toHaveLength(14);
      expect(preview.diff.renumbered).toContainEqual(expect.objectContaining({ fromItemId: '2-②', toItemId: '2-③' }));
      await upload(bytes).expect(201);

      const path = `/v1/pharmacies/${pharmacy.id}/checklists/${FY}`;
      const own = (await t.http.get(path).set(bearer(pharmacy.token)).expect(200)).body;
      expect(own.formId).toBe(combinedId);
      const derived = own.items.filter((item: { derived: boolean }) => item.derived);
      expect(derived.map((item: { itemId: string }) => item.itemId)).toEqual(['2-③', '2-④']);
      for (const item of derived) expect(item.derivation).toEqual(expect.objectContaining({ answer: expect.any(String), contracts: [expect.objectContaining({ contractId })] }));
      const answerable = own.items.filter((item: { derived: boolean }) => !item.derived).map((item: { itemId: string }) => item.itemId);
      const saved = (await t.http.put(path).set(bearer(pharmacy.token)).send({ answers: answersFor(answerable) }).expect(200)).body;
      expect(saved).toMatchObject({ formId: combinedId, formOutdated: false, missingItems: [] });
    });
  });

  describe('bad input: 4xx problem+json naming sheet, row and column, the forms table unchanged', () => {
    /** Every refusal leaves the forms table and the registrations in the audit log as they were; tried as a preview and as a registration. */
    async function refused(bytes: Buffer, status: number, code: string): Promise<Problem[]> {
      const before = await formsState();
      const preview = expectProblem(await upload(bytes, { dryRun: true }), status, code);
      const registration = expectProblem(await upload(bytes), status, code);
      expect(registration.errors).toEqual(preview.errors);
      expect(await formsState()).toEqual(before);
      return (registration.errors ?? []) as Problem[];
    }
    const fresh = (edit: (workbook: ExcelJS.Workbook) => void = () => undefined) =>
      r8VendorWorkbook('vendor-checklist-pharmacy-bad').then((bytes) =>
        editWorkbook(bytes, (workbook) => {
          setHeader(workbook, 'fiscalYear', 2041);
          edit(workbook);
        }),
      );

    it('a body that is not a workbook, a ZIP that is not an XLSX, and a ZIP that inflates past the limit', async () => {
      for (const bytes of [Buffer.from('これはExcelではありません'), Buffer.alloc(0), await zipOf([{ name: 'readme.txt', data: 'not a workbook' }])]) {
        const before = await formsState();
        const problem = expectProblem(await upload(bytes), 400, 'not_a_workbook');
        expect(problem.detail).toMatch(/(Excelブック|本文が空です).*\(.*(XLSX|ZIP|empty)/);
        expect(await formsState()).toEqual(before);
      }
      const bomb = await zipOf([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'xl/workbook.xml', data: '<workbook/>' },
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * 1024 * 1024) },
      ]);
      expect(bomb.length).toBeLessThan(200_000);
      const problem = expectProblem(await upload(bomb), 413, 'workbook_too_large');
      expect(problem.detail).toContain('展開後のブックが大きすぎます');
    });

    it('a missing sheet and a missing column', async () => {
      const noItems = await fresh((workbook) => workbook.removeWorksheet(sheet(workbook, ITEMS).id));
      expect(await refused(noItems, 400, 'validation_failed')).toEqual([{ sheet: ITEMS, message: expect.stringContaining('シート「項目 (items)」がありません') }]);
      const noAnswers = await fresh((workbook) => sheet(workbook, ITEMS).spliceColumns(itemColumn(workbook, 'answers'), 1));
      expect(await refused(noAnswers, 400, 'validation_failed')).toEqual([
        { sheet: ITEMS, row: 1, column: '回答 (answers)', message: expect.stringMatching(/^列「回答 \(answers\)」がありません \(the column "answers" is missing\)$/) },
      ]);
    });

    it('a repeated item number and an unknown answer kind', async () => {
      const bytes = await fresh((workbook) => {
        setItem(workbook, '2-③', 'id', '2-②');
        setItem(workbook, '2-④', 'answers', 'はい/たぶん');
      });
      expect(await refused(bytes, 400, 'validation_failed')).toEqual([
        { sheet: ITEMS, row: 5, column: '番号 (id)', cell: 'A5', field: 'items[3].id', message: expect.stringContaining('番号「2-②」が4行目と重複しています') },
        { sheet: ITEMS, row: 6, column: '回答 (answers)', cell: 'H6', field: 'items[4].answers', message: expect.stringContaining('「たぶん」は回答の種類にありません') },
      ]);
    });

    it('a counterpart that names no stored form, or no item of it', async () => {
      const bytes = await fresh((workbook) => {
        setItem(workbook, '2-①', 'counterpartFormId', 'facility-checklist-nowhere-r8');
        setItem(workbook, '2-②', 'counterpartItemId', '9-⑨');
      });
      expect(await refused(bytes, 400, 'validation_failed')).toEqual([
        expect.objectContaining({ sheet: ITEMS, row: 3, column: '相手方の様式ID (counterpartFormId)', cell: 'N3', message: expect.stringContaining('様式「facility-checklist-nowhere-r8」は登録されていません') }),
        expect.objectContaining({ sheet: ITEMS, row: 4, column: '相手方の番号 (counterpartItemId)', cell: 'O4', message: expect.stringContaining(`様式「${FACILITY_R7}」に番号「9-⑨」の項目はありません`) }),
      ]);
    });

    it('rules of a definition, placed in Japanese: an answer set a checklist does not print, a role on a vendor form', async () => {
      const bytes = await fresh((workbook) => {
        setItem(workbook, '2-①', 'answers', 'はい/対象外');
        setItem(workbook, '2-②', 'role', 'derived_security_disclosure');
      });
      expect(await refused(bytes, 400, 'validation_failed')).toEqual([
        expect.objectContaining({ sheet: ITEMS, row: 3, column: '回答 (answers)', field: 'items[1].answers', message: expect.stringMatching(/^チェックリストの回答は「はい\/いいえ」から選んでください \(items\[1\]\.answers: /) }),
        expect.objectContaining({ sheet: ITEMS, row: 4, column: '役割 (role)', field: 'items[2].role', message: expect.stringContaining('役割は医療機関・薬局確認用') }),
      ]);
    });

    it('a version that collides with an existing id or series, 年度 and revision', async () => {
      const sameId = await fresh((workbook) => setHeader(workbook, 'id', R7_FORM));
      expect(await refused(sameId, 409, 'form_exists')).toEqual([expect.objectContaining({ sheet: HEADER, row: 2, column: '値 (value)', field: 'id', message: expect.stringContaining('すでに登録されています') })]);
      const sameRank = await editWorkbook(await download(R7_FORM), (workbook) => setHeader(workbook, 'id', 'vendor-checklist-pharmacy-r7-again'));
      const places = await refused(sameRank, 409, 'form_version_exists');
      expect(places.map((place) => place.field)).toEqual(['series', 'fiscalYear', 'revision']);
      expect(places[0]).toMatchObject({ sheet: HEADER, row: 5, message: expect.stringContaining('改訂番号を上げてください') });
    });

    it(`a file over ${WORKBOOK_MAX_BYTES} bytes, refused without taking the process down; a workbook near the limit is read`, async () => {
      const before = await formsState();
      expectProblem(await upload(Buffer.alloc(WORKBOOK_MAX_BYTES, 0x20)), 400, 'not_a_workbook');
      const over = expectProblem(await upload(Buffer.alloc(WORKBOOK_MAX_BYTES + 1, 0x20)), 413, 'workbook_too_large');
      expect(over).toMatchObject({ limitBytes: WORKBOOK_MAX_BYTES, detail: expect.stringContaining('ファイルが大きすぎます') });
      expectProblem(await upload(Buffer.alloc(3 * WORKBOOK_MAX_BYTES, 0x20)), 413, 'payload_too_large');
      const near = await editWorkbook(await fresh(), (workbook) => addPadding(workbook, WORKBOOK_MAX_BYTES - 150_000));
      expect(near.length).toBeGreaterThan(WORKBOOK_MAX_BYTES * 0.8);
      expect(near.length).toBeLessThanOrEqual(WORKBOOK_MAX_BYTES);
      expect((await upload(near, { dryRun: true }).expect(200)).body.form.id).toBe('vendor-checklist-pharmacy-bad');
      await t.http.get('/health').expect(200);
      expect(await formsState()).toEqual(before);
    });
  });

  describe('access', () => {
    it('registering and previewing are the operator’s alone: 404 to vendors, pharmacies and chains, whatever the body', async () => {
      const pharmacy = (await f.tenant('pharmacy')).admin;
      const chain = (await f.tenant('chain')).admin;
      const bytes = await r8VendorWorkbook('vendor-checklist-pharmacy-not-yours');
      const json = { ...catalogFile(R7_FORM), id: 'vendor-checklist-pharmacy-not-yours', fiscalYear: 2042 };
      const before = await formsState();
      for (const user of [vendor, pharmacy, chain]) {
        for (const dryRun of [false, true]) {
          expectProblem(await upload(bytes, { dryRun, token: user.token }), 404, 'not_found');
          expectProblem(await t.http.post(`/v1/forms${dryRun ? '?dryRun=true' : ''}`).set(bearer(user.token)).send(json), 404, 'not_found');
          // Not even a malformed body tells them more.
          expectProblem(await upload(Buffer.from('x'), { dryRun, token: user.token }), 404, 'not_found');
        }
      }
      expectProblem(await upload(bytes, { token: await s.clientToken(vendor) }), 403, 'users_only');
      expect(await formsState()).toEqual(before);
      // Reading stays open to all who may read forms.
      await download(R7_FORM, pharmacy.token);
    });
  });
});
