import { randomUUID } from 'node:crypto';
import { countRows, expectProblem, invalidFields, walkPages } from './support/assertions';
import { bearer, Factory } from './support/factories';
import { ITEM_2_TEXT } from './support/publishing';
import { checklistAnswers, expectStatus, FY, RiskSetup, World } from './support/risk-setup';
import { startTestApp, TestApp } from './support/test-app';

interface Entry {
  documentType: 'disclosure' | 'checklist';
  documentId: string;
  itemId: string;
  itemText: string;
  answer: string;
  remarks: string | null;
  targetOn: string | null;
  counterpartItemId: string | null;
  scope: string | null;
  documentLabel: string;
  pharmacy: { id: string; name: string };
  vendor: { id: string; name: string };
  product: { id: string; name: string; version: string } | null;
  productNames: string | null;
}

interface Page {
  items: Entry[];
  nextCursor: string | null;
}

/** The review queue: いいえ/対象外 answers received that nobody has reviewed or threaded yet. */
describe('review queue', () => {
  let t: TestApp;
  let s: RiskSetup;
  beforeAll(async () => {
    t = await startTestApp();
    s = new RiskSetup(t, new Factory(t));
  });
  afterAll(() => t.close());

  const queue = async (token: string, query = ''): Promise<Entry[]> => (expectStatus(await s.queue(token, query), 200) as unknown as Page).items;
  const keys = (entries: Entry[]) => entries.map((e) => `${e.documentType}:${e.documentId}:${e.itemId}`);
  const reviews = (customerId: string) => countRows(t.db, 'answer_reviews WHERE customer_id = $1', [customerId]);

  describe('what is in the queue', () => {
    let w: World;
    let checklist: { id: string };
    beforeAll(async () => {
      w = await s.world();
      checklist = await s.submitChecklist(w.vendor.admin, w.contractId);
    });

    it('lists the いいえ/対象外 answers of the current SDS and the いいえ answers of the latest checklist, not はい or 該当', async () => {
      const entries = await queue(w.pharmacy.admin.token);
      expect(keys(entries)).toEqual([`disclosure:${w.disclosure.id}:2`, `disclosure:${w.disclosure.id}:3`, `checklist:${checklist.id}:2-①`, `checklist:${checklist.id}:2-⑤`]);
      expect(entries[0]).toMatchObject({
        itemText: ITEM_2_TEXT,
        answer: 'いいえ',
        pharmacy: { id: w.pharmacy.org.id },
        vendor: { id: w.vendor.org.id, name: w.vendor.org.name },
        product: { id: w.product.id, name: w.product.name, version: '6.0' },
        counterpartItemId: null,
      });
      expect(entries[0].documentLabel).toContain('SDS');
      expect(entries[1]).toMatchObject({ answer: '対象外', remarks: '外部保存は受託しない' });
      expect(entries[2]).toMatchObject({
        answer: 'いいえ',
        targetOn: `${FY}-12-31`,
        remarks: '来期に確認予定',
        counterpartItemId: '2-②',
        scope: '医療情報システム全般',
        documentLabel: '令和7年度 事業者確認用チェックリスト 第1版',
        productNames: w.product.name,
        product: null,
      });
      expect(entries[2].itemText).toContain('リモートメンテナンス');
      expect(keys(await queue(w.pharmacy.admin.token, '?documentType=checklist'))).toEqual([`checklist:${checklist.id}:2-①`, `checklist:${checklist.id}:2-⑤`]);
      expect(await queue(w.pharmacy.admin.token, `?vendorId=${randomUUID()}`)).toEqual([]);
    });

    it('audits each listing as a single read is: who, the filters, and every document the page quoted; a refused listing records nothing', async () => {
      const listings = (organizationId: string) =>
        t.db.query(`SELECT actor_id, target_type, target_id, details FROM audit_events WHERE organization_id = $1 AND action = 'review_queue.list' ORDER BY id`, [organizationId]);
      const before = (await listings(w.pharmacy.org.id)).length;
      await queue(w.pharmacy.admin.token);
      await queue(w.pharmacy.admin.token, `?documentType=checklist&vendorId=${w.vendor.org.id}&limit=1`);
      const recorded = (await listings(w.pharmacy.org.id)).slice(before);
      expect(recorded).toEqual([
        {
          actor_id: w.pharmacy.admin.id,
          target_type: 'organization',
          target_id: w.pharmacy.org.id,
          details: {
            filters: { pharmacyId: null, documentType: null, vendorId: null, cursor: false },
            entries: 4,
            documents: [
              { type: 'disclosure', id: w.disclosure.id },
              { type: 'checklist', id: checklist.id },
            ],
          },
        },
        {
          actor_id: w.pharmacy.admin.id,
          target_type: 'organization',
          target_id: w.pharmacy.org.id,
          details: { filters: { pharmacyId: null, documentType: 'checklist', vendorId: w.vendor.org.id, cursor: false }, entries: 1, documents: [{ type: 'checklist', id: checklist.id }] },
        },
      ]);
      const vendorEvents = await countRows(t.db, `audit_events WHERE action = 'review_queue.list' AND actor_id = $1`, [w.vendor.admin.id]);
      expectProblem(await s.queue(w.vendor.admin.token), 403, 'customer_required');
      expect(await countRows(t.db, `audit_events WHERE action = 'review_queue.list' AND actor_id = $1`, [w.vendor.admin.id])).toBe(vendorEvents);
      expect((await listings(w.pharmacy.org.id)).length).toBe(before + 2);
    });

    it('a reviewed answer leaves the queue (for that pharmacy only); reviewing twice is a conflict', async () => {
      const other = await s.otherCustomer(w);
      const reviewed = expectStatus(await s.review(w.pharmacy.admin.token, { documentType: 'disclosure', documentId: w.disclosure.id, itemId: '3', note: '外部保存は利用しないため問題なし' }), 201);
      expect(reviewed).toMatchObject({ pharmacyId: w.pharmacy.org.id, answer: '対象外', note: '外部保存は利用しないため問題なし', reviewedBy: w.pharmacy.admin.id });
      expect(keys(await queue(w.pharmacy.admin.token, '?documentType=disclosure'))).toEqual([`disclosure:${w.disclosure.id}:2`]);
      // Reviews are per facility: another customer of the same SDS still has both answers to review.
      expect(keys(await queue(other.pharmacy.admin.token))).toEqual([`disclosure:${w.disclosure.id}:2`, `disclosure:${w.disclosure.id}:3`]);
      const before = await reviews(w.pharmacy.org.id);
      expectProblem(await s.review(w.pharmacy.admin.token, { documentType: 'disclosure', documentId: w.disclosure.id, itemId: '3' }), 409, 'already_reviewed');
      expect(await reviews(w.pharmacy.org.id)).toBe(before);
      expect(await countRows(t.db, `audit_events WHERE action = 'answer.review' AND target_id = $1`, [w.disclosure.id])).toBe(1);
    });

    it('opening a thread on an answer takes it out of the queue', async () => {
      await s.opened(w.pharmacy.admin.token, w.disclosure.id, '2');
      expect(keys(await queue(w.pharmacy.admin.token, '?documentType=disclosure'))).toEqual([]);
      await s.opened(w.pharmacy.admin.token, checklist.id, '2-⑤', { documentType: 'checklist' });
      expect(keys(await queue(w.pharmacy.admin.token))).toEqual([`checklist:${checklist.id}:2-①`]);
    });

    it.each<[string, Record<string, unknown>, number, string | undefined]>([
      ['a はい answer', { itemId: '4' }, 422, 'not_a_risk_answer'],
      ['a 該当 answer', { itemId: '1' }, 422, 'not_a_risk_answer'],
      ['an item not answered', { itemId: '99' }, 400, 'validation_failed'],
      ['a document not addressed to it', { documentId: randomUUID() }, 404, 'not_found'],
      ['a checklist id given as a disclosure', { documentType: 'checklist' }, 404, 'not_found'],
      ['an unknown field', { reviewedAt: '2025-01-01' }, 400, 'validation_failed'],
    ])('refuses to mark %s reviewed, and writes nothing', async (_, override, status, code) => {
      const before = await reviews(w.pharmacy.org.id);
      expectProblem(await s.review(w.pharmacy.admin.token, { documentType: 'disclosure', documentId: w.disclosure.id, itemId: '2', ...override }), status, code);
      expect(await reviews(w.pharmacy.org.id)).toBe(before);
    });
  });

  describe('as documents change', () => {
    it('a new revision replaces the old answers: changed ones leave, new ones arrive, a review of revision 1 does not carry over', async () => {
      const w = await s.world();
      expectStatus(await s.review(w.pharmacy.admin.token, { documentType: 'disclosure', documentId: w.disclosure.id, itemId: '3' }), 201);
      expect(keys(await queue(w.pharmacy.admin.token))).toEqual([`disclosure:${w.disclosure.id}:2`]);
      const revision2 = await s.republish(w, { '2': 'はい', '4': 'いいえ' });
      expect(keys(await queue(w.pharmacy.admin.token))).toEqual([`disclosure:${revision2.id}:3`, `disclosure:${revision2.id}:4`]);
      expectStatus(await t.http.post(`/v1/disclosures/${revision2.id}/withdraw`).set(bearer(w.vendor.admin.token)).send({ reason: '誤記' }), 200);
      expect(await queue(w.pharmacy.admin.token)).toEqual([]);
    });

    it('only the latest submitted checklist revision counts', async () => {
      const w = await s.world();
      const first = await s.submitChecklist(w.vendor.admin, w.contractId);
      const second = await s.submitChecklist(w.vendor.admin, w.contractId, checklistAnswers({ '2-①': { answer: 'はい', targetOn: undefined, remarks: undefined } }));
      expect(second.revision).toBe(2);
      const entries = keys(await queue(w.pharmacy.admin.token, '?documentType=checklist'));
      expect(entries).toEqual([`checklist:${second.id}:2-⑤`]);
      expect(entries.join()).not.toContain(first.id);
    });

    it('tells apart items with the same text by the heading they stand under (2-⑪ サーバ, 2-⑫ 端末PC), in the queue and in a thread', async () => {
      const w = await s.world();
      const background = { answer: 'いいえ', targetOn: `${FY}-10-31` };
      const checklist = await s.submitChecklist(w.vendor.admin, w.contractId, checklistAnswers({ '2-⑪': background, '2-⑫': background }));
      const entries = (await queue(w.pharmacy.admin.token, '?documentType=checklist')).filter((e) => e.itemId === '2-⑪' || e.itemId === '2-⑫');
      expect(entries.map((e) => [e.itemId, e.itemText === entries[0].itemText, e.scope])).toEqual([
        ['2-⑪', true, 'サーバ'],
        ['2-⑫', true, '端末PC'],
      ]);
      const thread = await s.opened(w.pharmacy.admin.token, checklist.id, '2-⑫', { documentType: 'checklist' });
      expect(thread.snapshot).toMatchObject({ itemId: '2-⑫', scope: '端末PC' });
    });

    it('a disclosure addressed to selected contracts reaches only those customers', async () => {
      const w = await s.world();
      const other = await s.otherCustomer(w);
      const selected = await s.p.published(w.vendor.admin, w.product.id, { productVersion: '7.0', audience: 'selected_contracts', contractIds: [w.contractId] });
      expect(keys(await queue(w.pharmacy.admin.token))).toEqual(expect.arrayContaining([`disclosure:${selected.id}:2`]));
      expect(keys(await queue(other.pharmacy.admin.token)).join()).not.toContain(selected.id);
      expectProblem(await s.review(other.pharmacy.admin.token, { documentType: 'disclosure', documentId: selected.id, itemId: '2' }), 404);
    });

    it('for a chain whose two stores buy the same product, a disclosure selected for one store is queued for that store only', async () => {
      const chain = await s.f.tenant('chain');
      const w = await s.world({ chainId: chain.org.id });
      const other = await s.otherCustomer(w, { chainId: chain.org.id });
      const selected = await s.p.published(w.vendor.admin, w.product.id, { productVersion: '7.0', audience: 'selected_contracts', contractIds: [w.contractId] });
      const entries = (await queue(chain.admin.token)).filter((e) => e.documentId === selected.id);
      expect(entries.map((e) => `${e.pharmacy.id}:${e.itemId}`)).toEqual([`${w.pharmacy.org.id}:2`, `${w.pharmacy.org.id}:3`]);
      const both = (await queue(chain.admin.token)).filter((e) => e.documentId === w.disclosure.id);
      expect(new Set(both.map((e) => e.pharmacy.id))).toEqual(new Set([w.pharmacy.org.id, other.pharmacy.org.id]));
      // Nor may the chain review it, or open a thread on it, for the store it is not addressed to.
      expectProblem(await s.review(chain.admin.token, { documentType: 'disclosure', documentId: selected.id, itemId: '2', pharmacyId: other.pharmacy.org.id }), 404);
      expectProblem(await s.open(chain.admin.token, { documentType: 'disclosure', documentId: selected.id, itemId: '2', message: 'x', pharmacyId: other.pharmacy.org.id }), 404);
    });
  });

  describe('who sees which queue', () => {
    let chain: Awaited<ReturnType<Factory['tenant']>>;
    let storeA: World;
    let storeB: World;
    beforeAll(async () => {
      chain = await s.f.tenant('chain');
      storeA = await s.world({ chainId: chain.org.id });
      storeB = await s.world({ chainId: chain.org.id });
    });

    it("a chain sees each store's entries, filters by store, and reviews for a named store", async () => {
      const all = await queue(chain.admin.token);
      expect(new Set(all.map((e) => e.pharmacy.id))).toEqual(new Set([storeA.pharmacy.org.id, storeB.pharmacy.org.id]));
      expect(all).toHaveLength(4);
      const onlyA = await queue(chain.admin.token, `?pharmacyId=${storeA.pharmacy.org.id}`);
      expect(keys(onlyA)).toEqual([`disclosure:${storeA.disclosure.id}:2`, `disclosure:${storeA.disclosure.id}:3`]);
      expect(invalidFields(await s.review(chain.admin.token, { documentType: 'disclosure', documentId: storeA.disclosure.id, itemId: '2' }))).toEqual(['pharmacyId']);
      expectProblem(await s.review(chain.admin.token, { documentType: 'disclosure', documentId: storeA.disclosure.id, itemId: '2', pharmacyId: storeB.pharmacy.org.id }), 404);
      expectStatus(await s.review(chain.admin.token, { documentType: 'disclosure', documentId: storeA.disclosure.id, itemId: '2', pharmacyId: storeA.pharmacy.org.id }), 201);
      expect(keys(await queue(storeA.pharmacy.admin.token))).toEqual([`disclosure:${storeA.disclosure.id}:3`]);
      expect(await queue(chain.admin.token)).toHaveLength(3);
    });

    it("another pharmacy, an unrelated chain see none of it; vendors and the operator have no queue", async () => {
      const otherPharmacy = await s.p.pharmacy();
      const unrelatedChain = await s.f.tenant('chain');
      expect(await queue(otherPharmacy.admin.token)).toEqual([]);
      expect(await queue(unrelatedChain.admin.token)).toEqual([]);
      expect(await queue(unrelatedChain.admin.token, `?pharmacyId=${storeA.pharmacy.org.id}`)).toEqual([]);
      expectProblem(await s.queue(storeA.vendor.admin.token), 403, 'customer_required');
      expectProblem(await s.queue(await s.f.operator()), 403, 'customer_required');
      const before = await reviews(storeB.pharmacy.org.id);
      expectProblem(await s.review(otherPharmacy.admin.token, { documentType: 'disclosure', documentId: storeB.disclosure.id, itemId: '2' }), 404);
      expectProblem(await s.review(unrelatedChain.admin.token, { documentType: 'disclosure', documentId: storeB.disclosure.id, itemId: '2', pharmacyId: storeB.pharmacy.org.id }), 404);
      expectProblem(await s.review(storeB.vendor.admin.token, { documentType: 'disclosure', documentId: storeB.disclosure.id, itemId: '2' }), 403, 'customer_required');
      expect(await reviews(storeB.pharmacy.org.id)).toBe(before);
    });

    it('viewers read the queue but do not review; API clients review with threads:write', async () => {
      const viewer = await s.member(storeB.pharmacy.org.id, 'viewer');
      expect(await queue(viewer.token)).toHaveLength(2);
      const before = await reviews(storeB.pharmacy.org.id);
      expectProblem(await s.review(viewer.token, { documentType: 'disclosure', documentId: storeB.disclosure.id, itemId: '2' }), 403, 'read_only_role');
      const noScope = await s.clientToken(storeB.pharmacy.admin, ['requests:write']);
      expect(await queue(noScope)).toHaveLength(2);
      expectProblem(await s.review(noScope, { documentType: 'disclosure', documentId: storeB.disclosure.id, itemId: '2' }), 403, 'insufficient_scope');
      expect(await reviews(storeB.pharmacy.org.id)).toBe(before);
      const client = await s.clientToken(storeB.pharmacy.admin, ['threads:write']);
      expectStatus(await s.review(client, { documentType: 'disclosure', documentId: storeB.disclosure.id, itemId: '2' }), 201);
      expect(await reviews(storeB.pharmacy.org.id)).toBe(before + 1);
    });
  });

  describe('pagination', () => {
    it('walks every entry once with small pages, in the same order as one page; a forged cursor is refused', async () => {
      const chain = await s.f.tenant('chain');
      const a = await s.world({ chainId: chain.org.id });
      await s.world({ chainId: chain.org.id });
      await s.submitChecklist(a.vendor.admin, a.contractId);
      const whole = keys(await queue(chain.admin.token));
      expect(whole).toHaveLength(6);
      const walked = await walkPages(async (cursor) => expectStatus(await s.queue(chain.admin.token, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`), 200) as unknown as Page);
      expect(keys(walked.items)).toEqual(whole);
      expect(walked.pages).toBe(6);
      expect(invalidFields(await s.queue(chain.admin.token, '?cursor=bm90LWEtY3Vyc29y'))).toEqual(['cursor']);
      expect(invalidFields(await s.queue(chain.admin.token, '?limit=0'))).toEqual(['limit']);
    });
  });
});
