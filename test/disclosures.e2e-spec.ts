import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_DIRECTORY } from '../src/forms/form-catalog.loader';
import { countRows, expectProblem, invalidFields, sqlError } from './support/assertions';
import { bearer, Factory, TestUser } from './support/factories';
import { Disclosure, fullAnswers, ITEM_2_TEXT, Publishing, SDS_FORM_ID, SDS_ITEM_IDS } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

/** MDS/SDS/RM-SDS disclosures: validation against the form, draft → published → superseded/withdrawn, audiences, agents. */
describe('disclosures', () => {
  let t: TestApp;
  let p: Publishing;
  beforeAll(async () => {
    t = await startTestApp();
    p = new Publishing(t, new Factory(t));
  });
  afterAll(() => t.close());

  const get = (user: TestUser | string, id: string) => t.http.get(`/v1/disclosures/${id}`).set(bearer(typeof user === 'string' ? user : user.token));
  const patch = (user: TestUser | string, id: string, body: Record<string, unknown>) => t.http.patch(`/v1/disclosures/${id}`).set(bearer(typeof user === 'string' ? user : user.token)).send(body);
  const act = (user: TestUser | string, id: string, action: 'publish' | 'withdraw', body: Record<string, unknown> = {}) =>
    t.http.post(`/v1/disclosures/${id}/${action}`).set(bearer(typeof user === 'string' ? user : user.token)).send(body);
  const list = async (user: TestUser, filter = '') => (await t.http.get(`/v1/disclosures?limit=100${filter}`).set(bearer(user.token)).expect(200)).body.items as Disclosure[];
  const ofProduct = (productId: string) => countRows(t.db, 'disclosures WHERE product_id = $1', [productId]);
  const sds = (productId: string, extra: Record<string, unknown> = {}) => ({ productId, productVersion: '6.0', kind: 'SDS', audience: 'all_customers', answers: fullAnswers(), ...extra });

  it('creates a draft with every answer in form order, the item texts and the review count', async () => {
    const { vendor, product } = await p.setup();
    const draft = (await p.createDisclosure(vendor.admin, sds(product.id, { answers: [...fullAnswers()].reverse() })).expect(201)).body;
    expect(draft).toMatchObject({
      kind: 'SDS',
      status: 'draft',
      statusLabel: '下書き',
      revision: 1,
      vendor: { id: vendor.org.id },
      author: { id: vendor.org.id },
      product: { id: product.id, name: product.name, category: 'レセコン' },
      productVersion: '6.0',
      formId: SDS_FORM_ID,
      formOutdated: false,
      newerFormId: null,
      audience: 'all_customers',
      contractIds: [],
      reviewCount: 2,
      attachment: null,
      publishedAt: null,
    });
    expect(draft.answers.map((a: { itemId: string }) => a.itemId)).toEqual(SDS_ITEM_IDS);
    expect(draft.answers[3]).toEqual({ itemId: '2', section: expect.stringContaining('ISMS'), text: ITEM_2_TEXT, textEn: expect.any(String), answer: 'いいえ', remarks: null, needsReview: true, uncatalogued: false });
    expect(draft.answers[4]).toMatchObject({ itemId: '3', answer: '対象外', remarks: '外部保存は受託しない', needsReview: true });
    expect(await countRows(t.db, 'disclosure_answers WHERE disclosure_id = $1', [draft.id])).toBe(14);
    expect(await countRows(t.db, `audit_events WHERE action = 'disclosure.create' AND target_id = $1`, [draft.id])).toBe(1);
    expectProblem(await p.createDisclosure(vendor.admin, sds(product.id)), 409, 'draft_exists');
    expect(await ofProduct(product.id)).toBe(1);
  });

  it('answers 409 (not 500) to all but one of simultaneous drafts, or publications, of the same disclosure', async () => {
    const { vendor, product } = await p.setup();
    const responses = await Promise.all([1, 2, 3, 4].map(() => p.createDisclosure(vendor.admin, sds(product.id, { kind: 'MDS' }))));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const response of responses.filter((r) => r.status === 409)) expectProblem(response, 409, 'draft_exists');
    expect(await ofProduct(product.id)).toBe(1);
    const id = (responses.find((r) => r.status === 201)?.body as Disclosure).id;
    const published = await Promise.all([1, 2, 3, 4].map(() => act(vendor.admin, id, 'publish')));
    expect(published.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect(await countRows(t.db, `audit_events WHERE action = 'disclosure.publish' AND target_id = $1`, [id])).toBe(1);
  });

  it.each<[string, (ids: { product: string; other: string; proposed: string }) => Record<string, unknown>, string]>([
    ['a word item 2 does not allow', ({ product }) => sds(product, { answers: fullAnswers({ '2': '該当' }) }), 'answers[3].answer'],
    ['a word item 1 does not allow', ({ product }) => sds(product, { answers: fullAnswers({ '1': 'はい' }) }), 'answers[0].answer'],
    ['an answer that is no form word', ({ product }) => sds(product, { answers: fullAnswers({ '12': 'たぶん' }) }), 'answers[13].answer'],
    ['an item answered twice', ({ product }) => sds(product, { answers: [...fullAnswers(), { itemId: '5', answer: 'はい' }] }), 'answers[14].itemId'],
    ['itemText on a listed item', ({ product }) => sds(product, { answers: [{ itemId: '2', answer: 'はい', itemText: '書き換え' }] }), 'answers[0].itemText'],
    ['an unlisted item without itemText', ({ product }) => sds(product, { answers: [...fullAnswers(), { itemId: '13', answer: 'はい' }] }), 'answers[14].itemText'],
    ['an unlisted item with a bad answer', ({ product }) => sds(product, { answers: [{ itemId: '13', answer: 'yes', itemText: '暗号化' }] }), 'answers[0].answer'],
    ['an unknown kind', ({ product }) => sds(product, { kind: 'PDS' }), 'kind'],
    ['an unknown audience', ({ product }) => sds(product, { audience: 'everyone' }), 'audience'],
    ['selected_contracts without contracts', ({ product }) => sds(product, { audience: 'selected_contracts' }), 'contractIds'],
    ['contracts with all_customers', ({ product, proposed }) => sds(product, { contractIds: [proposed] }), 'contractIds'],
    ['a contract not yet active', ({ product, proposed }) => sds(product, { audience: 'selected_contracts', contractIds: [proposed] }), 'contractIds'],
    ["another vendor's product", ({ other }) => sds(other), 'productId'],
    ['a checklist form', ({ product }) => sds(product, { formId: 'vendor-checklist-pharmacy-r7' }), 'formId'],
    ['an unknown form', ({ product }) => sds(product, { formId: 'security-disclosure-jahis-99' }), 'formId'],
    ['a blank product version', ({ product }) => sds(product, { productVersion: ' ' }), 'productVersion'],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_label, body, field) => {
    const { vendor, product } = await p.setup();
    const proposed = await p.contract(vendor.admin, await p.pharmacy(), [product.id], { accept: false });
    const other = await p.product((await p.vendor()).admin);
    const response = await p.createDisclosure(vendor.admin, body({ product: product.id, other: other.id, proposed: proposed.id }));
    expect(invalidFields(response)).toContain(field);
    expect((await countRows(t.db, 'disclosures WHERE product_id = ANY($1)', [[product.id, other.id]])) + (await countRows(t.db, `audit_events WHERE action = 'disclosure.create' AND organization_id = $1`, [vendor.org.id]))).toBe(0);
  });

  it('names the item as printed, in Japanese with the English beside it, in answer errors', async () => {
    const { vendor, product } = await p.setup();
    const response = await p.createDisclosure(vendor.admin, sds(product.id, { answers: [{ itemId: '2', answer: '該当' }, { itemId: '13', answer: 'はい' }] }));
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'answers[0].answer', itemId: '2', message: '2: 回答ははい・いいえ・対象外のいずれかです (the answer must be one of はい, いいえ, 対象外)' },
        expect.objectContaining({ field: 'answers[1].itemText', itemId: '13', message: expect.stringMatching(/^13: 様式 .+ にない項目です。項目の文言（itemText）を記入してください/) }),
      ]),
    );
  });

  it('takes items the partial form does not list with the text supplied, after the listed ones', async () => {
    const { vendor, product } = await p.setup();
    const extra = { itemId: '13', answer: 'いいえ', itemText: '  通信経路を暗号化しているか？ ', section: '技術的安全対策', remarks: '対応予定' };
    const draft = (await p.createDisclosure(vendor.admin, sds(product.id, { answers: [extra, ...fullAnswers()] })).expect(201)).body;
    expect(draft.answers).toHaveLength(15);
    expect(draft.answers[14]).toEqual({ itemId: '13', section: '技術的安全対策', text: '通信経路を暗号化しているか？', textEn: null, answer: 'いいえ', remarks: '対応予定', needsReview: true, uncatalogued: true });
    expect(draft.reviewCount).toBe(3);
    expect((await p.publish(vendor.admin, draft.id)).status).toBe('published');
  });

  it('publishes only when every required item is answered (422 missingItems), then never changes', async () => {
    const { vendor, product, pharmacy } = await p.setup();
    const draft = await p.draft(vendor.admin, product.id, { answers: fullAnswers().filter((a) => !['1.2', '7'].includes(a.itemId)) });
    const refused = expectProblem(await act(vendor.admin, draft.id, 'publish'), 422, 'required_items_missing');
    expect(refused.missingItems).toEqual(['1.2', '7']);
    expect((await get(vendor.admin, draft.id).expect(200)).body.status).toBe('draft');
    expectProblem(await get(pharmacy.admin, draft.id), 404, 'not_found');

    const changed = (await patch(vendor.admin, draft.id, { answers: fullAnswers({ '7': 'いいえ' }) }).expect(200)).body;
    expect(changed.reviewCount).toBe(3);
    expect(invalidFields(await patch(vendor.admin, draft.id, { answers: fullAnswers({ '7': 'no' }) }))).toEqual(['answers[8].answer']);
    const published = (await act(vendor.admin, draft.id, 'publish').expect(200)).body;
    expect(published).toMatchObject({ status: 'published', statusLabel: '公開中', publishedAt: expect.any(String), reviewCount: 3 });
    expect(await countRows(t.db, `audit_events WHERE action = 'disclosure.publish' AND target_id = $1`, [draft.id])).toBe(1);

    expectProblem(await patch(vendor.admin, draft.id, { answers: fullAnswers() }), 409, 'disclosure_not_draft');
    expectProblem(await act(vendor.admin, draft.id, 'publish'), 409, 'disclosure_not_draft');
    const error = await sqlError(t.db, `UPDATE disclosure_answers SET answer = 'はい' WHERE disclosure_id = $1 AND item_id = '2'`, [draft.id]);
    expect(error?.message).toMatch(/cannot change/);
    expect(await sqlError(t.db, 'DELETE FROM disclosure_answers WHERE disclosure_id = $1', [draft.id])).toBeDefined();
    expect(await sqlError(t.db, `INSERT INTO disclosure_answers (disclosure_id, item_id, ordinal, answer) VALUES ($1, '99', 99, 'はい')`, [draft.id])).toBeDefined();
    expect((await get(vendor.admin, draft.id).expect(200)).body.answers).toEqual(published.answers);
  });

  it('supersedes the previous revision on publish, lists only the latest unless latestOnly=false, and withdraws', async () => {
    const { vendor, product, pharmacy } = await p.setup();
    const first = await p.published(vendor.admin, product.id);
    const second = await p.draft(vendor.admin, product.id, { answers: fullAnswers({ '2': 'はい' }) });
    expect(second.revision).toBe(2);
    expect((await list(pharmacy.admin)).map((d) => d.id)).toEqual([first.id]);
    expect((await list(vendor.admin)).map((d) => d.id)).toEqual([first.id, second.id]);

    await p.publish(vendor.admin, second.id);
    expect((await get(vendor.admin, first.id).expect(200)).body).toMatchObject({ status: 'superseded', statusLabel: '改訂済み', supersededBy: second.id });
    for (const reader of [vendor.admin, pharmacy.admin]) {
      expect((await list(reader)).map((d) => [d.id, d.status])).toEqual([[second.id, 'published']]);
      expect((await list(reader, '&latestOnly=false')).map((d) => d.id)).toEqual([first.id, second.id]);
      expect((await list(reader, '&latestOnly=false&status=superseded')).map((d) => d.id)).toEqual([first.id]);
    }
    const mds = await p.published(vendor.admin, product.id, { kind: 'MDS', productVersion: '5.2' });
    expect(mds.revision).toBe(1);
    expect((await list(pharmacy.admin, '&kind=MDS')).map((d) => d.id)).toEqual([mds.id]);
    expect((await list(pharmacy.admin, `&productId=${product.id}&vendorId=${vendor.org.id}`)).map((d) => d.id)).toEqual([second.id, mds.id]);
    expectProblem(await t.http.get('/v1/disclosures?latestOnly=maybe').set(bearer(vendor.admin.token)), 400, 'validation_failed');

    const third = await p.draft(vendor.admin, product.id);
    expectProblem(await act(vendor.admin, third.id, 'withdraw', { reason: 'x' }), 409, 'disclosure_not_published');
    expectProblem(await act(vendor.admin, first.id, 'withdraw', { reason: 'x' }), 409, 'disclosure_not_published');
    expect(invalidFields(await act(vendor.admin, second.id, 'withdraw', {}))).toEqual(['reason']);
    const withdrawn = (await act(vendor.admin, second.id, 'withdraw', { reason: '記載誤りのため' }).expect(200)).body;
    expect(withdrawn).toMatchObject({ status: 'withdrawn', statusLabel: '取り下げ', withdrawnReason: '記載誤りのため', withdrawnAt: expect.any(String) });
    expect((await get(pharmacy.admin, second.id).expect(200)).body.status).toBe('withdrawn');
    expect((await p.publish(vendor.admin, third.id)).revision).toBe(3);
    expect((await get(vendor.admin, second.id).expect(200)).body.status).toBe('withdrawn');
  });

  it('shows a selected_contracts disclosure only to the selected customers and their chain, and audits their reads', async () => {
    const vendor = await p.vendor();
    const product = await p.product(vendor.admin);
    const [chain, otherChain] = [await p.f.tenant('chain'), await p.f.tenant('chain')];
    const chosen = await p.pharmacy({ chainId: chain.org.id });
    const contract = await p.contract(vendor.admin, chosen, [product.id]);
    const left = await p.pharmacy({ chainId: otherChain.org.id });
    const leftContract = await p.contract(vendor.admin, left, [product.id]);
    const draft = await p.draft(vendor.admin, product.id, { audience: 'all_customers' });
    expect(invalidFields(await patch(vendor.admin, draft.id, { audience: 'selected_contracts' }))).toEqual(['contractIds']);
    expect((await patch(vendor.admin, draft.id, { audience: 'selected_contracts', contractIds: [leftContract.id] }).expect(200)).body.contractIds).toEqual([leftContract.id]);
    expect((await patch(vendor.admin, draft.id, { contractIds: [contract.id] }).expect(200)).body).toMatchObject({ audience: 'selected_contracts', contractIds: [contract.id] });
    await p.publish(vendor.admin, draft.id);
    for (const reader of [chosen.admin, chain.admin]) {
      const seen = (await get(reader, draft.id).expect(200)).body;
      expect(seen).toMatchObject({ id: draft.id, audience: 'selected_contracts' });
      expect(seen).not.toHaveProperty('contractIds');
      expect((await list(reader)).map((d) => d.id)).toEqual([draft.id]);
    }
    for (const outsider of [left.admin, otherChain.admin]) {
      expectProblem(await get(outsider, draft.id), 404, 'not_found');
      expect(await list(outsider)).toEqual([]);
    }
    for (const org of [chosen.org, chain.org]) {
      expect(await countRows(t.db, `audit_events WHERE action = 'disclosure.read' AND target_id = $1 AND organization_id = $2`, [draft.id, org.id])).toBe(1);
    }
    await get(vendor.admin, draft.id).expect(200);
    expect(await countRows(t.db, `audit_events WHERE action = 'disclosure.read' AND target_id = $1`, [draft.id])).toBe(2);
  });

  it('lets an agent write the RM-SDS of the product it maintains, not its SDS', async () => {
    const vendor = await p.vendor();
    const agent = await p.vendor();
    const product = await p.product(vendor.admin);
    const served = await p.pharmacy();
    const contract = await p.contract(vendor.admin, served, [product.id], { agentId: agent.org.id });
    const direct = await p.pharmacy();
    const directContract = await p.contract(vendor.admin, direct, [product.id]);

    expectProblem(await p.createDisclosure(agent.admin, sds(product.id)), 403, 'agent_rm_sds_only');
    expectProblem(await p.createDisclosure(agent.admin, sds(product.id, { kind: 'MDS' })), 403, 'agent_rm_sds_only');
    expect(await ofProduct(product.id)).toBe(0);
    const notAgentOf = sds(product.id, { kind: 'RM-SDS', audience: 'selected_contracts', contractIds: [contract.id, directContract.id] });
    expect(invalidFields(await p.createDisclosure(agent.admin, notAgentOf))).toEqual(['contractIds']);
    // "All customers" of an agent's RM-SDS are the customers it maintains the product for.
    const rm = await p.draft(agent.admin, product.id, { kind: 'RM-SDS' });
    expect(rm).toMatchObject({ kind: 'RM-SDS', vendor: { id: vendor.org.id }, author: { id: agent.org.id, name: agent.org.name } });
    expectProblem(await get(vendor.admin, rm.id), 404, 'not_found');
    expectProblem(await patch(vendor.admin, rm.id, { answers: fullAnswers() }), 404, 'not_found');
    await p.publish(agent.admin, rm.id);
    expect((await get(vendor.admin, rm.id).expect(200)).body.author.id).toBe(agent.org.id);
    expect((await get(served.admin, rm.id).expect(200)).body.kind).toBe('RM-SDS');
    expectProblem(await get(direct.admin, rm.id), 404, 'not_found');

    const stranger = await p.vendor();
    await p.contract(vendor.admin, await p.pharmacy(), [product.id], { agentId: stranger.org.id, accept: false });
    expect(invalidFields(await p.createDisclosure(stranger.admin, sds(product.id, { kind: 'RM-SDS' })))).toEqual(['productId']);
  });

  it('refuses disclosures from customers and the operator (403), and API clients without disclosures:write', async () => {
    const { vendor, product, pharmacy } = await p.setup();
    expectProblem(await p.createDisclosure(pharmacy.admin, sds(product.id)), 403, 'vendor_required');
    expectProblem(await p.createDisclosure(await p.f.operator(), sds(product.id)), 403, 'vendor_required');
    const draft = await p.draft(vendor.admin, product.id);
    const published = await p.published(vendor.admin, product.id, { kind: 'MDS' });
    const reader = await p.clientToken(vendor.admin, ['products:write', 'contracts:write']);
    expectProblem(await p.createDisclosure(reader, sds(product.id, { productVersion: '7.0' })), 403, 'insufficient_scope');
    expectProblem(await patch(reader, draft.id, { answers: [] }), 403, 'insufficient_scope');
    expectProblem(await act(reader, draft.id, 'publish'), 403, 'insufficient_scope');
    expectProblem(await act(reader, published.id, 'withdraw', { reason: 'x' }), 403, 'insufficient_scope');
    expect((await get(reader, draft.id).expect(200)).body).toMatchObject({ status: 'draft', answers: expect.arrayContaining([expect.anything()]) });
    expect((await get(reader, published.id).expect(200)).body.status).toBe('published');
    expect(await ofProduct(product.id)).toBe(2);

    const writer = await p.clientToken(vendor.admin, ['disclosures:write']);
    const created = (await p.createDisclosure(writer, sds(product.id, { productVersion: '7.0' })).expect(201)).body;
    expect((await act(writer, created.id, 'publish').expect(200)).body.author.id).toBe(vendor.org.id);
  });

  it('replays a POST with the same Idempotency-Key and refuses the key for another body', async () => {
    const { vendor, product } = await p.setup();
    const key = `sds-${randomUUID()}`;
    const send = (body: Record<string, unknown>) => t.http.post('/v1/disclosures').set(bearer(vendor.admin.token)).set('Idempotency-Key', key).send(body);
    const first = await send(sds(product.id)).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await send(sds(product.id)).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await ofProduct(product.id)).toBe(1);
    expect(await countRows(t.db, `audit_events WHERE action = 'disclosure.create' AND target_id = $1`, [first.body.id])).toBe(1);
    expectProblem(await send(sds(product.id, { productVersion: '7.0' })), 422, 'idempotency_key_reused');
    expect(await ofProduct(product.id)).toBe(1);
  });

  it('reports answers on a form version that a newer one replaced', async () => {
    const { vendor, product } = await p.setup();
    const operator = await p.f.operator();
    const catalog = JSON.parse(readFileSync(join(CATALOG_DIRECTORY, `${SDS_FORM_ID}.json`), 'utf8')) as Record<string, unknown>;
    // A series of its own, below 第6.0版's revision, so other suites' "newest MDS/SDS form" stays the catalogued one.
    const series = `test/sds-${randomUUID().slice(0, 8)}`;
    const version = (revision: number) => ({ ...catalog, id: `${series.slice(5)}-r${revision}`, series, revision, versionLabel: `試験版 ${revision}` });
    await t.http.post('/v1/forms').set(bearer(operator)).send(version(1)).expect(201);
    const draft = await p.draft(vendor.admin, product.id, { formId: version(1).id });
    expect(draft).toMatchObject({ formId: version(1).id, formOutdated: false, newerFormId: null });
    // The newer version lists every item: answers to items it does not list are refused there.
    await t.http.post('/v1/forms').set(bearer(operator)).send({ ...version(2), partial: false }).expect(201);
    expect((await get(vendor.admin, draft.id).expect(200)).body).toMatchObject({ formOutdated: true, newerFormId: version(2).id });
    expect((await list(vendor.admin)).find((d) => d.id === draft.id)).toMatchObject({ formOutdated: true, newerFormId: version(2).id });
    const unlisted = [...fullAnswers(), { itemId: '13', answer: 'はい', itemText: '暗号化しているか？' }];
    expect(invalidFields(await p.createDisclosure(vendor.admin, sds(product.id, { kind: 'MDS', formId: version(2).id, answers: unlisted })))).toEqual(['answers[14].itemId']);
    expect((await p.draft(vendor.admin, product.id, { kind: 'MDS', formId: version(2).id })).formOutdated).toBe(false);
    expect((await p.draft(vendor.admin, product.id, { kind: 'RM-SDS' })).formId).toBe(SDS_FORM_ID);
  });
});
