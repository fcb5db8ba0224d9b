import { randomUUID } from 'node:crypto';
import { expectProblem, invalidFields } from './support/assertions';
import { answers, ChecklistSetup, FY } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import type { PharmacyWorld } from './support/pharmacy-setup';
import { fullAnswers, Publishing, Tenant } from './support/publishing';
import { Changes, RevisionChangesSetup, summary } from './support/revision-changes-setup';
import { startIsolatedTestApp } from './support/isolated-app';
import type { TestApp } from './support/test-app';
import { fenceOutboundConnections, waitFor, WebhookReceiver } from './support/webhook-receiver';

describe('revision changes (answer-level diffs and change notifications)', () => {
  let t: TestApp;
  let f: Factory;
  let r: RevisionChangesSetup;
  let p: Publishing;
  let receiver: WebhookReceiver;
  let fence: ReturnType<typeof fenceOutboundConnections>;

  beforeAll(async () => {
    fence = fenceOutboundConnections();
    receiver = await new WebhookReceiver().start();
    // Workers on and loopback receivers allowed: the pharmacy's webhook is really delivered. On a
    // database of its own: workers take every job of their database, other suites' included.
    t = await startIsolatedTestApp('revision_changes', { KAIJI_JOBS: 'on', KAIJI_JOBS_POLL_SECONDS: '0.5', KAIJI_WEBHOOK_ALLOW_PRIVATE: 'true' });
    f = new Factory(t);
    r = new RevisionChangesSetup(t, f);
    p = new Publishing(t, f);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    fence.restore();
    expect(fence.attempts).toEqual([]);
  });

  describe('checklists', () => {
    let world: PharmacyWorld & { chain: Tenant };
    let webhookPath: string;

    beforeAll(async () => {
      world = await r.world();
      webhookPath = `/changes/${randomUUID()}`;
      const subscribed = await t.http.post('/v1/webhooks').set(bearer(world.pharmacy.admin.token)).send({ url: receiver.url(webhookPath), events: ['checklist.changed'] });
      expect(subscribed.status).toBe(201);
      // Revision 1: every item はい, 2-⑤ いいえ until December.
      await r.submit(world.vendor.admin, world.contract.id, { '2-⑤': { answer: 'いいえ', targetOn: '2025-12-01' } });
    });

    it('answers a first revision explicitly: nothing to compare with', async () => {
      const response = await r.checklistChanges(world.pharmacy.admin.token, world.contract.id);
      expect(response.status).toBe(200);
      const body = response.body as Changes;
      expect(body).toEqual(expect.objectContaining({ documentType: 'checklist', firstRevision: true, from: null, changes: [], significantCount: 0, formChanged: false }));
      expect(body.to).toEqual(expect.objectContaining({ revision: 1, status: 'submitted', date: expect.any(String) }));
    });

    it('lists a resubmission with はい→いいえ and a 目標日 postponed as significant, and tells the store, its chain and its webhook', async () => {
      const client = await new ChecklistSetup(t, f).clientToken(world.vendor.admin);
      // Revision 2 through the bulk path: 2-③ はい→いいえ (with its 目標日), 2-⑤'s 目標日 moved from December to March.
      await r.submitBatch(client, world.contract.id, { '2-③': { answer: 'いいえ', targetOn: '2026-02-28' }, '2-⑤': { answer: 'いいえ', targetOn: '2026-03-31' } });

      const response = await r.checklistChanges(world.pharmacy.admin.token, world.contract.id);
      expect(response.status).toBe(200);
      const body = response.body as Changes;
      expect(body.firstRevision).toBe(false);
      expect([body.from?.revision, body.to.revision]).toEqual([1, 2]);
      expect(summary(body)).toEqual([
        ['2-③', 'answer', 'はい', 'いいえ', true],
        ['2-③', 'targetOn', null, '2026-02-28', false],
        ['2-⑤', 'targetOn', '2025-12-01', '2026-03-31', true],
      ]);
      expect(body.significantCount).toBe(2);
      expect(body.changes[0]).toEqual(expect.objectContaining({ fieldLabel: '回答', reason: '回答が「いいえ」に変わりました', itemText: expect.stringContaining('アクセス利用権限') }));
      expect(body.changes[2].reason).toBe('目標日が延期されました');

      const vendorName = world.vendor.org.name;
      for (const user of [world.pharmacy.admin, world.chain.admin]) {
        const [notification, ...more] = await r.notifications(user, 'checklist.changed');
        expect(more).toEqual([]);
        expect(notification.title).toBe(`${vendorName}の事業者確認用（令和7年度）で 2-③ が はい→いいえ に変わりました（ほか1件）`);
        expect(notification.body).toContain('2-⑤ の目標日が 2025-12-01→2026-03-31 に変わりました（目標日が延期されました）');
        expect(notification.link).toBe(`/contracts/${world.contract.id}/checklists/${FY}`);
      }
      // The vendor made the change: it is not told of it.
      expect(await r.notifications(world.vendor.admin, 'checklist.changed')).toEqual([]);

      const [delivery] = await waitFor('the webhook delivery', () => receiver.to(webhookPath).length > 0 && receiver.to(webhookPath));
      const event = JSON.parse(delivery.body) as { type: string; data: { contractId: string; fromRevision: number; toRevision: number; changes: { itemId: string; field: string; significant: boolean }[] } };
      expect(event.type).toBe('checklist.changed');
      expect(event.data).toEqual(expect.objectContaining({ contractId: world.contract.id, fiscalYear: FY, fromRevision: 1, toRevision: 2, significantCount: 2, changeCount: 3 }));
      expect(event.data.changes.map((c) => [c.itemId, c.field, c.significant])).toEqual([
        ['2-③', 'answer', true],
        ['2-③', 'targetOn', false],
        ['2-⑤', 'targetOn', true],
      ]);
    });

    it('lists a remarks-only resubmission without telling anyone', async () => {
      await r.submit(world.vendor.admin, world.contract.id, {
        '2-③': { answer: 'いいえ', targetOn: '2026-02-28', remarks: '権限設定の見直しを2月に実施予定' },
        '2-⑤': { answer: 'いいえ', targetOn: '2026-03-31' },
      });
      const body = (await r.checklistChanges(world.pharmacy.admin.token, world.contract.id)).body as Changes;
      expect([body.from?.revision, body.to.revision]).toEqual([2, 3]);
      expect(summary(body)).toEqual([['2-③', 'remarks', null, '権限設定の見直しを2月に実施予定', false]]);
      expect(body.significantCount).toBe(0);
      expect(await r.notifications(world.pharmacy.admin, 'checklist.changed')).toHaveLength(1);
      expect(await t.db.query(`SELECT 1 FROM domain_events WHERE type = 'checklist.changed' AND subject_id = $1`, [body.to.id])).toEqual([]);
    });

    it('shows an earlier revision against the one before it, and the vendor its draft against the latest submitted', async () => {
      const second = (await r.checklistChanges(world.chain.admin.token, world.contract.id, '?revision=2')).body as Changes;
      expect([second.from?.revision, second.to.revision, second.significantCount]).toEqual([1, 2, 2]);

      const saved = await t.http
        .put(`/v1/contracts/${world.contract.id}/checklists/${FY}`)
        .set(bearer(world.vendor.admin.token))
        .send({ answers: answers({ '2-⑤': { answer: 'いいえ', targetOn: '2026-03-31' } }) });
      expect(saved.status).toBe(200);
      const draft = (await r.checklistChanges(world.vendor.admin.token, world.contract.id, '?revision=4')).body as Changes;
      expect([draft.from?.revision, draft.to.revision, draft.to.status]).toEqual([3, 4, 'draft']);
      expect(summary(draft)).toEqual([
        ['2-③', 'answer', 'いいえ', 'はい', false],
        ['2-③', 'targetOn', '2026-02-28', null, false],
        ['2-③', 'remarks', '権限設定の見直しを2月に実施予定', null, false],
      ]);
      // By default the vendor sees the latest submitted revision too; the customer never sees the draft.
      expect(((await r.checklistChanges(world.vendor.admin.token, world.contract.id)).body as Changes).to.revision).toBe(3);
      expectProblem(await r.checklistChanges(world.pharmacy.admin.token, world.contract.id, '?revision=4'), 404, 'not_found');
    });

    it('refuses bad revisions and 年度 as problem+json', async () => {
      const token = world.pharmacy.admin.token;
      for (const query of ['?revision=0', '?revision=-1', '?revision=abc', '?revision=1.5', '?revision=1000001']) {
        expect(invalidFields(await r.checklistChanges(token, world.contract.id, query))).toEqual(['revision']);
      }
      expectProblem(await r.checklistChanges(token, world.contract.id, '?revision=99'), 404, 'not_found');
      expect(invalidFields(await r.checklistChanges(token, world.contract.id, '', 'r7'))).toEqual(['fiscalYear']);
      expect(invalidFields(await r.checklistChanges(token, world.contract.id, '', 1999))).toEqual(['fiscalYear']);
      expectProblem(await r.checklistChanges(token, world.contract.id, '', 2024), 404, 'not_found');
      expectProblem(await r.checklistChanges(token, randomUUID()), 404, 'not_found');
    });

    it('answers 404 to a rival vendor, another pharmacy and another chain, as for a checklist that does not exist', async () => {
      const rival = await p.vendor();
      const otherPharmacy = await p.pharmacy();
      const otherChain = await f.tenant('chain');
      const sibling = await p.pharmacy({ chainId: world.chain.org.id });
      for (const outsider of [rival, otherPharmacy, otherChain, sibling]) {
        expectProblem(await r.checklistChanges(outsider.admin.token, world.contract.id), 404, 'not_found');
        expectProblem(await r.checklistChanges(outsider.admin.token, world.contract.id, '?revision=2'), 404, 'not_found');
      }
    });
  });

  describe('disclosures', () => {
    let world: PharmacyWorld & { chain: Tenant };
    let first: string;
    let second: string;

    beforeAll(async () => {
      world = await r.world();
      // Revision 1: item 2 いいえ, item 3 対象外 (with 備考), the rest はい.
      first = (await p.published(world.vendor.admin, world.product.id)).id;
    });

    it('answers a first revision explicitly', async () => {
      const body = (await r.disclosureChanges(world.pharmacy.admin.token, first)).body as Changes;
      expect(body).toEqual(expect.objectContaining({ documentType: 'disclosure', firstRevision: true, from: null, changes: [] }));
    });

    it('lists a republication with はい→いいえ as significant and notifies the store and its chain', async () => {
      const changed = fullAnswers({ '4': 'いいえ' }).map((a) => (a.itemId === '5' ? { ...a, remarks: '年1回の点検' } : a));
      second = (await p.published(world.vendor.admin, world.product.id, { answers: changed })).id;
      for (const user of [world.pharmacy.admin, world.chain.admin, world.vendor.admin]) {
        const body = (await r.disclosureChanges(user.token, second)).body as Changes;
        expect([body.from?.id, body.to.id]).toEqual([first, second]);
        expect(summary(body)).toEqual([
          ['4', 'answer', 'はい', 'いいえ', true],
          ['5', 'remarks', null, '年1回の点検', false],
        ]);
      }
      for (const user of [world.pharmacy.admin, world.chain.admin]) {
        const [notification, ...more] = await r.notifications(user, 'disclosure.changed');
        expect(more).toEqual([]);
        expect(notification.title).toMatch(new RegExp(`^${world.vendor.org.name}のSDS（.+ 6\\.0）で 4 が はい→いいえ に変わりました$`));
        expect(notification.link).toBe(`/disclosures/${second}`);
      }
      const [event] = await r.events('disclosure.changed', second);
      expect(event.payload).toEqual(expect.objectContaining({ fromDisclosureId: first, fromRevision: 1, toRevision: 2, significantCount: 1 }));
    });

    it('lists a remarks-only republication without a notification', async () => {
      const changed = fullAnswers({ '4': 'いいえ' }).map((a) => (a.itemId === '5' ? { ...a, remarks: '年2回の点検' } : a));
      const third = (await p.published(world.vendor.admin, world.product.id, { answers: changed })).id;
      const body = (await r.disclosureChanges(world.pharmacy.admin.token, third)).body as Changes;
      expect(summary(body)).toEqual([['5', 'remarks', '年1回の点検', '年2回の点検', false]]);
      expect(await r.events('disclosure.changed', third)).toEqual([]);
      expect(await r.notifications(world.pharmacy.admin, 'disclosure.changed')).toHaveLength(1);
    });

    it('shows the vendor its draft against the latest published revision; others get 404 for the draft', async () => {
      const draft = await p.draft(world.vendor.admin, world.product.id, { answers: fullAnswers({ '6': '対象外' }) });
      const body = (await r.disclosureChanges(world.vendor.admin.token, draft.id)).body as Changes;
      expect(body.to.status).toBe('draft');
      expect(summary(body)).toEqual([
        ['4', 'answer', 'いいえ', 'はい', false],
        ['5', 'remarks', '年2回の点検', null, false],
        ['6', 'answer', 'はい', '対象外', true],
      ]);
      expectProblem(await r.disclosureChanges(world.pharmacy.admin.token, draft.id), 404, 'not_found');
    });

    it('answers 404 to a rival vendor and another pharmacy, and for a malformed or unknown id', async () => {
      const rival = await p.vendor();
      const otherPharmacy = await p.pharmacy();
      for (const outsider of [rival, otherPharmacy]) expectProblem(await r.disclosureChanges(outsider.admin.token, second), 404, 'not_found');
      expectProblem(await r.disclosureChanges(world.pharmacy.admin.token, 'not-a-uuid'), 404, 'not_found');
      expectProblem(await r.disclosureChanges(world.pharmacy.admin.token, randomUUID()), 404, 'not_found');
    });
  });
});
