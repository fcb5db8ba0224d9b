import { randomBytes, randomUUID } from 'node:crypto';
import { expectProblem } from './support/assertions';
import { answerAll, ANSWERS_SHEET, downloadWorkbook, edited, fieldOf, FORM_SHEET, problemsOf, rowsWorkbook, setField, tableRows, uploadWorkbook } from './support/answer-workbooks';
import { ChecklistSetup, CONFIRMED, FY, R7_FORM, R7_ITEMS, Vendor } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { addPadding, loadWorkbook, sheet, zipOf } from './support/form-workbooks';
import { startTestApp, TestApp } from './support/test-app';

const BASE = '/v1/checklist-workbooks';
const MAX_BYTES = 10 * 1024 * 1024;

/** 事業者確認用 as an Excel round trip (issue 14, item 6): download, fill in, upload as drafts or submissions. */
describe('checklist workbooks', () => {
  let t: TestApp;
  let f: Factory;
  let s: ChecklistSetup;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    s = new ChecklistSetup(t, f);
  });
  afterAll(() => t.close());

  /** A vendor with `count` pharmacies under maintenance contracts. */
  async function vendorWith(count: number): Promise<{ vendor: Vendor; contracts: { contractId: string; pharmacyCode: string }[] }> {
    const vendor = await s.vendor();
    return { vendor, contracts: await s.sqlContracts(vendor, count) };
  }
  const statuses = (contractIds: string[]) =>
    t.db.query<{ contract_id: string; status: string; revision: number }[]>('SELECT contract_id, status, revision FROM vendor_checklists WHERE contract_id = ANY($1::uuid[]) ORDER BY revision', [contractIds]);

  it('downloads a blank rows book, takes it back filled: dry run, drafts, prefilled, submission', async () => {
    const { vendor, contracts } = await vendorWith(2);
    const token = vendor.admin.token;
    const blank = await downloadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&layout=rows`);
    expect(blank.status).toBe(200);
    expect(blank.response.headers['content-type']).toContain('spreadsheetml');
    const book = await loadWorkbook(blank.bytes);
    expect(book.worksheets.map((w) => w.name)).toEqual([ANSWERS_SHEET, FORM_SHEET, '記入方法 (guide)']);
    expect(fieldOf(sheet(book, FORM_SHEET), 'formId')).toBe(R7_FORM);
    const rows = tableRows(sheet(book, ANSWERS_SHEET));
    expect(rows).toHaveLength(2 * R7_ITEMS.length);
    expect(new Set(rows.map((r) => r.get('contractId')))).toEqual(new Set(contracts.map((c) => c.contractId)));
    expect(rows.map((r) => r.get('answer')).every((a) => a === null)).toBe(true);

    const filled = await edited(blank.bytes, (workbook) => answerAll(workbook, CONFIRMED));
    const dry = await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=submit&dryRun=true`, filled);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ formId: R7_FORM, customers: 2, answers: 2 * R7_ITEMS.length, changed: 2, created: 0, failed: 0, dryRun: true });
    expect(dry.body.results[0]).toMatchObject({ change: 'new', status: 'valid' });
    expect(await statuses(contracts.map((c) => c.contractId))).toEqual([]);

    const drafts = await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=draft`, filled);
    expect(drafts.status).toBe(200);
    expect(drafts.body).toMatchObject({ saved: 2, failed: 0 });
    expect((await statuses(contracts.map((c) => c.contractId))).map((r) => r.status)).toEqual(['draft', 'draft']);

    // The prefilled book carries the drafts' answers back, dates as dates.
    const prefilled = await loadWorkbook((await downloadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&prefilled=true`)).bytes);
    const again = tableRows(sheet(prefilled, ANSWERS_SHEET));
    expect(again.every((r) => r.get('answer') === 'はい')).toBe(true);
    expect((again[0].get('confirmedOn') as Date).toISOString().slice(0, 10)).toBe(CONFIRMED);

    const submitted = await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=submit`, filled);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ created: 2, failed: 0 });
    const checklist = await t.http.get(`/v1/contracts/${contracts[0].contractId}/checklists/${FY}`).set(bearer(token));
    expect(checklist.body).toMatchObject({ status: 'submitted', revision: 1 });
    expect(checklist.body.answers).toHaveLength(R7_ITEMS.length);
  });

  it('takes the sheets layout back: one customer changed to いいえ with a 目標日, the other unchanged', async () => {
    const { vendor, contracts } = await vendorWith(2);
    const token = vendor.admin.token;
    const blank = await downloadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&layout=sheets`);
    const filled = await edited(blank.bytes, (workbook) => {
      answerAll(workbook, CONFIRMED);
      setField(workbook.worksheets[0], 'managerName', '管理 花子');
    });
    expect((await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=submit`, filled)).body).toMatchObject({ created: 2 });
    const changed = await edited(filled, (workbook) => {
      const row = tableRows(workbook.worksheets[0]).find((r) => r.get('itemId') === '2-④');
      row?.set('answer', 'いいえ');
      row?.set('targetOn', '2026-03-01');
    });
    const dry = await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=submit&dryRun=true`, changed);
    expect(dry.body.results.map((r: { change: string; changedItems: string[] }) => [r.change, r.changedItems])).toEqual([
      ['changed', ['2-④']],
      ['unchanged', []],
    ]);
    const result = await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=submit`, changed);
    expect(result.body).toMatchObject({ created: 1, unchanged: 1 });
    const checklist = await t.http.get(`/v1/contracts/${result.body.results[0].contractId}/checklists/${FY}`).set(bearer(token));
    expect(checklist.body).toMatchObject({ revision: 2, managerName: '管理 花子' });
    expect(contracts.map((c) => c.contractId)).toContain(result.body.results[0].contractId);
  });

  it('places every problem by sheet, row and column, and writes nothing', async () => {
    const { vendor, contracts } = await vendorWith(3);
    const rival = await vendorWith(1);
    const token = vendor.admin.token;
    const blank = await downloadWorkbook(t, token, `${BASE}?fiscalYear=${FY}`);
    const [first, second, third] = contracts.map((c) => c.contractId);
    const broken = await edited(blank.bytes, (workbook) => {
      answerAll(workbook, CONFIRMED);
      const rows = tableRows(sheet(workbook, ANSWERS_SHEET));
      const of = (contractId: string, itemId: string) => rows.find((r) => r.get('contractId') === contractId && r.get('itemId') === itemId);
      of(first, '2-①')?.set('itemId', '9-⑨');
      of(first, '2-②')?.set('answer', 'たぶん');
      of(first, '2-③')?.set('confirmedOn', null);
      of(first, '2-④')?.set('confirmedOn', '2024-05-01');
      of(first, '2-⑤')?.set('answer', 'いいえ');
      of(first, '2-⑤')?.set('targetOn', '2026-06-01');
      // The second customer, named once more by its 保険薬局コード only; the third's rows name a rival's contract and one that does not exist.
      const twice = of(second, '1-①');
      twice?.set('contractId', null);
      twice?.set('pharmacyCode', contracts[1].pharmacyCode);
      of(third, '1-①')?.set('contractId', rival.contracts[0].contractId);
      of(third, '2-①')?.set('contractId', randomUUID());
    });
    const response = await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=draft`, broken);
    expectProblem(response, 422, 'workbook_invalid');
    const problems = problemsOf(response);
    const at = (text: string) => problems.filter((p) => p.message.includes(text));
    expect(at('9-⑨')[0]).toMatchObject({ sheet: ANSWERS_SHEET, column: '番号 (itemId)' });
    expect(at('9-⑨')[0].cell).toMatch(/^D\d+$/);
    expect(at('2-②: 回答は')[0]).toMatchObject({ column: '回答 (answer)' });
    expect(at('2-③: 確認日が必要です')[0]).toMatchObject({ column: '確認日 (confirmedOn)' });
    expect(at('2-④: 確認日は令和7年度')[0]).toMatchObject({ column: '確認日 (confirmedOn)' });
    expect(at('2-⑤: 目標日は令和7年度')[0]).toMatchObject({ column: '目標日 (targetOn)' });
    // Named once by 保険薬局コード (its first row) and once by 契約ID: the second naming is the one refused.
    expect(at('同じ顧客が')[0]).toMatchObject({ sheet: ANSWERS_SHEET, column: '契約ID (contractId)' });
    // A rival's contract and a made-up one read alike: nothing tells that the rival's exists.
    const unknown = at('あなたの契約にありません');
    expect(unknown).toHaveLength(2);
    expect(new Set(unknown.map((p) => p.message)).size).toBe(1);
    expect(JSON.stringify(response.body)).not.toContain(rival.contracts[0].pharmacyCode);
    expect(await statuses([first, second, third])).toEqual([]);
  });

  it('submits each sound customer whole and reports the others with their places', async () => {
    const { vendor, contracts } = await vendorWith(2);
    const blank = await downloadWorkbook(t, vendor.admin.token, `${BASE}?fiscalYear=${FY}`);
    const book = await edited(blank.bytes, (workbook) => {
      answerAll(workbook, CONFIRMED);
      const row = tableRows(sheet(workbook, ANSWERS_SHEET)).find((r) => r.get('contractId') === contracts[1].contractId && r.get('itemId') === '2-⑥');
      row?.set('answer', null);
    });
    const response = await uploadWorkbook(t, vendor.admin.token, `${BASE}?fiscalYear=${FY}&mode=submit`, book);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 1, failed: 1 });
    const failed = response.body.results.find((r: { contractId: string }) => r.contractId === contracts[1].contractId);
    expect(failed).toMatchObject({ status: 'error' });
    expect(failed.problems[0]).toMatchObject({ sheet: ANSWERS_SHEET, column: '回答 (answer)' });
    expect(failed.problems[0].message).toContain('2-⑥');
    expect((await statuses(contracts.map((c) => c.contractId))).map((r) => r.contract_id)).toEqual([contracts[0].contractId]);
  });

  it('refuses a book of another form version or 年度, and what is not an XLSX', async () => {
    const { vendor } = await vendorWith(1);
    const token = vendor.admin.token;
    const blank = await downloadWorkbook(t, token, `${BASE}?fiscalYear=${FY}`);
    const otherForm = await edited(blank.bytes, (workbook) => setField(sheet(workbook, FORM_SHEET), 'formId', 'vendor-checklist-medical-r7'));
    const filledOther = await edited(otherForm, (workbook) => answerAll(workbook, CONFIRMED));
    const wrongForm = await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=draft`, filledOther);
    expectProblem(wrongForm, 422, 'workbook_invalid');
    expect(problemsOf(wrongForm)[0].message).toContain('vendor-checklist-medical-r7');
    const sdsForm = await edited(blank.bytes, (workbook) => setField(sheet(workbook, FORM_SHEET), 'formId', 'security-disclosure-jahis-jira-for-guideline-6.0'));
    expect(problemsOf(await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=draft`, sdsForm))[0]).toMatchObject({ sheet: FORM_SHEET, cell: 'B1' });
    const wrongYear = await uploadWorkbook(t, token, `${BASE}?fiscalYear=2024&mode=draft`, blank.bytes);
    expectProblem(wrongYear, 422, 'workbook_invalid');
    expect(problemsOf(wrongYear)[0]).toMatchObject({ sheet: FORM_SHEET, cell: 'B2' });

    expectProblem(await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=draft`, randomBytes(2048)), 400, 'not_a_workbook');
    expectProblem(await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=draft`, await zipOf([{ name: 'a.txt', data: 'x' }])), 400, 'not_a_workbook');
    const json = await t.http.post(`${BASE}?fiscalYear=${FY}&mode=draft`).set(bearer(token)).send({ entries: [] });
    expect(json.status).toBe(400);
  });

  it('takes a book up to 10 MB and refuses one over it', async () => {
    const { vendor, contracts } = await vendorWith(1);
    const token = vendor.admin.token;
    const base = await rowsWorkbook(R7_FORM, FY, [contracts[0].contractId], R7_ITEMS, CONFIRMED);
    const padded = async (bytes: number) => edited(base, (workbook) => addPadding(workbook, bytes));
    const near = await padded(MAX_BYTES - 300_000);
    expect(near.length).toBeLessThanOrEqual(MAX_BYTES);
    expect(near.length).toBeGreaterThan(MAX_BYTES * 0.9);
    expect((await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=draft&dryRun=true`, near)).status).toBe(200);
    // One byte over: the service says what the limit is; far over, the framework stops reading.
    const over = Buffer.concat([near, Buffer.alloc(MAX_BYTES + 1 - near.length)]);
    const refused = expectProblem(await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=draft&dryRun=true`, over), 413, 'workbook_too_large');
    expect(refused.limitBytes).toBe(MAX_BYTES);
    expectProblem(await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=draft&dryRun=true`, Buffer.alloc(MAX_BYTES + 200_000)), 413);
  }, 120_000);

  it('reads 2,000 customers (the bulk limit) and refuses 2,001', async () => {
    const { vendor, contracts } = await vendorWith(2_001);
    const token = vendor.admin.token;
    const ids = contracts.map((c) => c.contractId);
    const atLimit = await rowsWorkbook(R7_FORM, FY, ids.slice(0, 2_000), R7_ITEMS, CONFIRMED);
    const dry = await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=submit&dryRun=true`, atLimit);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ customers: 2_000, answers: 2_000 * R7_ITEMS.length, failed: 0 });
    const over = await rowsWorkbook(R7_FORM, FY, ids, R7_ITEMS, CONFIRMED);
    expectProblem(await uploadWorkbook(t, token, `${BASE}?fiscalYear=${FY}&mode=submit&dryRun=true`, over), 422, 'too_many_customers');
    expectProblem(await t.http.get(`${BASE}?fiscalYear=${FY}`).set(bearer(token)), 422, 'too_many_customers');
  }, 180_000);

  it('is for vendors: a pharmacy is refused, an API client needs checklists:write, a rival sees only its own customers', async () => {
    const { vendor, contracts } = await vendorWith(1);
    const pharmacy = await s.pharmacy();
    expectProblem(await t.http.get(`${BASE}?fiscalYear=${FY}`).set(bearer(pharmacy.admin.token)), 403, 'vendor_required');
    const blank = await downloadWorkbook(t, vendor.admin.token, `${BASE}?fiscalYear=${FY}`);
    expectProblem(await uploadWorkbook(t, pharmacy.admin.token, `${BASE}?fiscalYear=${FY}&mode=draft`, blank.bytes), 403, 'vendor_required');
    const readOnly = await s.clientToken(vendor.admin, []);
    expect((await downloadWorkbook(t, readOnly, `${BASE}?fiscalYear=${FY}`)).status).toBe(200);
    expect((await uploadWorkbook(t, readOnly, `${BASE}?fiscalYear=${FY}&mode=draft`, blank.bytes)).status).toBe(403);
    const rival = await s.vendor();
    const theirs = await loadWorkbook((await downloadWorkbook(t, rival.admin.token, `${BASE}?fiscalYear=${FY}`)).bytes);
    expect(tableRows(sheet(theirs, ANSWERS_SHEET))).toHaveLength(0);
    const filled = await edited(blank.bytes, (workbook) => answerAll(workbook, CONFIRMED));
    const refused = await uploadWorkbook(t, rival.admin.token, `${BASE}?fiscalYear=${FY}&mode=submit`, filled);
    expectProblem(refused, 422, 'workbook_invalid');
    expect(problemsOf(refused)[0].message).toContain('あなたの契約にありません');
    expect(await statuses([contracts[0].contractId])).toEqual([]);
  });
});
