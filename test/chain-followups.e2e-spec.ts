import { randomUUID } from 'node:crypto';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { FY, japanDate } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { AnswerBody, ChainWorld, FollowupBody, FollowupSetup } from './support/followup-setup';
import type { Disclosure } from './support/publishing';
import { expectStatus } from './support/risk-setup';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Chain-wide follow-up: headquarters asks a vendor once for all or selected stores; each covered
 * store gets its own request or thread (and no other store does); the vendor answers once and the
 * answer reaches every covered store; each store keeps its own status.
 */
describe('chain-wide follow-ups', () => {
  let t: TestApp;
  let f: Factory;
  let s: FollowupSetup;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    s = new FollowupSetup(t, f);
  });
  afterAll(() => t.close());

  const sorted = (values: string[]) => [...values].sort();
  const storesOf = (items: { store: { id: string } }[]) => sorted(items.map((item) => item.store.id));
  const orgIds = (w: ChainWorld, indexes: number[]) => sorted(indexes.map((i) => w.stores[i].org.id));

  describe('document requests: every covered store and no other; the vendor answers once', () => {
    let w: ChainWorld;
    let sds: Disclosure;
    let followup: FollowupBody;
    beforeAll(async () => {
      w = await s.world();
      sds = await s.p.published(w.vendor.admin, w.product.id);
    });

    it("creates one request per store with an active contract with the vendor, each the store's own", async () => {
      followup = await s.created(w.member.token, w.chain.org.id, {
        kind: 'document_request',
        vendorId: w.vendor.org.id,
        request: { kind: 'SDS', message: '最新のSDSを各店舗にお願いします', dueOn: japanDate(14) },
      });
      expect(followup).toMatchObject({
        kind: 'document_request',
        chain: { id: w.chain.org.id },
        vendor: { id: w.vendor.org.id },
        progress: { total: 3, open: 3, closed: 0, byStatus: { open: 3 } },
        skipped: [],
        selectedStoreIds: null,
      });
      expect(storesOf(followup.items)).toEqual(orgIds(w, [0, 1, 2]));

      for (const [i, store] of w.stores.entries()) {
        const own = await s.requests(store.admin.token);
        if (i === 3) {
          expect(own).toEqual([]);
          continue;
        }
        expect(own).toHaveLength(1);
        expect(own[0]).toMatchObject({ customer: { id: store.org.id }, followupId: followup.id, status: 'open', kind: 'SDS' });
      }
      // The other chain's store is V's customer too, and got nothing; its chain sees nothing.
      expect(await s.requests(w.otherStore.admin.token)).toEqual([]);
      expect(await s.requests(w.otherChain.admin.token)).toEqual([]);
      expect((await s.requests(w.chain.admin.token)).map((r) => r.id).sort()).toEqual(sorted(followup.items.map((i) => i.id)));

      const vendorSide = await s.requests(w.vendor.admin.token);
      expect(sorted(vendorSide.map((r) => r.customer.id))).toEqual(orgIds(w, [0, 1, 2]));
      expect(vendorSide.every((r) => r.followupId === followup.id)).toBe(true);
      expect(await s.events('document_request.created', followup.items.map((i) => i.id))).toBe(3);
      expect(await countRows(t.db, "audit_events WHERE action = 'chain_followup.create' AND target_id = $1", [followup.id])).toBe(1);
      expect(await countRows(t.db, "audit_events WHERE action = 'document_request.create' AND details->>'followupId' = $1", [followup.id])).toBe(3);
    });

    it("a store sees only its own request: its sibling's is 404", async () => {
      const sibling = followup.items.find((i) => i.store.id === w.stores[1].org.id) as FollowupBody['items'][number];
      expectProblem(await t.http.get(`/v1/document-requests/${sibling.id}`).set(bearer(w.stores[0].admin.token)), 404);
    });

    it("the vendor fulfils once with its published SDS: every covered store's request is fulfilled", async () => {
      const answer = expectStatus(await s.fulfil(w.vendor.admin.token, followup.id, { disclosureId: sds.id }), 200) as unknown as AnswerBody;
      expect(sorted(answer.applied)).toEqual(sorted(followup.items.map((i) => i.id)));
      expect(answer.notApplied).toEqual([]);
      expect(answer.followup.progress).toEqual({ total: 3, open: 0, closed: 3, byStatus: { fulfilled: 3 } });
      for (const store of w.stores.slice(0, 3)) {
        const [own] = await s.requests(store.admin.token);
        expect(own).toMatchObject({ status: 'fulfilled', fulfilledDocument: { type: 'disclosure', id: sds.id, automatically: false } });
      }
      expect(await s.events('document_request.fulfilled', answer.applied)).toBe(3);
      expect(await countRows(t.db, "audit_events WHERE action = 'chain_followup.fulfil' AND target_id = $1", [followup.id])).toBe(1);
      const seen = expectStatus(await s.get(w.chain.admin.token, w.chain.org.id, followup.id), 200) as unknown as FollowupBody;
      expect(seen.items.every((i) => i.status === 'fulfilled' && i.documentId === sds.id)).toBe(true);
      expectProblem(await s.fulfil(w.vendor.admin.token, followup.id, { disclosureId: sds.id }), 409, 'followup_not_open');
    });

    it('a disclosure reaching one store fulfils that one; the vendor then declines the rest, each store keeping its own status', async () => {
      const mds = await s.p.published(w.vendor.admin, w.product.id, { kind: 'MDS', audience: 'selected_contracts', contractIds: [w.contracts[0].id] });
      const mdsFollowup = await s.created(w.chain.admin.token, w.chain.org.id, { kind: 'document_request', vendorId: w.vendor.org.id, request: { kind: 'MDS' } });
      const idOf = (i: number) => (mdsFollowup.items.find((item) => item.store.id === w.stores[i].org.id) as { id: string }).id;

      const answer = expectStatus(await s.fulfil(w.vendor.admin.token, mdsFollowup.id, { disclosureId: mds.id }), 200) as unknown as AnswerBody;
      expect(answer.applied).toEqual([idOf(0)]);
      expect(answer.notApplied.map((n) => [n.store.id, n.code]).sort()).toEqual(orgIds(w, [1, 2]).map((id) => [id, 'disclosure_not_visible_to_customer']));
      expect(answer.followup.progress).toMatchObject({ total: 3, open: 2, byStatus: { fulfilled: 1, open: 2 } });

      const declined = expectStatus(await s.decline(w.vendor.admin.token, mdsFollowup.id, 'この製品のMDSは提供していません'), 200) as unknown as AnswerBody;
      expect(sorted(declined.applied)).toEqual(sorted([idOf(1), idOf(2)]));
      expect(declined.followup.progress).toMatchObject({ total: 3, open: 0, byStatus: { fulfilled: 1, declined: 2 } });
      expect(await s.events('document_request.declined', declined.applied)).toBe(2);
      const statusOf = async (i: number) => (await s.requests(w.stores[i].admin.token, '?kind=MDS'))[0].status;
      expect([await statusOf(0), await statusOf(1), await statusOf(2)]).toEqual(['fulfilled', 'declined', 'declined']);
      expectProblem(await s.decline(w.vendor.admin.token, mdsFollowup.id, 'もう一度'), 409, 'followup_not_open');
      expectProblem(await s.message(w.vendor.admin.token, mdsFollowup.id, '回答です'), 422, 'not_a_thread_followup');
    });

    it('a disclosure that matches no store is refused with its own rule and nothing changes', async () => {
      const rmFollowup = await s.created(w.chain.admin.token, w.chain.org.id, { kind: 'document_request', vendorId: w.vendor.org.id, request: { kind: 'RM-SDS' } });
      const before = await s.written(w);
      const problem = expectProblem(await s.fulfil(w.vendor.admin.token, rmFollowup.id, { disclosureId: sds.id }), 422, 'document_kind_mismatch');
      expect((problem.notApplied as unknown[]).length).toBe(3);
      expectProblem(await s.fulfil(w.vendor.admin.token, rmFollowup.id, { disclosureId: randomUUID() }), 422, 'disclosure_not_found');
      expect(invalidFields(await s.fulfil(w.vendor.admin.token, rmFollowup.id, {}))).toEqual(['disclosureId']);
      expect(await s.written(w)).toEqual(before);
    });
  });

  describe('checklist requests: skipped stores are reported; each store is fulfilled with its own checklist', () => {
    let w: ChainWorld;
    let followup: FollowupBody;
    let s2Checklist: string;
    beforeAll(async () => {
      w = await s.world();
      s2Checklist = await s.submitChecklist(w.vendor.admin, w.contracts[1].id);
    });

    it('covers the selected stores that owe a checklist and lists why the others got nothing', async () => {
      followup = await s.created(w.chain.admin.token, w.chain.org.id, {
        kind: 'document_request',
        vendorId: w.vendor.org.id,
        storeIds: w.stores.map((store) => store.org.id),
        request: { kind: 'checklist', fiscalYear: FY },
      });
      expect(storesOf(followup.items)).toEqual(orgIds(w, [0, 1]));
      expect(followup.selectedStoreIds).toEqual(w.stores.map((store) => store.org.id));
      const skipped = (followup.skipped ?? []).map((skip) => ({ store: skip.store.id, reason: skip.reason, contractId: skip.contractId }));
      expect(skipped).toEqual(
        expect.arrayContaining([
          { store: w.stores[2].org.id, reason: 'checklist_not_required', contractId: w.contracts[2].id },
          { store: w.stores[3].org.id, reason: 'no_active_contract', contractId: null },
        ]),
      );
      expect(skipped).toHaveLength(2);
      expect(followup.skipped?.every((skip) => skip.reasonLabel.length > 0 && skip.store.name.length > 0)).toBe(true);
      expect(await s.requests(w.stores[2].admin.token)).toEqual([]);
      expect(await s.requests(w.stores[3].admin.token)).toEqual([]);
    });

    it('the vendor sees the stores it was asked about, and nothing of the others', async () => {
      const response = await s.vendorGet(w.vendor.admin.token, followup.id);
      const seen = expectStatus(response, 200) as unknown as FollowupBody;
      expect(seen).toMatchObject({ skipped: null, selectedStoreIds: null, yourSide: 'vendor' });
      expect(storesOf(seen.items)).toEqual(orgIds(w, [0, 1]));
      expect(JSON.stringify(response.body)).not.toContain(w.stores[3].org.id);
      expect(JSON.stringify(response.body)).not.toContain(w.stores[2].org.id);
    });

    it("one call fulfils each store's request with its own submitted checklist; the others follow as they are submitted", async () => {
      expectProblem(await s.fulfil(w.vendor.admin.token, followup.id, { disclosureId: randomUUID() }), 422, 'document_kind_mismatch');
      const answer = expectStatus(await s.fulfil(w.vendor.admin.token, followup.id, {}), 200) as unknown as AnswerBody;
      const s2Request = followup.items.find((i) => i.store.id === w.stores[1].org.id) as { id: string };
      expect(answer.applied).toEqual([s2Request.id]);
      expect(answer.notApplied.map((n) => [n.store.id, n.code])).toEqual([[w.stores[0].org.id, 'checklist_not_submitted']]);
      expect((await s.requests(w.stores[1].admin.token))[0]).toMatchObject({ status: 'fulfilled', fulfilledDocument: { type: 'checklist', id: s2Checklist } });
      expect((await s.requests(w.stores[0].admin.token))[0]).toMatchObject({ status: 'open' });

      await s.submitChecklist(w.vendor.admin, w.contracts[0].id);
      const done = expectStatus(await s.get(w.chain.admin.token, w.chain.org.id, followup.id), 200) as unknown as FollowupBody;
      expect(done.progress).toEqual({ total: 2, open: 0, closed: 2, byStatus: { fulfilled: 2 } });
      expectProblem(await s.fulfil(w.vendor.admin.token, followup.id, {}), 409, 'followup_not_open');
    });

    it('a second identical follow-up skips the stores whose request is open already', async () => {
      const first = await s.created(w.chain.admin.token, w.chain.org.id, { kind: 'document_request', vendorId: w.vendor.org.id, storeIds: [w.stores[0].org.id], request: { kind: 'SDS' } });
      const second = await s.created(w.chain.admin.token, w.chain.org.id, { kind: 'document_request', vendorId: w.vendor.org.id, request: { kind: 'SDS' } });
      expect(storesOf(second.items)).toEqual(orgIds(w, [1, 2]));
      expect(second.skipped).toEqual([expect.objectContaining({ store: expect.objectContaining({ id: w.stores[0].org.id }), reason: 'request_already_open', existingId: first.items[0].id })]);
    });
  });

  describe('RM-SDS: the follow-up is addressed to the one organization that answers', () => {
    it("a store whose RM-SDS goes to the contract's agent is skipped when asking the vendor, and covered when asking the agent", async () => {
      const w = await s.world();
      const agent = await s.p.vendor();
      const agentContract = await s.p.contract(w.vendor.admin, w.stores[3], [w.product.id], { agentId: agent.org.id });

      const toVendor = await s.created(w.chain.admin.token, w.chain.org.id, { kind: 'document_request', vendorId: w.vendor.org.id, request: { kind: 'RM-SDS' } });
      expect(storesOf(toVendor.items)).toEqual(orgIds(w, [0, 1, 2]));
      expect(toVendor.skipped).toEqual([expect.objectContaining({ store: expect.objectContaining({ id: w.stores[3].org.id }), reason: 'other_addressee', contractId: agentContract.id })]);

      const toAgent = await s.created(w.chain.admin.token, w.chain.org.id, { kind: 'document_request', vendorId: agent.org.id, request: { kind: 'RM-SDS' } });
      expect(toAgent.items.map((i) => [i.store.id, i.contractId])).toEqual([[w.stores[3].org.id, agentContract.id]]);
      expect(toAgent.skipped).toEqual([]);
      const [s4Request] = await s.requests(w.stores[3].admin.token);
      expect(s4Request).toMatchObject({ followupId: toAgent.id, addressee: { id: agent.org.id } });
      // Each organization asked sees its own follow-up only.
      expectStatus(await s.vendorGet(agent.admin.token, toAgent.id), 200);
      expectProblem(await s.vendorGet(agent.admin.token, toVendor.id), 404);
      expectProblem(await s.vendorGet(w.vendor.admin.token, toAgent.id), 404);
      // The agent is not asked for an SDS: the vendor is.
      expectProblem(await s.create(w.chain.admin.token, w.chain.org.id, { kind: 'document_request', vendorId: agent.org.id, request: { kind: 'SDS' } }), 422, 'no_store_qualifies');
    });
  });

  describe('risk threads: one vendor message reaches every open thread; a store resolves only its own', () => {
    let w: ChainWorld;
    let sds: Disclosure;
    let followup: FollowupBody;
    beforeAll(async () => {
      w = await s.world();
      sds = await s.p.published(w.vendor.admin, w.product.id);
    });

    it('opens one thread per store the disclosure reaches, each with the first message', async () => {
      followup = await s.created(w.member.token, w.chain.org.id, {
        kind: 'risk_thread',
        vendorId: w.vendor.org.id,
        thread: { documentType: 'disclosure', documentId: sds.id, itemId: '2', message: '全店舗共通: 項目2が「いいえ」の理由を教えてください', dueOn: japanDate(30) },
      });
      expect(followup).toMatchObject({ kind: 'risk_thread', progress: { total: 3, open: 3, byStatus: { waiting_vendor: 3 } }, thread: { itemId: '2', documentId: sds.id } });
      expect(storesOf(followup.items)).toEqual(orgIds(w, [0, 1, 2]));
      for (const [i, store] of w.stores.entries()) {
        const own = await s.threads(store.admin.token);
        expect(own).toHaveLength(i === 3 ? 0 : 1);
        if (i < 3) expect(own[0]).toMatchObject({ customer: { id: store.org.id }, followupId: followup.id, status: 'waiting_vendor', messageCount: 1 });
      }
      expect(await s.threads(w.otherStore.admin.token)).toEqual([]);
      expect(await s.events('risk_thread.opened', followup.items.map((i) => i.id))).toBe(3);
    });

    it("the vendor's one message reaches every store's thread", async () => {
      const answer = expectStatus(await s.message(w.vendor.admin.token, followup.id, '項目2は次期バージョンで対応予定です。'), 201) as unknown as AnswerBody;
      expect(sorted(answer.applied)).toEqual(sorted(followup.items.map((i) => i.id)));
      expect(answer.followup.progress.byStatus).toEqual({ waiting_pharmacy: 3 });
      for (const store of w.stores.slice(0, 3)) {
        const [own] = await s.threads(store.admin.token);
        expect(own).toMatchObject({ status: 'waiting_pharmacy', messageCount: 2 });
        const detail = expectStatus(await t.http.get(`/v1/risk-threads/${own.id}`).set(bearer(store.admin.token)), 200) as { messages: { side: string; body: string }[] };
        expect(detail.messages[1]).toMatchObject({ side: 'vendor', body: '項目2は次期バージョンで対応予定です。' });
      }
      expect(await s.events('risk_thread.message', answer.applied)).toBe(3);
    });

    it("a store resolving its own thread leaves its siblings' threads open; the next message skips it", async () => {
      const [s1Thread] = await s.threads(w.stores[0].admin.token);
      expectStatus(await t.http.post(`/v1/risk-threads/${s1Thread.id}/resolve`).set(bearer(w.stores[0].admin.token)).send({ outcome: 'risk_accepted' }), 200);
      for (const store of w.stores.slice(1, 3)) expect((await s.threads(store.admin.token))[0].status).toBe('waiting_pharmacy');
      const [s2Thread] = await s.threads(w.stores[1].admin.token);
      expectProblem(await t.http.get(`/v1/risk-threads/${s2Thread.id}`).set(bearer(w.stores[0].admin.token)), 404);

      const answer = expectStatus(await s.message(w.vendor.admin.token, followup.id, '補足: 回避策を添付します。'), 201) as unknown as AnswerBody;
      expect(answer.applied).not.toContain(s1Thread.id);
      expect(answer.applied).toHaveLength(2);
      expect(answer.notApplied).toEqual([expect.objectContaining({ id: s1Thread.id, code: 'thread_resolved' })]);
      expect(answer.followup.progress).toMatchObject({ total: 3, open: 2, byStatus: { resolved: 1, waiting_pharmacy: 2 } });
      expect((await s.threads(w.stores[0].admin.token))[0]).toMatchObject({ status: 'resolved', messageCount: 2 });
      expect((await s.threads(w.stores[1].admin.token))[0]).toMatchObject({ status: 'waiting_pharmacy', messageCount: 3 });
      expectProblem(await s.fulfil(w.vendor.admin.token, followup.id, {}), 422, 'not_a_request_followup');
      expectProblem(await s.decline(w.vendor.admin.token, followup.id, '対応しません'), 422, 'not_a_request_followup');
    });

    it('a store with a thread open on the item already is skipped with that thread', async () => {
      const own = expectStatus(
        await t.http.post('/v1/risk-threads').set(bearer(w.stores[1].admin.token)).send({ documentType: 'disclosure', documentId: sds.id, itemId: '3', message: '店舗から確認' }),
        201,
      );
      const item3 = await s.created(w.chain.admin.token, w.chain.org.id, {
        kind: 'risk_thread',
        vendorId: w.vendor.org.id,
        storeIds: [w.stores[0].org.id, w.stores[1].org.id],
        thread: { documentType: 'disclosure', documentId: sds.id, itemId: '3', message: '対象外の理由は' },
      });
      expect(storesOf(item3.items)).toEqual([w.stores[0].org.id]);
      expect(item3.skipped).toEqual([expect.objectContaining({ store: expect.objectContaining({ id: w.stores[1].org.id }), reason: 'thread_already_open', existingId: own.id })]);
    });

    it("a checklist thread follow-up opens each store's thread on its own contract's checklist", async () => {
      const c1 = await s.submitChecklist(w.vendor.admin, w.contracts[0].id);
      const c2 = await s.submitChecklist(w.vendor.admin, w.contracts[1].id);
      const byChecklist = await s.created(w.chain.admin.token, w.chain.org.id, {
        kind: 'risk_thread',
        vendorId: w.vendor.org.id,
        thread: { documentType: 'checklist', documentId: c1, itemId: '2-⑤', message: '目標日の根拠を教えてください' },
      });
      expect(byChecklist.items.map((i) => [i.store.id, i.documentId, i.contractId]).sort()).toEqual(
        [
          [w.stores[0].org.id, c1, w.contracts[0].id],
          [w.stores[1].org.id, c2, w.contracts[1].id],
        ].sort(),
      );
      expect(byChecklist.skipped).toEqual([expect.objectContaining({ store: expect.objectContaining({ id: w.stores[2].org.id }), reason: 'checklist_not_required' })]);
      expect(byChecklist.thread).toMatchObject({ documentType: 'checklist', fiscalYear: FY, documentLabel: '令和7年度 事業者確認用チェックリスト' });
    });
  });

  describe('validation: problem+json and nothing written', () => {
    let w: ChainWorld;
    let sds: Disclosure;
    let foreignStore: string;
    beforeAll(async () => {
      w = await s.world();
      sds = await s.p.published(w.vendor.admin, w.product.id);
      foreignStore = w.otherStore.org.id;
    });

    const request = (extra: Record<string, unknown> = {}) => ({ kind: 'document_request', vendorId: w.vendor.org.id, request: { kind: 'SDS' }, ...extra });
    const thread = (extra: Record<string, unknown> = {}) => ({
      kind: 'risk_thread',
      vendorId: w.vendor.org.id,
      thread: { documentType: 'disclosure', documentId: sds.id, itemId: '2', message: '確認', ...extra },
    });
    it.each<[string, () => Record<string, unknown>, string[]]>([
      ['an empty body', () => ({}), ['kind', 'vendorId']],
      ['an unknown kind', () => request({ kind: 'memo' }), ['kind']],
      ['a malformed vendor id', () => request({ vendorId: 'v-1' }), ['vendorId']],
      ['a request follow-up without its request', () => ({ kind: 'document_request', vendorId: w.vendor.org.id }), ['request']],
      ['a thread follow-up without its thread', () => ({ kind: 'risk_thread', vendorId: w.vendor.org.id }), ['thread']],
      ['an unknown document kind', () => request({ request: { kind: 'PDF' } }), ['request.kind']],
      ['an unknown field in the request', () => request({ request: { kind: 'SDS', priority: 'high' } }), ['request.priority']],
      ['a checklist request without 年度', () => request({ request: { kind: 'checklist' } }), ['request.fiscalYear']],
      ['a 年度 on an SDS request', () => request({ request: { kind: 'SDS', fiscalYear: FY } }), ['request.fiscalYear']],
      ['a 期限 in the past', () => request({ request: { kind: 'SDS', dueOn: japanDate(-1) } }), ['request.dueOn']],
      ['a 期限 that does not exist', () => request({ request: { kind: 'SDS', dueOn: '2030-02-30' } }), ['request.dueOn']],
      ['a thread on a request follow-up', () => ({ ...request(), thread: thread().thread }), ['thread']],
      ['a request on a thread follow-up', () => ({ ...thread(), request: { kind: 'SDS' } }), ['request']],
      ['no stores selected', () => request({ storeIds: [] }), ['storeIds']],
      ['a store selected twice', () => request({ storeIds: [w.stores[0].org.id, w.stores[0].org.id.toUpperCase()] }), ['storeIds']],
      ['a malformed store id', () => request({ storeIds: ['s-1'] }), ['storeIds']],
      ["another chain's store", () => request({ storeIds: [w.stores[0].org.id, foreignStore] }), ['storeIds']],
      ['the chain itself as a store', () => request({ storeIds: [w.chain.org.id] }), ['storeIds']],
      ['an unknown field', () => request({ priority: 'high' }), ['priority']],
      ['an empty thread message', () => thread({ message: '  ' }), ['thread.message']],
      ['a thread due date in the past', () => thread({ dueOn: japanDate(-1) }), ['thread.dueOn']],
      ['an item the disclosure does not answer', () => thread({ itemId: '99' }), ['thread.itemId']],
    ])('refuses %s (400)', async (_, body, fields) => {
      const before = await s.written(w);
      expect(invalidFields(await s.create(w.chain.admin.token, w.chain.org.id, body()))).toEqual(fields);
      expect(await s.written(w)).toEqual(before);
    });

    it('refuses a follow-up no store qualifies for (422, each store listed with its reason) and writes nothing', async () => {
      const before = await s.written(w);
      const lonely = await s.p.vendor();
      const none = expectProblem(await s.create(w.chain.admin.token, w.chain.org.id, request({ vendorId: lonely.org.id })), 422, 'no_store_qualifies');
      expect(none.skipped).toEqual([]);
      const saleOnly = expectProblem(
        await s.create(w.chain.admin.token, w.chain.org.id, request({ storeIds: [w.stores[2].org.id, w.stores[3].org.id], request: { kind: 'checklist', fiscalYear: FY } })),
        422,
        'no_store_qualifies',
      );
      expect((saleOnly.skipped as { storeId: string; reason: string }[]).map((skip) => [skip.storeId, skip.reason]).sort()).toEqual(
        [
          [w.stores[2].org.id, 'checklist_not_required'],
          [w.stores[3].org.id, 'no_active_contract'],
        ].sort(),
      );
      expectProblem(await s.create(w.chain.admin.token, w.chain.org.id, request({ request: { kind: 'checklist', fiscalYear: 2019 } })), 422, 'no_form_for_fiscal_year');
      expectProblem(await s.create(w.chain.admin.token, w.chain.org.id, thread({ documentId: randomUUID() })), 404);
      expectProblem(await s.create(w.chain.admin.token, w.chain.org.id, { ...thread(), vendorId: w.otherVendor.org.id }), 422, 'document_not_from_vendor');
      expect(await s.written(w)).toEqual(before);
    });
  });

  describe('access', () => {
    let w: ChainWorld;
    let followup: FollowupBody;
    let otherFollowup: FollowupBody;
    beforeAll(async () => {
      w = await s.world();
      followup = await s.created(w.chain.admin.token, w.chain.org.id, { kind: 'document_request', vendorId: w.vendor.org.id, request: { kind: 'SDS' } });
      otherFollowup = await s.created(w.otherChain.admin.token, w.otherChain.org.id, { kind: 'document_request', vendorId: w.vendor.org.id, request: { kind: 'SDS' } });
    });

    it('another chain, a store of the chain, vendors and the operator get 404 on the chain routes', async () => {
      const operator = await f.operator();
      const callers: [string, string][] = [
        ['another chain', w.otherChain.admin.token],
        ['a store of the chain', w.stores[0].admin.token],
        ['the vendor asked', w.vendor.admin.token],
        ['another vendor', w.otherVendor.admin.token],
        ['the operator', operator],
      ];
      for (const [who, token] of callers) {
        const before = await s.written(w);
        for (const response of [
          await s.list(token, w.chain.org.id),
          await s.get(token, w.chain.org.id, followup.id),
          await s.create(token, w.chain.org.id, { kind: 'document_request', vendorId: w.vendor.org.id, request: { kind: 'MDS' } }),
        ]) {
          if (response.status !== 404) throw new Error(`${who}: expected 404, got ${response.status}`);
          expectProblem(response, 404);
        }
        expect(await s.written(w)).toEqual(before);
      }
      // The other chain, on its own route, cannot reach this chain's follow-up either.
      expectProblem(await s.get(w.otherChain.admin.token, w.otherChain.org.id, followup.id), 404);
    });

    it('the follow-up itself: the chain and the vendor asked see it; another chain, a store, another vendor and the operator get 404', async () => {
      expectStatus(await s.vendorGet(w.chain.admin.token, followup.id), 200);
      expectStatus(await s.vendorGet(w.vendor.admin.token, followup.id), 200);
      for (const token of [w.otherChain.admin.token, w.stores[0].admin.token, w.otherVendor.admin.token, await f.operator()]) {
        expectProblem(await s.vendorGet(token, followup.id), 404);
        expectProblem(await s.fulfil(token, followup.id, { disclosureId: randomUUID() }), 404);
      }
      const vendorList = expectStatus(await s.vendorList(w.vendor.admin.token), 200) as { items: { id: string }[] };
      expect(sorted(vendorList.items.map((i) => i.id))).toEqual(sorted([followup.id, otherFollowup.id]));
      const chainList = expectStatus(await s.list(w.chain.admin.token, w.chain.org.id), 200) as { items: { id: string }[] };
      expect(chainList.items.map((i) => i.id)).toEqual([followup.id]);
      expect((expectStatus(await s.list(w.chain.admin.token, w.chain.org.id, '?open=false'), 200) as { items: unknown[] }).items).toEqual([]);
      expect((expectStatus(await s.vendorList(w.otherVendor.admin.token), 200) as { items: unknown[] }).items).toEqual([]);
      // Stores see their own request only, never the follow-up, and nothing of the other chain's.
      expect((await s.requests(w.stores[0].admin.token)).map((r) => r.followupId)).toEqual([followup.id]);
    });

    it('viewers read but do not write; only the organization asked answers, with the right scope', async () => {
      const before = await s.written(w);
      expectProblem(await s.create(w.viewer.token, w.chain.org.id, { kind: 'document_request', vendorId: w.vendor.org.id, request: { kind: 'MDS' } }), 403, 'read_only_role');
      expectStatus(await s.get(w.viewer.token, w.chain.org.id, followup.id), 200);
      expectProblem(await s.fulfil(w.chain.admin.token, followup.id, { disclosureId: randomUUID() }), 403, 'addressee_only');
      const vendorViewer = await f.user(w.vendor.org.id, 'viewer');
      expectProblem(await s.decline(vendorViewer.token, followup.id, '辞退'), 403, 'read_only_role');
      const unscoped = await s.p.clientToken(w.vendor.admin, ['checklists:write']);
      expectProblem(await s.decline(unscoped, followup.id, '辞退'), 403, 'insufficient_scope');
      const threadsOnly = await s.p.clientToken(w.chain.admin, ['threads:write']);
      expectProblem(await s.create(threadsOnly, w.chain.org.id, { kind: 'document_request', vendorId: w.vendor.org.id, request: { kind: 'MDS' } }), 403, 'insufficient_scope');
      expect(await s.written(w)).toEqual(before);

      const chainClient = await s.p.clientToken(w.chain.admin, ['requests:write']);
      expect((await s.created(chainClient, w.chain.org.id, { kind: 'document_request', vendorId: w.vendor.org.id, request: { kind: 'MDS' } })).items).toHaveLength(3);
      const vendorClient = await s.p.clientToken(w.vendor.admin, ['requests:write']);
      const declined = expectStatus(await s.decline(vendorClient, followup.id, 'この製品のSDSは準備中です'), 200) as unknown as AnswerBody;
      expect(declined.applied).toHaveLength(3);
      // The other chain's follow-up to the same vendor is untouched.
      expect((expectStatus(await s.vendorGet(w.vendor.admin.token, otherFollowup.id), 200) as unknown as FollowupBody).progress.open).toBe(1);
    });
  });
});
