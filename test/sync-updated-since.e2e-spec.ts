import { countRows, expectProblem, invalidFields, walkPages } from './support/assertions';
import { bearer, Factory } from './support/factories';
import { Contract, fullAnswers, Tenant } from './support/publishing';
import { RiskSetup, World } from './support/risk-setup';
import { startTestApp, TestApp } from './support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** updatedSince on the lists vendor systems poll, pharmacyCode on contracts, and ETag / If-Match on disclosures and contracts. */
describe('incremental sync: updatedSince, pharmacyCode, ETag and If-Match', () => {
  let t: TestApp;
  let s: RiskSetup;
  let world: World;
  let rival: Tenant;

  /** An instant strictly between what was written before and what is written after. */
  const instant = async (): Promise<string> => {
    await sleep(5);
    const [{ at }]: { at: Date }[] = await t.db.query('SELECT clock_timestamp() AS at');
    await sleep(5);
    return at.toISOString();
  };
  const get = (token: string, path: string, query: Record<string, string | number> = {}) => t.http.get(path).query(query).set(bearer(token));
  const ids = async (token: string, path: string, query: Record<string, string | number>): Promise<string[]> => {
    const { items } = await walkPages<{ id: string }>(async (cursor) => {
      const response = await get(token, path, { ...query, limit: 1, ...(cursor ? { cursor } : {}) });
      expect(response.status).toBe(200);
      return response.body as { items: { id: string }[]; nextCursor: string | null };
    });
    return items.map((item) => item.id);
  };

  beforeAll(async () => {
    t = await startTestApp();
    s = new RiskSetup(t, new Factory(t));
    world = await s.world();
    rival = await s.p.vendor();
  });
  afterAll(() => t.close());

  describe('GET /v1/contracts', () => {
    let second: { pharmacy: Tenant; contractId: string };
    let proposal: Contract;
    let agent: Tenant;

    beforeAll(async () => {
      second = await s.otherCustomer(world);
      agent = await s.p.vendor();
      proposal = await s.p.contract(world.vendor.admin, await s.p.pharmacy(), [world.product.id], { accept: false, agentId: agent.org.id });
    });

    it('filters by 保険薬局コード for the parties, and shows an agent no proposal it may not see yet', async () => {
      const code = world.pharmacy.org.pharmacyCode as string;
      expect((await get(world.vendor.admin.token, '/v1/contracts', { pharmacyCode: code })).body.items.map((c: Contract) => c.id)).toEqual([world.contractId]);
      expect((await get(world.pharmacy.admin.token, '/v1/contracts', { pharmacyCode: code })).body.items.map((c: Contract) => c.id)).toEqual([world.contractId]);
      expect((await get(world.pharmacy.admin.token, '/v1/contracts', { pharmacyCode: second.pharmacy.org.pharmacyCode as string })).body.items).toEqual([]);
      expect((await get(rival.admin.token, '/v1/contracts', { pharmacyCode: code })).body.items).toEqual([]);
      const proposed = await get(world.vendor.admin.token, `/v1/contracts/${proposal.id}`);
      expect((await get(world.vendor.admin.token, '/v1/contracts', { pharmacyCode: proposed.body.customer.pharmacyCode as string })).body.items.map((c: Contract) => c.id)).toEqual([proposal.id]);
      // The agent sees the proposal but not its customer's code until the pharmacy accepts: the filter reveals no more.
      expect((await get(agent.admin.token, '/v1/contracts')).body.items.map((c: Contract) => c.id)).toEqual([proposal.id]);
      expect((await get(agent.admin.token, '/v1/contracts', { pharmacyCode: proposed.body.customer.pharmacyCode as string })).body.items).toEqual([]);
    });

    it('with updatedSince returns exactly the contracts changed since, ordered by (updatedAt, id) and paged', async () => {
      const since = await instant();
      const third = await s.otherCustomer(world);
      await s.p.contract(world.vendor.admin, second.pharmacy, [world.product.id], { accept: false });
      const ended = await t.http.post(`/v1/contracts/${second.contractId}/end`).set(bearer(world.vendor.admin.token)).send({ reason: 'サービス終了のため' });
      expect(ended.status).toBe(200);
      const changed = await ids(world.vendor.admin.token, '/v1/contracts', { updatedSince: since });
      expect(changed).toHaveLength(3);
      expect(changed).toEqual(expect.arrayContaining([third.contractId, second.contractId]));
      expect(changed).not.toContain(world.contractId);
      expect(changed[changed.length - 1]).toBe(second.contractId);
      expect(await ids(world.pharmacy.admin.token, '/v1/contracts', { updatedSince: since })).toEqual([]);
      expect(await ids(rival.admin.token, '/v1/contracts', { updatedSince: since })).toEqual([]);
    });

    it('moves the contract ETag with a change and answers 304 while unchanged', async () => {
      const fresh = await s.p.contract(world.vendor.admin, await s.p.pharmacy(), [world.product.id], { accept: false });
      const first = await get(world.vendor.admin.token, `/v1/contracts/${fresh.id}`);
      expect(first.headers.etag).toMatch(/^".+"$/);
      expect((await get(world.vendor.admin.token, `/v1/contracts/${fresh.id}`).set('If-None-Match', first.headers.etag)).status).toBe(304);
      expect((await t.http.post(`/v1/contracts/${fresh.id}/withdraw`).set(bearer(world.vendor.admin.token)).send({})).status).toBe(200);
      const after = await get(world.vendor.admin.token, `/v1/contracts/${fresh.id}`).set('If-None-Match', first.headers.etag);
      expect(after.status).toBe(200);
      expect(after.headers.etag).not.toBe(first.headers.etag);
      expect(after.body.updatedAt > first.body.updatedAt).toBe(true);
    });
  });

  it.each(['/v1/contracts', '/v1/disclosures', '/v1/risk-threads', '/v1/document-requests'])('%s refuses a malformed updatedSince or a cursor of the other ordering with 400', async (path) => {
    // A list answers nothing written: no audit event of the caller's organization either (scoped: other suites write too).
    const audited = () => countRows(t.db, 'audit_events WHERE organization_id = $1', [world.vendor.org.id]);
    const before = await audited();
    for (const updatedSince of ['yesterday', '2026-04-01', '2026-13-01T00:00:00Z', '2026-04-01T09:00:00', `${'2026-04-01T09:00:00Z'.repeat(3)}`]) {
      expect(invalidFields(await get(world.vendor.admin.token, path, { updatedSince }))).toEqual(['updatedSince']);
    }
    const cursor = Buffer.from(JSON.stringify({ createdAt: new Date().toISOString(), id: world.contractId })).toString('base64url');
    expect(invalidFields(await get(world.vendor.admin.token, path, { updatedSince: '2026-04-01T00:00:00Z', cursor }))).toEqual(['cursor']);
    expect(await audited()).toBe(before);
  });

  describe('disclosures', () => {
    it('with updatedSince lists exactly the disclosures changed since', async () => {
      const untouched = await s.p.draft(world.vendor.admin, world.product.id, { productVersion: '6.0', kind: 'MDS' });
      const changedDraft = await s.p.draft(world.vendor.admin, world.product.id, { kind: 'RM-SDS' });
      const since = await instant();
      expect((await t.http.patch(`/v1/disclosures/${changedDraft.id}`).set(bearer(world.vendor.admin.token)).send({ answers: fullAnswers({ '2': 'いいえ' }) })).status).toBe(200);
      const changed = await ids(world.vendor.admin.token, '/v1/disclosures', { updatedSince: since });
      expect(changed).toEqual([changedDraft.id]);
      expect(changed).not.toContain(untouched.id);
      // The customer polls too, and sees no draft.
      expect(await ids(world.pharmacy.admin.token, '/v1/disclosures', { updatedSince: since })).toEqual([]);
    });

    it('honours If-Match on a draft: stale → 412 and nothing written, fresh → 200 with a new ETag', async () => {
      const draft = await s.p.draft(world.vendor.admin, world.product.id, { kind: 'MDS', productVersion: '6.0' }).catch(async () => s.p.draft(world.vendor.admin, (await s.p.product(world.vendor.admin)).id));
      const path = `/v1/disclosures/${draft.id}`;
      const loaded = await get(world.vendor.admin.token, path);
      const tag = loaded.headers.etag;
      expect(tag).toMatch(/^".+"$/);
      const fresh = await t.http.patch(path).set(bearer(world.vendor.admin.token)).set('If-Match', tag).send({ answers: fullAnswers({ '3': 'いいえ' }) });
      expect(fresh.status).toBe(200);
      expect(fresh.headers.etag).not.toBe(tag);
      const answersOf = () => t.db.query(`SELECT item_id, answer FROM disclosure_answers WHERE disclosure_id = $1 ORDER BY item_id`, [draft.id]);
      const stored = await answersOf();
      const stale = await t.http.patch(path).set(bearer(world.vendor.admin.token)).set('If-Match', tag).send({ answers: fullAnswers({ '4': 'いいえ' }) });
      expect(expectProblem(stale, 412, 'precondition_failed').currentEtag).toBe(fresh.headers.etag);
      expect(stale.headers.etag).toBe(fresh.headers.etag);
      expect(await answersOf()).toEqual(stored);
      expect((await get(world.vendor.admin.token, path).set('If-None-Match', fresh.headers.etag)).status).toBe(304);
      // Without If-Match the write goes ahead as before.
      expect((await t.http.patch(path).set(bearer(world.vendor.admin.token)).send({ answers: fullAnswers() })).status).toBe(200);
      expectProblem(await t.http.patch(path).set(bearer(rival.admin.token)).set('If-Match', fresh.headers.etag).send({ answers: fullAnswers() }), 404, 'not_found');
    });
  });

  describe('risk threads and document requests', () => {
    it('list only the threads changed since, and give each an ETag that moves with a message', async () => {
      const quiet = await s.opened(world.pharmacy.admin.token, world.disclosure.id, '2');
      const busy = await s.opened(world.pharmacy.admin.token, world.disclosure.id, '3');
      const since = await instant();
      const first = await s.get(world.vendor.admin.token, busy.id);
      expect((await s.post(world.vendor.admin.token, busy.id, '確認して回答します。')).status).toBe(201);
      expect(await ids(world.vendor.admin.token, '/v1/risk-threads', { updatedSince: since })).toEqual([busy.id]);
      expect(await ids(world.pharmacy.admin.token, '/v1/risk-threads', { updatedSince: since })).toEqual([busy.id]);
      expect(await ids(rival.admin.token, '/v1/risk-threads', { updatedSince: since })).toEqual([]);
      const after = await s.get(world.vendor.admin.token, busy.id).set('If-None-Match', first.headers.etag);
      expect(after.status).toBe(200);
      expect(after.headers.etag).not.toBe(first.headers.etag);
      expect((await s.get(world.vendor.admin.token, quiet.id).set('If-None-Match', (await s.get(world.vendor.admin.token, quiet.id)).headers.etag)).status).toBe(304);
    });

    it('honours If-Match on a thread’s due date: stale → 412 and unchanged, fresh → 200', async () => {
      const thread = await s.opened(world.pharmacy.admin.token, world.disclosure.id, '4');
      const read = await s.get(world.pharmacy.admin.token, thread.id);
      const dueOn = (days: number) => new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
      const fresh = await s.patch(world.pharmacy.admin.token, thread.id, { dueOn: dueOn(30) }).set('If-Match', read.headers.etag);
      expect(fresh.status).toBe(200);
      expect(fresh.headers.etag).not.toBe(read.headers.etag);
      const stale = await s.patch(world.pharmacy.admin.token, thread.id, { dueOn: dueOn(60) }).set('If-Match', read.headers.etag);
      expect(expectProblem(stale, 412, 'precondition_failed').currentEtag).toBe(fresh.headers.etag);
      expect((await s.get(world.pharmacy.admin.token, thread.id)).body.dueOn).toBe(dueOn(30));
    });

    it('list only the document requests changed since', async () => {
      const since = await instant();
      const opened = await t.http.post('/v1/document-requests').set(bearer(world.pharmacy.admin.token)).send({ contractId: world.contractId, kind: 'checklist', fiscalYear: 2025, message: '提出をお願いします。' });
      expect(opened.status).toBe(201);
      expect(await ids(world.vendor.admin.token, '/v1/document-requests', { updatedSince: since })).toEqual([opened.body.id]);
      expect(await ids(world.vendor.admin.token, '/v1/document-requests', { updatedSince: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
      const read = await get(world.vendor.admin.token, `/v1/document-requests/${opened.body.id}`);
      expect((await get(world.vendor.admin.token, `/v1/document-requests/${opened.body.id}`).set('If-None-Match', read.headers.etag)).status).toBe(304);
    });
  });
});
