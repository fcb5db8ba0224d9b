import { countRows, expectProblem, invalidFields } from './support/assertions';
import { bearer, Factory, TestUser } from './support/factories';
import { fullAnswers, Publishing, SDS_FORM_ID, SDS_ITEM_IDS } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

interface Answer {
  itemId: string;
  answer: string;
  remarks: string | null;
  text: string;
  section: string | null;
  uncatalogued: boolean;
}

/** A new draft "from the previous revision" (POST /v1/disclosures with copyFrom: 'previous'), as the portal's editor starts one. */
describe('disclosure drafts from the previous revision', () => {
  let t: TestApp;
  let p: Publishing;
  beforeAll(async () => {
    t = await startTestApp();
    p = new Publishing(t, new Factory(t));
  });
  afterAll(() => t.close());

  const ofProduct = (productId: string) => countRows(t.db, 'disclosures WHERE product_id = $1', [productId]);
  const withdraw = (user: TestUser, id: string) => t.http.post(`/v1/disclosures/${id}/withdraw`).set(bearer(user.token)).send({ reason: '記載誤りのため' }).expect(200);
  const copy = (user: TestUser, productId: string, extra: Record<string, unknown> = {}) =>
    p.createDisclosure(user, { productId, productVersion: '6.0', kind: 'SDS', copyFrom: 'previous', ...extra });

  it('copies the latest revision’s answers (remarks and uncatalogued items too), form and audience into revision n+1', async () => {
    const { vendor, product, pharmacy, contract } = await p.setup();
    const extra = { itemId: 'X-1', answer: 'はい', itemText: 'ワークブックにだけある項目', section: '技術的安全対策', remarks: '独自項目' };
    const first = await p.published(vendor.admin, product.id, { answers: [...fullAnswers(), extra], audience: 'selected_contracts', contractIds: [contract.id] });
    const second = await p.published(vendor.admin, product.id, { answers: fullAnswers({ '4': 'いいえ' }), audience: 'selected_contracts', contractIds: [contract.id] });

    const draft = (await copy(vendor.admin, product.id).expect(201)).body;
    expect(draft).toMatchObject({ status: 'draft', revision: 3, formId: SDS_FORM_ID, audience: 'selected_contracts', contractIds: [contract.id] });
    const answers = draft.answers as Answer[];
    // The latest revision (the second), not the first: item 4 いいえ, no uncatalogued item.
    expect(answers.map((a) => a.itemId)).toEqual(SDS_ITEM_IDS);
    expect(answers.find((a) => a.itemId === '4')?.answer).toBe('いいえ');
    expect(answers.find((a) => a.itemId === '3')).toMatchObject({ answer: '対象外', remarks: '外部保存は受託しない' });
    const audit = await t.db.query(`SELECT details FROM audit_events WHERE action = 'disclosure.create' AND target_id = $1`, [draft.id]);
    expect(audit[0].details.copiedFrom).toEqual({ id: second.id, revision: 2 });

    // The pharmacy still reads the published revision; the copy is the vendor's draft only.
    await t.http.get(`/v1/disclosures/${draft.id}`).set(bearer(pharmacy.admin.token)).expect(404);
    expect(first.status).toBe('published');

    // From a revision with an uncatalogued item: carried with its own text and section.
    const other = await p.product(vendor.admin);
    await p.published(vendor.admin, other.id, { answers: [...fullAnswers(), extra] });
    const carried = (await copy(vendor.admin, other.id).expect(201)).body.answers as Answer[];
    expect(carried.at(-1)).toMatchObject({ itemId: 'X-1', text: 'ワークブックにだけある項目', section: '技術的安全対策', remarks: '独自項目', uncatalogued: true });
  });

  it('takes the caller’s answers in place of single copied items, and a new audience', async () => {
    const { vendor, product } = await p.setup();
    await p.published(vendor.admin, product.id);
    const draft = (
      await copy(vendor.admin, product.id, { answers: [{ itemId: '2', answer: 'はい', remarks: '一覧を提示できるようにした' }], audience: 'all_customers' }).expect(201)
    ).body;
    const answers = draft.answers as Answer[];
    expect(answers).toHaveLength(SDS_ITEM_IDS.length);
    expect(answers.find((a) => a.itemId === '2')).toMatchObject({ answer: 'はい', remarks: '一覧を提示できるようにした' });
    expect(draft.reviewCount).toBe(1);
    // Publishable at once: every required item came along.
    await p.publish(vendor.admin, draft.id);
  });

  it('copies a withdrawn revision (the vendor corrects it and publishes again)', async () => {
    const { vendor, product, contract } = await p.setup();
    const published = await p.published(vendor.admin, product.id, { audience: 'selected_contracts', contractIds: [contract.id] });
    await withdraw(vendor.admin, published.id);
    const draft = (await copy(vendor.admin, product.id).expect(201)).body;
    expect(draft).toMatchObject({ revision: 2, audience: 'selected_contracts', contractIds: [contract.id], reviewCount: 2 });
  });

  it('answers 422 no_previous_revision when the product version has no earlier revision, and writes nothing', async () => {
    const { vendor, product } = await p.setup();
    await p.published(vendor.admin, product.id, { productVersion: '7.0' });
    const before = await ofProduct(product.id);
    const problem = expectProblem(await copy(vendor.admin, product.id), 422, 'no_previous_revision');
    expect(problem.detail).toContain('以前の版がありません');
    expectProblem(await copy(vendor.admin, product.id, { productVersion: '7.0', kind: 'MDS' }), 422, 'no_previous_revision');
    expect(await ofProduct(product.id)).toBe(before);
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const { vendor, product } = await p.setup();
    await p.published(vendor.admin, product.id);
    const before = await ofProduct(product.id);
    expect(invalidFields(await copy(vendor.admin, product.id, { copyFrom: 'first' }))).toEqual(['copyFrom']);
    expect(invalidFields(await copy(vendor.admin, product.id, { answers: [{ itemId: '2', answer: 'たぶん' }] }))).toEqual(['answers[0].answer']);
    expect(invalidFields(await copy(vendor.admin, product.id, { formId: 'no-such-form' }))).toEqual(['formId']);
    expect(invalidFields(await copy(vendor.admin, product.id, { contractIds: [product.id] }))).toEqual(['contractIds']);
    // Without copyFrom, audience and answers stay required.
    expect(invalidFields(await p.createDisclosure(vendor.admin, { productId: product.id, productVersion: '8.0', kind: 'SDS' })).sort()).toEqual(['answers', 'audience']);
    expect(await ofProduct(product.id)).toBe(before);
    // A draft already open: the copy is refused like any second draft.
    await copy(vendor.admin, product.id).expect(201);
    expectProblem(await copy(vendor.admin, product.id), 409, 'draft_exists');
  });

  it('never copies another vendor’s revision: a rival naming the product gets 400, and its own product with no revision 422', async () => {
    const { vendor, product } = await p.setup();
    await p.published(vendor.admin, product.id);
    const rival = await p.vendor();
    const before = await ofProduct(product.id);
    expect(invalidFields(await copy(rival.admin, product.id))).toEqual(['productId']);
    expect(await ofProduct(product.id)).toBe(before);
    const own = await p.product(rival.admin);
    expectProblem(await copy(rival.admin, own.id), 422, 'no_previous_revision');
  });
});
