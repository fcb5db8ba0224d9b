import { expectProblem } from './support/assertions';
import { downloadWorkbook, edited, fieldOf, FORM_SHEET, problemsOf, setField, tableRows, uploadWorkbook } from './support/answer-workbooks';
import { bearer, Factory } from './support/factories';
import { loadWorkbook } from './support/form-workbooks';
import { Publishing, SDS_FORM_ID, SDS_ITEM_IDS } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

const BASE = '/v1/disclosure-workbooks';

/** MDS/SDS as an Excel round trip (issue 14, item 6): one sheet per product, one draft per sheet, all or nothing. */
describe('disclosure workbooks', () => {
  let t: TestApp;
  let p: Publishing;
  beforeAll(async () => {
    t = await startTestApp();
    p = new Publishing(t, new Factory(t));
  });
  afterAll(() => t.close());

  const draftsOf = (productIds: string[]) =>
    t.db.query<{ id: string; product_id: string; status: string; answers: number }[]>(
      `SELECT d.id, d.product_id, d.status, (SELECT count(*)::int FROM disclosure_answers a WHERE a.disclosure_id = d.id) AS answers
         FROM disclosures d WHERE d.product_id = ANY($1::uuid[]) ORDER BY d.created_at`,
      [productIds],
    );

  /** Item 1 asks 該当/非該当; the others はい/いいえ/対象外. */
  const yes = (itemId: unknown) => (itemId === '1' ? '該当' : 'はい');
  /** Every listed item answered on every product sheet. */
  const answerAll = (workbook: import('exceljs').Workbook) => {
    for (const sheet of workbook.worksheets.filter((w) => w.name !== FORM_SHEET && !w.name.includes('(guide)'))) {
      for (const row of tableRows(sheet)) if (row.get('itemId')) row.set('answer', yes(row.get('itemId')));
    }
  };

  it('downloads one sheet per product, creates one draft per sheet, prefills them and replaces them on the next upload', async () => {
    const vendor = await p.vendor();
    const [cloud, onPremises] = [await p.product(vendor.admin), await p.product(vendor.admin, { deployment: 'on-premises', versions: ['3.1'] })];
    const token = vendor.admin.token;
    const blank = await downloadWorkbook(t, token, `${BASE}?formId=${SDS_FORM_ID}&productId=${cloud.id},${onPremises.id}`);
    expect(blank.status).toBe(200);
    const book = await loadWorkbook(blank.bytes);
    expect(book.worksheets).toHaveLength(4);
    expect([fieldOf(book.worksheets[0], 'kind'), fieldOf(book.worksheets[1], 'kind')]).toEqual(['SDS', 'MDS']);
    expect(fieldOf(book.worksheets[1], 'productVersion')).toBe('3.1');
    expect(tableRows(book.worksheets[0]).map((r) => r.get('itemId'))).toEqual(SDS_ITEM_IDS);

    // The form is partial: an uncatalogued item is taken with its own text and section.
    const filled = await edited(blank.bytes, (workbook) => {
      answerAll(workbook);
      workbook.worksheets[0].addRow(['99.1', '独自の区分', '【テスト用の文言】収録外の項目', '対象外', '理由']);
    });
    const dry = await uploadWorkbook(t, token, `${BASE}?dryRun=true`, filled);
    expect(dry.status).toBe(200);
    expect(dry.body.sheets.map((s: { action: string; answers: number }) => [s.action, s.answers])).toEqual([
      ['create', SDS_ITEM_IDS.length + 1],
      ['create', SDS_ITEM_IDS.length],
    ]);
    expect(await draftsOf([cloud.id, onPremises.id])).toEqual([]);

    const created = await uploadWorkbook(t, token, BASE, filled);
    expect(created.status).toBe(200);
    const disclosure = await t.http.get(`/v1/disclosures/${created.body.sheets[0].disclosureId}`).set(bearer(token));
    expect(disclosure.body).toMatchObject({ status: 'draft', kind: 'SDS', productVersion: '6.0' });
    expect(disclosure.body.answers.find((a: { itemId: string }) => a.itemId === '99.1')).toMatchObject({ answer: '対象外' });

    const prefilled = await loadWorkbook((await downloadWorkbook(t, token, `${BASE}?productId=${cloud.id}&productId=${onPremises.id}&prefilled=true`)).bytes);
    const rows = tableRows(prefilled.worksheets[0]);
    expect(rows.map((r) => r.get('answer'))).toEqual([...SDS_ITEM_IDS.map(yes), '対象外']);
    const changed = await edited(Buffer.from(await prefilled.xlsx.writeBuffer()), (workbook) => tableRows(workbook.worksheets[0])[1].set('answer', 'いいえ'));
    const replaced = await uploadWorkbook(t, token, BASE, changed);
    expect(replaced.body.sheets.map((s: { action: string }) => s.action)).toEqual(['update', 'update']);
    expect((await draftsOf([cloud.id, onPremises.id])).map((d) => d.status)).toEqual(['draft', 'draft']);
  });

  it('places problems by sheet, row and column and writes no sheet when any is wrong', async () => {
    const vendor = await p.vendor();
    const rival = await p.vendor();
    const [mine, theirs] = [await p.product(vendor.admin), await p.product(rival.admin)];
    const second = await p.product(vendor.admin);
    const blank = await downloadWorkbook(t, vendor.admin.token, `${BASE}?productId=${mine.id},${second.id}`);
    const broken = await edited(blank.bytes, (workbook) => {
      answerAll(workbook);
      tableRows(workbook.worksheets[0])[2].set('answer', 'たぶん');
      setField(workbook.worksheets[1], 'productId', theirs.id);
      workbook.worksheets[0].addRow(['99.2', null, null, 'はい']);
    });
    const response = await uploadWorkbook(t, vendor.admin.token, BASE, broken);
    expectProblem(response, 422, 'workbook_invalid');
    const problems = problemsOf(response);
    expect(problems.find((x) => x.message.includes('1.2: 回答は'))).toMatchObject({ sheet: blank && problems[0].sheet, column: '回答 (answer)' });
    expect(problems.find((x) => x.message.includes('あなたの製品にありません'))).toMatchObject({ cell: 'B1' });
    expect(problems.find((x) => x.message.includes('99.2'))).toMatchObject({ column: '項目 (itemText)' });
    expect(JSON.stringify(response.body)).not.toContain(theirs.name);
    expect(await draftsOf([mine.id, second.id, theirs.id])).toEqual([]);
    expect((await downloadWorkbook(t, vendor.admin.token, `${BASE}?productId=${theirs.id}`)).status).toBe(404);
  });

  it('refuses a pharmacy, an API client without disclosures:write, a book of a checklist form', async () => {
    const { vendor, product, pharmacy } = await p.setup();
    expectProblem(await t.http.get(`${BASE}?productId=${product.id}`).set(bearer(pharmacy.admin.token)), 403, 'vendor_required');
    const blank = await downloadWorkbook(t, vendor.admin.token, `${BASE}?productId=${product.id}`);
    const reader = await p.clientToken(vendor.admin, []);
    expect((await uploadWorkbook(t, reader, BASE, blank.bytes)).status).toBe(403);
    const checklistForm = await edited(blank.bytes, (workbook) => setField(workbook.getWorksheet(FORM_SHEET) as never, 'formId', 'vendor-checklist-pharmacy-r7'));
    expectProblem(await uploadWorkbook(t, vendor.admin.token, BASE, checklistForm), 422, 'workbook_invalid');
    expectProblem(await t.http.get(`${BASE}?productId=not-a-uuid`).set(bearer(vendor.admin.token)), 400);
  });
});
