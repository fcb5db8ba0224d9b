import { randomUUID } from 'node:crypto';
import { countRows, expectProblem, invalidFields, sqlError } from './support/assertions';
import { Factory } from './support/factories';
import { ITEM_2_TEXT } from './support/publishing';
import { checklistAnswers, expectStatus, FY, jstDate, RiskSetup, Thread, World } from './support/risk-setup';
import { startTestApp, TestApp } from './support/test-app';

/** Risk-communication threads: lifecycle both ways, snapshots, history, overdue and who may do what. */
describe('risk-communication threads', () => {
  let t: TestApp;
  let s: RiskSetup;
  beforeAll(async () => {
    t = await startTestApp();
    s = new RiskSetup(t, new Factory(t));
  });
  afterAll(() => t.close());

  const threadRows = (customerId: string) => countRows(t.db, 'risk_threads WHERE customer_id = $1', [customerId]);
  const messageRows = (threadId: string) => countRows(t.db, 'risk_thread_messages WHERE thread_id = $1', [threadId]);
  const historyRows = (threadId: string) => countRows(t.db, 'risk_thread_history WHERE thread_id = $1', [threadId]);
  const audits = (action: string, id: string) => countRows(t.db, 'audit_events WHERE action = $1 AND target_id = $2', [action, id]);
  const events = (type: string, threadId: string) =>
    t.db.query<{ recipients: string[] }[]>(`SELECT recipients FROM domain_events WHERE type = $1 AND subject_id = $2 ORDER BY created_at`, [type, threadId]);

  describe('lifecycle on an SDS いいえ answer, both ways', () => {
    let w: World;
    let thread: Thread;
    let vendorClient: string;
    beforeAll(async () => {
      w = await s.world();
      vendorClient = await s.clientToken(w.vendor.admin, ['threads:write']);
    });

    it('a pharmacy member opens a thread: the answer is snapshotted and the vendor is told', async () => {
      const member = await s.member(w.pharmacy.org.id);
      const response = await s.open(member.token, { documentType: 'disclosure', documentId: w.disclosure.id, itemId: '2', message: 'いいえの理由と代替策を教えてください。', dueOn: jstDate(14) });
      thread = expectStatus(response, 201) as unknown as Thread;
      expect(thread).toMatchObject({
        status: 'waiting_vendor',
        statusLabel: '事業者回答待ち',
        overdue: false,
        dueOn: jstDate(14),
        documentType: 'disclosure',
        documentId: w.disclosure.id,
        itemId: '2',
        customer: { id: w.pharmacy.org.id },
        vendor: { id: w.vendor.org.id },
        yourSide: 'pharmacy',
        resolution: null,
        documentSuperseded: false,
      });
      expect(thread.snapshot).toMatchObject({
        documentType: 'disclosure',
        documentKind: 'SDS',
        documentRevision: 1,
        itemId: '2',
        itemText: ITEM_2_TEXT,
        answer: 'いいえ',
        productName: w.product.name,
        productVersion: '6.0',
        vendorName: w.vendor.org.name,
      });
      expect(thread.snapshot.documentLabel).toContain('SDS');
      expect(thread.messages).toEqual([expect.objectContaining({ side: 'pharmacy', body: 'いいえの理由と代替策を教えてください。', yours: true, author: expect.objectContaining({ type: 'user', organizationId: w.pharmacy.org.id }) })]);
      expect(thread.history.map((h) => h.kind)).toEqual(['opened']);
      expect((await events('risk_thread.opened', thread.id))[0].recipients).toContain(w.vendor.org.id);
      expect(await countRows(t.db, `notifications WHERE user_id = $1 AND type = 'risk_thread.opened'`, [w.vendor.admin.id])).toBe(1);
      expect(await audits('risk_thread.open', thread.id)).toBe(1);
    });

    it('the vendor sees the thread; its reply waits for the pharmacy; the pharmacy hears about it', async () => {
      const listed = expectStatus(await s.list(w.vendor.admin.token), 200) as { items: Thread[] };
      expect(listed.items.map((i) => i.id)).toEqual([thread.id]);
      const reply = expectStatus(await s.post(w.vendor.admin.token, thread.id, '対象外の運用で代替しています。'), 201) as unknown as Thread;
      expect(reply).toMatchObject({ status: 'waiting_pharmacy', statusLabel: '薬局確認待ち', yourSide: 'vendor' });
      expect(reply.messages.map((m) => m.side)).toEqual(['pharmacy', 'vendor']);
      expect(reply.history.map((h) => h.kind)).toEqual(['opened', 'status_changed']);
      expect(reply.history[1].details).toMatchObject({ from: 'waiting_vendor', to: 'waiting_pharmacy' });
      expect((await events('risk_thread.message', thread.id))[0].recipients).toContain(w.pharmacy.org.id);
      expect(await countRows(t.db, `notifications WHERE user_id = $1 AND type = 'risk_thread.message'`, [w.pharmacy.admin.id])).toBe(1);
    });

    it("a vendor system replies over the API with threads:write; without the scope it is refused", async () => {
      const before = await messageRows(thread.id);
      const noScope = await s.clientToken(w.vendor.admin, ['disclosures:write']);
      expectProblem(await s.post(noScope, thread.id, '権限なし'), 403, 'insufficient_scope');
      expect(await messageRows(thread.id)).toBe(before);
      const reply = expectStatus(await s.post(vendorClient, thread.id, '修正版を来月提供します。'), 201) as unknown as Thread;
      expect(reply.status).toBe('waiting_pharmacy');
      expect(reply.messages[2]).toMatchObject({ side: 'vendor', author: { type: 'client', label: 'レセコン連携', organizationId: w.vendor.org.id } });
      const read = expectStatus(await t.http.get(`/v1/risk-threads/${thread.id}`).set({ Authorization: `Bearer ${vendorClient}` }), 200) as unknown as Thread;
      expect(read.messages).toHaveLength(3);
    });

    it('the pharmacy answers (waiting for the vendor again) and resolves; the vendor is told', async () => {
      const answered = expectStatus(await s.post(w.pharmacy.admin.token, thread.id, '承知しました。'), 201) as unknown as Thread;
      expect(answered.status).toBe('waiting_vendor');
      const resolved = expectStatus(await s.resolve(w.pharmacy.admin.token, thread.id, { outcome: 'mitigated', note: '院内ネットワークを分離して運用する' }), 200) as unknown as Thread;
      expect(resolved).toMatchObject({ status: 'resolved', statusLabel: '解決済み', overdue: false });
      expect(resolved.resolution).toMatchObject({
        outcome: 'mitigated',
        outcomeLabel: '対策済み',
        note: '院内ネットワークを分離して運用する',
        fixDueOn: null,
        resolvedBy: { organizationId: w.pharmacy.org.id, type: 'user', id: w.pharmacy.admin.id },
      });
      expect(resolved.history.map((h) => h.kind)).toEqual(['opened', 'status_changed', 'status_changed', 'resolved']);
      expect((await events('risk_thread.resolved', thread.id))[0].recipients).toContain(w.vendor.org.id);
      expect(await audits('risk_thread.resolve', thread.id)).toBe(1);
    });

    it('a resolved thread takes no messages (409, nothing written) until the pharmacy reopens it', async () => {
      const before = await messageRows(thread.id);
      expectProblem(await s.post(w.vendor.admin.token, thread.id, 'もう一点'), 409, 'thread_resolved');
      expectProblem(await s.resolve(w.pharmacy.admin.token, thread.id, { outcome: 'risk_accepted' }), 409, 'thread_resolved');
      const own = (expectStatus(await s.get(w.pharmacy.admin.token, thread.id), 200) as unknown as Thread).messages.find((m) => m.yours);
      expectProblem(await s.editMessage(w.pharmacy.admin.token, thread.id, own?.id ?? '', '後から変更'), 409, 'thread_resolved');
      expectProblem(await s.patch(w.pharmacy.admin.token, thread.id, { dueOn: jstDate(3) }), 409, 'thread_resolved');
      expect(await messageRows(thread.id)).toBe(before);
      expectProblem(await s.reopen(w.vendor.admin.token, thread.id), 403, 'pharmacy_side_only');
      const reopened = expectStatus(await s.reopen(w.pharmacy.admin.token, thread.id, { reason: '対策が不十分と判明' }), 200) as unknown as Thread;
      expect(reopened).toMatchObject({ status: 'waiting_vendor', resolution: null });
      const last = reopened.history[reopened.history.length - 1];
      expect(last).toMatchObject({ kind: 'reopened', details: { reason: '対策が不十分と判明', previous: { outcome: 'mitigated', note: '院内ネットワークを分離して運用する' } } });
      expectProblem(await s.reopen(w.pharmacy.admin.token, thread.id), 409, 'thread_not_resolved');
      expectStatus(await s.post(w.vendor.admin.token, thread.id, '再度ご説明します。'), 201);
    });

    it('only the pharmacy side decides the outcome', async () => {
      const before = await historyRows(thread.id);
      expectProblem(await s.resolve(w.vendor.admin.token, thread.id, { outcome: 'risk_accepted' }), 403, 'pharmacy_side_only');
      expectProblem(await s.resolve(vendorClient, thread.id, { outcome: 'not_applicable' }), 403, 'pharmacy_side_only');
      expect(await historyRows(thread.id)).toBe(before);
      expect((expectStatus(await s.get(w.pharmacy.admin.token, thread.id), 200) as unknown as Thread).status).toBe('waiting_pharmacy');
    });

    it("a customer's read is audited", async () => {
      const before = await audits('risk_thread.read', thread.id);
      expectStatus(await s.get(w.pharmacy.admin.token, thread.id), 200);
      expect(await audits('risk_thread.read', thread.id)).toBe(before + 1);
    });
  });

  describe('opening: one open thread per item; what may be opened', () => {
    let w: World;
    beforeAll(async () => {
      w = await s.world();
    });

    it('refuses a second open thread on the same item (409), and allows one after resolution', async () => {
      const first = await s.opened(w.pharmacy.admin.token, w.disclosure.id, '3');
      const before = await threadRows(w.pharmacy.org.id);
      expectProblem(await s.open(w.pharmacy.admin.token, { documentType: 'disclosure', documentId: w.disclosure.id, itemId: '3', message: 'もう一度' }), 409, 'thread_already_open');
      expect(await threadRows(w.pharmacy.org.id)).toBe(before);
      expectStatus(await s.resolve(w.pharmacy.admin.token, first.id, { outcome: 'not_applicable' }), 200);
      const second = await s.opened(w.pharmacy.admin.token, w.disclosure.id, '3');
      expect(second.id).not.toBe(first.id);
      // Reopening the first would make two open threads on the item.
      expectProblem(await s.reopen(w.pharmacy.admin.token, first.id), 409, 'thread_already_open');
    });

    it('the snapshot keeps the remarks; a はい answer may be asked about too', async () => {
      const yes = await s.opened(w.pharmacy.admin.token, w.disclosure.id, '4');
      expect(yes.snapshot).toMatchObject({ answer: 'はい', remarks: null });
      const list = expectStatus(await s.list(w.pharmacy.admin.token, `?documentId=${w.disclosure.id}&status=waiting_vendor`), 200) as { items: Thread[] };
      expect(list.items.map((i) => i.itemId).sort()).toEqual(['3', '4']);
      expect(list.items.find((i) => i.itemId === '3')?.snapshot).toMatchObject({ answer: '対象外', remarks: '外部保存は受託しない' });
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['no first message', { message: undefined }, ['message']],
      ['a blank first message', { message: '   ' }, ['message']],
      ['an item the document does not answer', { itemId: '99' }, ['itemId']],
      ['a due date in the past', { dueOn: jstDate(-1) }, ['dueOn']],
      ['a due date that does not exist', { dueOn: '2026-02-30' }, ['dueOn']],
      ['an unknown document type', { documentType: 'invoice' }, ['documentType']],
      ['an unknown field', { priority: 'high' }, ['priority']],
    ])('refuses %s (400, nothing written)', async (_, override, fields) => {
      const before = await threadRows(w.pharmacy.org.id);
      const body: Record<string, unknown> = { documentType: 'disclosure', documentId: w.disclosure.id, itemId: '5', message: '質問', ...override };
      for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
      expect(invalidFields(await s.open(w.pharmacy.admin.token, body))).toEqual(fields);
      expect(await threadRows(w.pharmacy.org.id)).toBe(before);
    });

    it('a document the pharmacy cannot see is not found: a draft, another product, an unknown id', async () => {
      const draft = await s.p.draft(w.vendor.admin, w.product.id, { productVersion: '7.0' });
      const otherProduct = await s.p.product(w.vendor.admin);
      const notTheirs = await s.p.published(w.vendor.admin, otherProduct.id);
      const before = await threadRows(w.pharmacy.org.id);
      for (const documentId of [draft.id, notTheirs.id, randomUUID()]) {
        expectProblem(await s.open(w.pharmacy.admin.token, { documentType: 'disclosure', documentId, itemId: '2', message: '質問' }), 404);
      }
      expectProblem(await s.open(w.pharmacy.admin.token, { documentType: 'checklist', documentId: w.disclosure.id, itemId: '2', message: '質問' }), 404);
      expect(await threadRows(w.pharmacy.org.id)).toBe(before);
    });

    it('vendors do not open threads', async () => {
      expectProblem(await s.open(w.vendor.admin.token, { documentType: 'disclosure', documentId: w.disclosure.id, itemId: '6', message: '質問' }), 403, 'customer_required');
    });
  });

  describe('resolution: each outcome has its rules (400 problem+json, nothing written)', () => {
    let w: World;
    let threadId: string;
    beforeAll(async () => {
      w = await s.world();
      threadId = (await s.opened(w.pharmacy.admin.token, w.disclosure.id, '2')).id;
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['mitigated without saying how', { outcome: 'mitigated' }, ['note']],
      ['fix_planned without a date', { outcome: 'fix_planned', note: '次版で対応' }, ['fixDueOn']],
      ['fix_planned with a date in the past', { outcome: 'fix_planned', fixDueOn: jstDate(-1) }, ['fixDueOn']],
      ['fix_planned with a date that does not exist', { outcome: 'fix_planned', fixDueOn: '2027-02-29' }, ['fixDueOn']],
      ['a fix date on risk_accepted', { outcome: 'risk_accepted', fixDueOn: jstDate(30) }, ['fixDueOn']],
      ['a fix date on not_applicable', { outcome: 'not_applicable', fixDueOn: jstDate(30) }, ['fixDueOn']],
      ['an unknown outcome', { outcome: 'ignored' }, ['outcome']],
      ['no outcome', {}, ['outcome']],
    ])('refuses %s', async (_, body, fields) => {
      const history = await historyRows(threadId);
      expect(invalidFields(await s.resolve(w.pharmacy.admin.token, threadId, body))).toEqual(fields);
      expect(await historyRows(threadId)).toBe(history);
      const [row]: { status: string; outcome: string | null }[] = await t.db.query('SELECT status, outcome FROM risk_threads WHERE id = $1', [threadId]);
      expect(row).toEqual({ status: 'waiting_vendor', outcome: null });
    });

    it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
      ['risk_accepted', { outcome: 'risk_accepted' }, { outcome: 'risk_accepted', outcomeLabel: 'リスク受容', note: null, fixDueOn: null }],
      ['fix_planned', { outcome: 'fix_planned', fixDueOn: jstDate(60), note: 'v6.1で修正' }, { outcome: 'fix_planned', outcomeLabel: '修正予定', fixDueOn: jstDate(60), fixOverdue: false }],
      ['not_applicable', { outcome: 'not_applicable', note: '当薬局では使わない機能' }, { outcome: 'not_applicable', outcomeLabel: '該当なし', note: '当薬局では使わない機能' }],
    ])('records %s with who decided', async (_, body, expected) => {
      const resolved = expectStatus(await s.resolve(w.pharmacy.admin.token, threadId, body), 200) as unknown as Thread;
      expect(resolved.resolution).toMatchObject({ ...expected, resolvedBy: { organizationId: w.pharmacy.org.id, id: w.pharmacy.admin.id } });
      const [row]: { resolved_by: string; resolved_by_org: string; resolved_at: Date | null }[] = await t.db.query('SELECT resolved_by, resolved_by_org, resolved_at FROM risk_threads WHERE id = $1', [threadId]);
      expect(row).toMatchObject({ resolved_by: w.pharmacy.admin.id, resolved_by_org: w.pharmacy.org.id, resolved_at: expect.any(Date) });
      expectStatus(await s.reopen(w.pharmacy.admin.token, threadId), 200);
    });
  });

  describe('the snapshot survives a superseding revision', () => {
    it('revision 2 changes the answer: the thread still shows the old answer, and that the document was superseded', async () => {
      const w = await s.world();
      const thread = await s.opened(w.pharmacy.admin.token, w.disclosure.id, '2');
      const revision2 = await s.republish(w, { '2': 'はい' });
      expect(revision2.revision).toBe(2);
      const read = expectStatus(await s.get(w.pharmacy.admin.token, thread.id), 200) as unknown as Thread;
      expect(read.snapshot).toEqual(thread.snapshot);
      expect(read.snapshot).toMatchObject({ answer: 'いいえ', documentRevision: 1, itemText: ITEM_2_TEXT, documentStatus: 'published' });
      expect(read.documentSuperseded).toBe(true);
      expect(read.documentState).toEqual({ status: 'superseded', superseded: true, withdrawn: false, latestDocumentId: revision2.id, latestAnswer: 'はい' });
      expect(read.documentId).toBe(w.disclosure.id);
      const vendorView = expectStatus(await s.get(w.vendor.admin.token, thread.id), 200) as unknown as Thread;
      expect(vendorView.snapshot.answer).toBe('いいえ');
      expect(vendorView.documentSuperseded).toBe(true);
    });
  });

  describe('on a 事業者確認用 checklist', () => {
    it("opens on a いいえ item with 目標日 and the pharmacy's numbering; a resubmission supersedes it", async () => {
      const w = await s.world();
      const checklist = await s.submitChecklist(w.vendor.admin, w.contractId);
      const thread = expectStatus(await s.open(w.pharmacy.admin.token, { documentType: 'checklist', documentId: checklist.id, itemId: '2-①', message: '確認予定はいつですか' }), 201) as unknown as Thread;
      expect(thread).toMatchObject({ documentType: 'checklist', documentId: checklist.id, vendor: { id: w.vendor.org.id }, customer: { id: w.pharmacy.org.id } });
      expect(thread.snapshot).toMatchObject({
        documentKind: 'checklist',
        documentLabel: '令和7年度 事業者確認用チェックリスト 第1版',
        answer: 'いいえ',
        targetOn: `${FY}-12-31`,
        remarks: '来期に確認予定',
        counterpartItemId: '2-②',
        fiscalYear: FY,
        contractId: w.contractId,
        productName: w.product.name,
      });
      expect(thread.snapshot.itemText).toContain('リモートメンテナンス');
      expect(thread.documentSuperseded).toBe(false);
      await s.submitChecklist(w.vendor.admin, w.contractId, checklistAnswers({ '2-①': { answer: 'はい', targetOn: undefined, remarks: undefined } }));
      const read = expectStatus(await s.get(w.pharmacy.admin.token, thread.id), 200) as unknown as Thread;
      expect(read.snapshot.answer).toBe('いいえ');
      expect(read.documentState).toMatchObject({ superseded: true, latestAnswer: 'はい' });
    });
  });

  describe('message edits keep history; nothing is deleted', () => {
    let w: World;
    let thread: Thread;
    beforeAll(async () => {
      w = await s.world();
      thread = await s.opened(w.pharmacy.admin.token, w.disclosure.id, '2');
    });

    it('the author edits their message: the previous text stays in the history', async () => {
      const messageId = thread.messages[0].id;
      const edited = expectStatus(await s.editMessage(w.pharmacy.admin.token, thread.id, messageId, '訂正: 回答の根拠を教えてください。'), 200) as unknown as Thread;
      expect(edited.messages[0]).toMatchObject({ body: '訂正: 回答の根拠を教えてください。', editedAt: expect.any(String) });
      const last = edited.history[edited.history.length - 1];
      expect(last).toMatchObject({ kind: 'message_edited', details: { messageId, previousBody: 'この回答の理由を教えてください。' } });
      expect(await audits('risk_thread.message_edit', thread.id)).toBe(1);
    });

    it("nobody else edits it: another user of the pharmacy, the vendor (403); another thread's path (404); a blank text (400)", async () => {
      const messageId = thread.messages[0].id;
      const before = await historyRows(thread.id);
      const colleague = await s.member(w.pharmacy.org.id);
      expectProblem(await s.editMessage(colleague.token, thread.id, messageId, '改ざん'), 403, 'not_your_message');
      expectProblem(await s.editMessage(w.vendor.admin.token, thread.id, messageId, '改ざん'), 403, 'not_your_message');
      const other = await s.opened(w.pharmacy.admin.token, w.disclosure.id, '3');
      expectProblem(await s.editMessage(w.pharmacy.admin.token, other.id, messageId, '別スレッド'), 404);
      expect(invalidFields(await s.editMessage(w.pharmacy.admin.token, thread.id, messageId, ' '))).toEqual(['body']);
      expect(await historyRows(thread.id)).toBe(before);
      const [row]: { body: string }[] = await t.db.query('SELECT body FROM risk_thread_messages WHERE id = $1', [messageId]);
      expect(row.body).toBe('訂正: 回答の根拠を教えてください。');
    });

    it('the database refuses DELETE of threads, messages and history, and any change to history', async () => {
      const never = /never deleted/;
      expect((await sqlError(t.db, 'DELETE FROM risk_threads WHERE id = $1', [thread.id]))?.message).toMatch(never);
      expect((await sqlError(t.db, 'DELETE FROM risk_thread_messages WHERE thread_id = $1', [thread.id]))?.message).toMatch(never);
      expect((await sqlError(t.db, 'DELETE FROM risk_thread_history WHERE thread_id = $1', [thread.id]))?.message).toMatch(never);
      expect((await sqlError(t.db, `UPDATE risk_thread_history SET details = '{}' WHERE thread_id = $1`, [thread.id]))?.message).toMatch(never);
      expect(await messageRows(thread.id)).toBe(1);
    });
  });

  describe('due dates and overdue', () => {
    let w: World;
    let thread: Thread;
    beforeAll(async () => {
      w = await s.world();
      thread = await s.opened(w.pharmacy.admin.token, w.disclosure.id, '2', { dueOn: jstDate(1) });
    });

    it('an open thread past its due date (Japan time) is overdue, and the list filters on it', async () => {
      await t.db.query(`UPDATE risk_threads SET due_on = $2 WHERE id = $1`, [thread.id, jstDate(-1)]);
      const read = expectStatus(await s.get(w.pharmacy.admin.token, thread.id), 200) as unknown as Thread;
      expect(read.overdue).toBe(true);
      const ids = async (query: string) => ((expectStatus(await s.list(w.pharmacy.admin.token, query), 200) as { items: Thread[] }).items).map((i) => i.id);
      expect(await ids('?overdue=true')).toEqual([thread.id]);
      expect(await ids('?overdue=false')).toEqual([]);
      const onTime = await s.opened(w.pharmacy.admin.token, w.disclosure.id, '3', { dueOn: jstDate(0) });
      expect(onTime.overdue).toBe(false);
      expect(await ids('?overdue=false')).toEqual([onTime.id]);
      expect(await ids('?status=waiting_vendor')).toEqual([thread.id, onTime.id]);
      expect(await ids('?status=resolved')).toEqual([]);
      expect(invalidFields(await s.list(w.pharmacy.admin.token, '?overdue=maybe'))).toEqual(['overdue']);
    });

    it('the pharmacy side moves the due date (history kept); the vendor may not; no date in the past', async () => {
      const before = await historyRows(thread.id);
      expectProblem(await s.patch(w.vendor.admin.token, thread.id, { dueOn: jstDate(30) }), 403, 'pharmacy_side_only');
      expect(invalidFields(await s.patch(w.pharmacy.admin.token, thread.id, { dueOn: jstDate(-3) }))).toEqual(['dueOn']);
      expect(invalidFields(await s.patch(w.pharmacy.admin.token, thread.id, {}))).toEqual(['dueOn']);
      expect(await historyRows(thread.id)).toBe(before);
      const moved = expectStatus(await s.patch(w.pharmacy.admin.token, thread.id, { dueOn: jstDate(30) }), 200) as unknown as Thread;
      expect(moved).toMatchObject({ dueOn: jstDate(30), overdue: false });
      expect(moved.history[moved.history.length - 1]).toMatchObject({ kind: 'due_date_changed', details: { from: jstDate(-1), to: jstDate(30) } });
      const cleared = expectStatus(await s.patch(w.pharmacy.admin.token, thread.id, { dueOn: null }), 200) as unknown as Thread;
      expect(cleared.dueOn).toBeNull();
    });

    it('a resolved thread is never overdue', async () => {
      await t.db.query(`UPDATE risk_threads SET due_on = $2 WHERE id = $1`, [thread.id, jstDate(-5)]);
      const resolved = expectStatus(await s.resolve(w.pharmacy.admin.token, thread.id, { outcome: 'risk_accepted' }), 200) as unknown as Thread;
      expect(resolved.overdue).toBe(false);
    });
  });

  describe('access matrix', () => {
    let w: World;
    let thread: Thread;
    let chain: Awaited<ReturnType<Factory['tenant']>>;
    let store: World;
    beforeAll(async () => {
      w = await s.world();
      thread = await s.opened(w.pharmacy.admin.token, w.disclosure.id, '2');
      chain = await s.f.tenant('chain');
      store = await s.world({ chainId: chain.org.id });
    });

    it('another pharmacy (same vendor), another vendor, an unrelated chain and the operator get 404 and see nothing', async () => {
      const otherPharmacy = (await s.otherCustomer(w)).pharmacy;
      const otherVendor = await s.p.vendor();
      const unrelatedChain = await s.f.tenant('chain');
      const operator = await s.f.operator();
      const before = { messages: await messageRows(thread.id), history: await historyRows(thread.id) };
      for (const token of [otherPharmacy.admin.token, otherVendor.admin.token, unrelatedChain.admin.token, operator]) {
        expectProblem(await s.get(token, thread.id), 404, 'not_found');
        expectProblem(await s.post(token, thread.id, '覗き見'), 404, 'not_found');
        expectProblem(await s.resolve(token, thread.id, { outcome: 'risk_accepted' }), 404, 'not_found');
        expectProblem(await s.patch(token, thread.id, { dueOn: jstDate(3) }), 404, 'not_found');
        expectProblem(await s.editMessage(token, thread.id, thread.messages[0].id, '改ざん'), 404, 'not_found');
        const listed = expectStatus(await s.list(token, `?documentId=${w.disclosure.id}`), 200) as { items: unknown[] };
        expect(listed.items).toEqual([]);
      }
      expect({ messages: await messageRows(thread.id), history: await historyRows(thread.id) }).toEqual(before);
      expectProblem(await s.open(otherVendor.admin.token, { documentType: 'disclosure', documentId: w.disclosure.id, itemId: '3', message: 'x' }), 403, 'customer_required');
      expectProblem(await s.open(unrelatedChain.admin.token, { documentType: 'disclosure', documentId: w.disclosure.id, itemId: '3', message: 'x', pharmacyId: w.pharmacy.org.id }), 404);
    });

    it("the store's chain sees its store's threads and opens threads for the store", async () => {
      const byStore = await s.opened(store.pharmacy.admin.token, store.disclosure.id, '2');
      const seen = expectStatus(await s.get(chain.admin.token, byStore.id), 200) as unknown as Thread;
      expect(seen.customer.id).toBe(store.pharmacy.org.id);
      expect(invalidFields(await s.open(chain.admin.token, { documentType: 'disclosure', documentId: store.disclosure.id, itemId: '3', message: '本部から確認' }))).toEqual(['pharmacyId']);
      expectProblem(await s.open(chain.admin.token, { documentType: 'disclosure', documentId: store.disclosure.id, itemId: '3', message: '本部から確認', pharmacyId: w.pharmacy.org.id }), 404);
      const byChain = expectStatus(
        await s.open(chain.admin.token, { documentType: 'disclosure', documentId: store.disclosure.id, itemId: '3', message: '本部から確認', pharmacyId: store.pharmacy.org.id }),
        201,
      ) as unknown as Thread & { openedBy: { organizationId: string } };
      expect(byChain).toMatchObject({ customer: { id: store.pharmacy.org.id }, openedBy: { organizationId: chain.org.id } });
      const recipients = (await events('risk_thread.opened', byChain.id))[0].recipients;
      expect(recipients).toEqual(expect.arrayContaining([store.vendor.org.id, store.pharmacy.org.id, chain.org.id]));
      // The store sees what its chain opened, and the chain may resolve it.
      expectStatus(await s.get(store.pharmacy.admin.token, byChain.id), 200);
      expectStatus(await s.resolve(chain.admin.token, byChain.id, { outcome: 'risk_accepted' }), 200);
      const chainList = expectStatus(await s.list(chain.admin.token, `?pharmacyId=${store.pharmacy.org.id}`), 200) as { items: Thread[] };
      expect(chainList.items.map((i) => i.id).sort()).toEqual([byStore.id, byChain.id].sort());
    });

    it('a checklist thread opened by the chain needs no pharmacyId: the contract names the store', async () => {
      const checklist = await s.submitChecklist(store.vendor.admin, store.contractId);
      const opened = expectStatus(await s.open(chain.admin.token, { documentType: 'checklist', documentId: checklist.id, itemId: '2-⑤', message: '目標日の根拠は' }), 201) as unknown as Thread;
      expect(opened.customer.id).toBe(store.pharmacy.org.id);
    });

    it('viewers read but do not write (403); pharmacy API clients need threads:write', async () => {
      const viewer = await s.member(w.pharmacy.org.id, 'viewer');
      expectStatus(await s.get(viewer.token, thread.id), 200);
      const before = { threads: await threadRows(w.pharmacy.org.id), messages: await messageRows(thread.id) };
      expectProblem(await s.post(viewer.token, thread.id, '閲覧者'), 403, 'read_only_role');
      expectProblem(await s.resolve(viewer.token, thread.id, { outcome: 'risk_accepted' }), 403, 'read_only_role');
      expectProblem(await s.open(viewer.token, { documentType: 'disclosure', documentId: w.disclosure.id, itemId: '3', message: 'x' }), 403, 'read_only_role');
      const vendorViewer = await s.member(w.vendor.org.id, 'viewer');
      expectProblem(await s.post(vendorViewer.token, thread.id, '閲覧者'), 403, 'read_only_role');
      const noScope = await s.clientToken(w.pharmacy.admin, ['requests:write']);
      expectProblem(await s.open(noScope, { documentType: 'disclosure', documentId: w.disclosure.id, itemId: '3', message: 'x' }), 403, 'insufficient_scope');
      expect({ threads: await threadRows(w.pharmacy.org.id), messages: await messageRows(thread.id) }).toEqual(before);
      const client = await s.clientToken(w.pharmacy.admin, ['threads:write']);
      const opened = expectStatus(await s.open(client, { documentType: 'disclosure', documentId: w.disclosure.id, itemId: '3', message: '薬局システムから' }), 201) as unknown as Thread;
      expect(opened.messages[0].author).toMatchObject({ type: 'client', organizationId: w.pharmacy.org.id });
    });

    it('path ids that are not UUIDs are simply not found', async () => {
      expectProblem(await s.get(w.pharmacy.admin.token, 'not-a-uuid'), 404);
    });
  });
});
