import { randomUUID } from 'node:crypto';
import { countRows, expectProblem, invalidFields, walkPages } from './support/assertions';
import { FY, japanDate } from './support/checklist-setup';
import { Factory } from './support/factories';
import { RequestSetup, RequestWorld } from './support/request-setup';
import { startTestApp, TestApp } from './support/test-app';

/** Document requests by hand: validation, the lifecycle (create → fulfil / decline), matching rules and lists. */
describe('document requests', () => {
  let t: TestApp;
  let f: Factory;
  let r: RequestSetup;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    r = new RequestSetup(t, f);
  });
  afterAll(() => t.close());

  const audits = (requestId: string, action: string) => countRows(t.db, 'audit_events WHERE target_id = $1 AND action = $2', [requestId, action]);

  describe('validation: each rule answers its problem and writes nothing', () => {
    let w: RequestWorld;
    let saleOnly: RequestWorld;
    let proposedId: string;
    let foreignProductId: string;
    let otherPharmacyId: string;
    let contractIds: string[];
    beforeAll(async () => {
      w = await r.world({ products: 2 });
      saleOnly = await r.world({ vendor: w.vendor, pharmacy: w.pharmacy, kind: 'sale_only' });
      proposedId = (await r.p.contract(w.vendor.admin, w.pharmacy, [w.products[0].id], { accept: false })).id;
      foreignProductId = (await r.p.product(w.vendor.admin)).id;
      otherPharmacyId = (await r.p.pharmacy()).org.id;
      contractIds = [w.contract.id, saleOnly.contract.id, proposedId];
    });

    const tooLong = 'あ'.repeat(4001);
    it.each<[string, () => Record<string, unknown>, string[]]>([
      ['an empty body', () => ({}), ['contractId', 'kind']],
      ['an unknown kind', () => ({ contractId: w.contract.id, kind: 'PDF', productId: w.products[0].id }), ['kind']],
      ['a malformed contract id', () => ({ contractId: 'c-1', kind: 'SDS' }), ['contractId']],
      ['a checklist request without 年度', () => ({ contractId: w.contract.id, kind: 'checklist' }), ['fiscalYear']],
      ['a checklist request naming a product', () => ({ contractId: w.contract.id, kind: 'checklist', fiscalYear: FY, productId: w.products[0].id }), ['productId']],
      ['a 年度 on an SDS request', () => ({ contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id, fiscalYear: FY }), ['fiscalYear']],
      ['a 年度 before 2019', () => ({ contractId: w.contract.id, kind: 'checklist', fiscalYear: 2018 }), ['fiscalYear']],
      ['a 年度 that is not a number', () => ({ contractId: w.contract.id, kind: 'checklist', fiscalYear: '2025' }), ['fiscalYear']],
      ['a 期限 in the past', () => ({ contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id, dueOn: japanDate(-1) }), ['dueOn']],
      ['a malformed 期限', () => ({ contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id, dueOn: '2030/04/01' }), ['dueOn']],
      ['a 期限 that does not exist', () => ({ contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id, dueOn: '2030-02-30' }), ['dueOn']],
      ['a message over 4,000 characters', () => ({ contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id, message: tooLong }), ['message']],
      ['a NUL character in the message', () => ({ contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id, message: 'a\u0000b' }), ['message']],
      ['an unknown field', () => ({ contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id, priority: 'high' }), ['priority']],
      ['a product the contract does not cover', () => ({ contractId: w.contract.id, kind: 'SDS', productId: foreignProductId }), ['productId']],
      ['no product when the contract covers several', () => ({ contractId: w.contract.id, kind: 'MDS' }), ['productId']],
      ['a pharmacyId that is not the customer', () => ({ contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id, pharmacyId: otherPharmacyId }), ['pharmacyId']],
    ])('refuses %s (400)', async (_, body, fields) => {
      const before = await r.written(contractIds);
      expect(invalidFields(await r.create(w.pharmacy.admin.token, body()))).toEqual(fields);
      expect(await r.written(contractIds)).toEqual(before);
    });

    it('refuses a checklist request on a sale-only contract (422 checklist_not_required), a contract not yet active (409), and a 年度 without a form (422)', async () => {
      const before = await r.written(contractIds);
      expectProblem(await r.create(w.pharmacy.admin.token, { contractId: saleOnly.contract.id, kind: 'checklist', fiscalYear: FY }), 422, 'checklist_not_required');
      expectProblem(await r.create(w.pharmacy.admin.token, { contractId: proposedId, kind: 'SDS' }), 409, 'contract_not_active');
      expectProblem(await r.create(w.pharmacy.admin.token, { contractId: proposedId, kind: 'checklist', fiscalYear: FY }), 409, 'contract_not_active');
      const noForm = expectProblem(await r.create(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'checklist', fiscalYear: 2024 }), 422, 'no_form_for_fiscal_year');
      expect(noForm.fiscalYear).toBe(2024);
      expect(await r.written(contractIds)).toEqual(before);
      // A sale-only contract may still be asked for its SDS.
      await r.open(w.pharmacy.admin.token, { contractId: saleOnly.contract.id, kind: 'SDS' });
    });

    it('answers 404 for an unknown contract or one of another pharmacy, 403 to vendors and the operator', async () => {
      const before = await r.written(contractIds);
      expectProblem(await r.create(w.pharmacy.admin.token, { contractId: randomUUID(), kind: 'SDS' }), 404, 'not_found');
      const stranger = await r.p.pharmacy();
      expectProblem(await r.create(stranger.admin.token, { contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id }), 404, 'not_found');
      expectProblem(await r.create(w.vendor.admin.token, { contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id }), 403, 'customer_required');
      expectProblem(await r.create(await f.operator(), { contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id }), 403, 'customer_required');
      expect(await r.written(contractIds)).toEqual(before);
    });

    it('refuses a second open request for the same contract, kind, product and 年度 (409), but not another product, kind or 年度, nor after a decline', async () => {
      const token = w.pharmacy.admin.token;
      const first = await r.open(token, { contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id });
      const before = await r.written(contractIds);
      const duplicate = expectProblem(await r.create(token, { contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id, message: '再送' }), 409, 'request_already_open');
      expect(duplicate.existingRequestId).toBe(first.id);
      expect(await r.written(contractIds)).toEqual(before);
      await r.open(token, { contractId: w.contract.id, kind: 'SDS', productId: w.products[1].id });
      await r.open(token, { contractId: w.contract.id, kind: 'MDS', productId: w.products[0].id });
      await r.open(token, { contractId: w.contract.id, kind: 'checklist', fiscalYear: FY });
      expectProblem(await r.create(token, { contractId: w.contract.id, kind: 'checklist', fiscalYear: FY }), 409, 'request_already_open');
      await r.decline(w.vendor.admin.token, first.id, { reason: '次期バージョンで提供予定' }).expect(200);
      await r.open(token, { contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id });
    });

    it('serializes simultaneous identical requests: exactly one is created', async () => {
      const world = await r.world();
      const body = { contractId: world.contract.id, kind: 'MDS' };
      const responses = await Promise.all(Array.from({ length: 4 }, () => r.create(world.pharmacy.admin.token, body)));
      expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409]);
      expect((await r.written([world.contract.id])).requests).toBe(1);
    });
  });

  describe('lifecycle', () => {
    it('creates a request addressed to the vendor, notifies its users, and fulfils it with a published disclosure', async () => {
      const w = await r.world();
      const member = await f.user(w.vendor.org.id, 'member');
      const disclosure = await r.p.published(w.vendor.admin, w.products[0].id, { kind: 'SDS' });
      const pharmacist = await f.user(w.pharmacy.org.id, 'member');
      const dueOn = japanDate(14);
      const created = await r.create(pharmacist.token, { contractId: w.contract.id, kind: 'SDS', message: '  最新版のSDSをお願いします  ', dueOn }).expect(201);
      const id = created.body.id as string;
      expect(created.body).toMatchObject({
        contractId: w.contract.id,
        kind: 'SDS',
        kindLabel: 'サービス事業者による医療情報セキュリティ開示書 (SDS)',
        status: 'open',
        statusLabel: '依頼中',
        overdue: false,
        customer: { id: w.pharmacy.org.id, name: w.pharmacy.org.name, pharmacyCode: w.pharmacy.org.pharmacyCode },
        addressee: { id: w.vendor.org.id, name: w.vendor.org.name },
        requestedBy: { id: w.pharmacy.org.id },
        // The contract's only product is filled in.
        product: { id: w.products[0].id, name: w.products[0].name },
        fiscalYear: null,
        message: '最新版のSDSをお願いします',
        dueOn,
        fulfilledDocument: null,
        yourRole: 'customer',
      });
      expect(await audits(id, 'document_request.create')).toBe(1);
      expect(await r.events('document_request.created', id)).toBe(1);
      expect(await r.notified(w.vendor.admin.id, 'document_request.created', id)).toBe(1);
      expect(await r.notified(member.id, 'document_request.created', id)).toBe(1);
      expect(await r.notified(w.pharmacy.admin.id, 'document_request.created', id)).toBe(0);
      const [notification]: { title: string; link: string }[] = await t.db.query(
        "SELECT n.title, n.link FROM notifications n JOIN domain_events e ON e.id = n.event_id WHERE n.user_id = $1 AND e.subject_id = $2",
        [member.id, id],
      );
      expect(notification).toEqual({ title: 'SDSの提出依頼が届きました', link: `/document-requests/${id}` });

      const inbox = await r.list(member.token, '?status=open').expect(200);
      expect(inbox.body.items).toEqual([expect.objectContaining({ id, yourRole: 'addressee', customer: expect.objectContaining({ name: w.pharmacy.org.name }) })]);

      const fulfilled = await r.fulfil(member.token, id, { disclosureId: disclosure.id }).expect(200);
      expect(fulfilled.body).toMatchObject({
        status: 'fulfilled',
        statusLabel: '対応済み',
        fulfilledDocument: { type: 'disclosure', id: disclosure.id, revision: 1, productVersion: '6.0', automatically: false },
        decidedAt: expect.any(String),
      });
      expect(await audits(id, 'document_request.fulfil')).toBe(1);
      expect(await r.notified(w.pharmacy.admin.id, 'document_request.fulfilled', id)).toBe(1);
      expect(await r.notified(pharmacist.id, 'document_request.fulfilled', id)).toBe(1);
      expect((await r.get(pharmacist.token, id).expect(200)).body).toMatchObject({ status: 'fulfilled', fulfilledDocument: { id: disclosure.id } });

      // Settled: neither fulfilled again nor declined, and nothing more is written.
      expectProblem(await r.fulfil(member.token, id, { disclosureId: disclosure.id }), 409, 'request_not_open');
      expectProblem(await r.decline(member.token, id, { reason: 'x' }), 409, 'request_not_open');
      expect(await r.events('document_request.fulfilled', id)).toBe(1);
      expect(await r.events('document_request.declined', id)).toBe(0);
    });

    it('declines with a reason, which the pharmacy reads; a reason is required', async () => {
      const w = await r.world();
      const request = await r.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'MDS' });
      for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(2001) }, { reason: 'ok', extra: 1 }]) {
        expect(invalidFields(await r.decline(w.vendor.admin.token, request.id, body)).length).toBeGreaterThan(0);
      }
      expect((await r.row(request.id)).status).toBe('open');
      const declined = await r.decline(w.vendor.admin.token, request.id, { reason: ' この製品はMDSの対象外です ' }).expect(200);
      expect(declined.body).toMatchObject({ status: 'declined', statusLabel: '辞退', declineReason: 'この製品はMDSの対象外です', fulfilledDocument: null });
      expect(await audits(request.id, 'document_request.decline')).toBe(1);
      expect(await r.notified(w.pharmacy.admin.id, 'document_request.declined', request.id)).toBe(1);
      expect((await r.get(w.pharmacy.admin.token, request.id).expect(200)).body).toMatchObject({ declineReason: 'この製品はMDSの対象外です' });
    });

    it('fulfils a checklist request with the submitted checklist of that contract and 年度', async () => {
      const w = await r.world();
      const checklistId = await r.submitChecklist(w.vendor.admin, w.contract.id);
      // Asking for a document that exists already is allowed; the vendor points at it.
      const request = await r.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'checklist', fiscalYear: FY });
      expect(request).toMatchObject({ kind: 'checklist', kindLabel: '事業者確認用チェックリスト', fiscalYear: FY, fiscalYearLabel: '令和7年度', product: null });
      const fulfilled = await r.fulfil(w.vendor.admin.token, request.id, { checklistId }).expect(200);
      expect(fulfilled.body).toMatchObject({ status: 'fulfilled', fulfilledDocument: { type: 'checklist', id: checklistId, revision: 1, productVersion: null, automatically: false } });
    });
  });

  describe('fulfilling by hand: the document must match', () => {
    let w: RequestWorld;
    let other: RequestWorld;
    let sds: string;
    let checklistRequest: string;
    let mds: string;
    let sdsOfB: string;
    let draft: string;
    let hidden: string;
    let superseded: string;
    let otherVendorDisclosure: string;
    let otherContractChecklist: string;
    let draftChecklist: string;
    let otherVendorChecklist: string;
    beforeAll(async () => {
      w = await r.world({ products: 2 });
      const [a, b] = w.products;
      other = await r.world({ vendor: w.vendor });
      await t.db.query('INSERT INTO contract_products (contract_id, product_id) VALUES ($1, $2)', [other.contract.id, a.id]);
      sds = (await r.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'SDS', productId: a.id })).id;
      checklistRequest = (await r.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'checklist', fiscalYear: FY })).id;
      const token = w.vendor.admin;
      // Publications that do not match leave the requests open.
      mds = (await r.p.published(token, a.id, { kind: 'MDS' })).id;
      sdsOfB = (await r.p.published(token, b.id, { kind: 'SDS' })).id;
      hidden = (await r.p.published(token, a.id, { kind: 'SDS', audience: 'selected_contracts', contractIds: [other.contract.id] })).id;
      superseded = hidden;
      await r.p.published(token, a.id, { kind: 'SDS', audience: 'selected_contracts', contractIds: [other.contract.id] });
      hidden = (await r.p.published(token, a.id, { kind: 'SDS', productVersion: '7.0', audience: 'selected_contracts', contractIds: [other.contract.id] })).id;
      draft = (await r.p.draft(token, a.id, { kind: 'SDS', productVersion: '8.0' })).id;
      const stranger = await r.world();
      otherVendorDisclosure = (await r.p.published(stranger.vendor.admin, stranger.products[0].id, { kind: 'SDS' })).id;
      otherVendorChecklist = await r.submitChecklist(stranger.vendor.admin, stranger.contract.id);
      otherContractChecklist = await r.submitChecklist(token, other.contract.id);
      await r.submitChecklist(token, w.contract.id).then(() => undefined);
      expect((await r.row(checklistRequest)).status).toBe('fulfilled');
      // The next request for the same checklist finds a draft in progress.
      checklistRequest = (await r.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'checklist', fiscalYear: FY })).id;
      const saved = await t.http.put(`/v1/contracts/${w.contract.id}/checklists/${FY}`).set({ Authorization: `Bearer ${token.token}` }).send({ managerName: '下書き', answers: [] }).expect(200);
      draftChecklist = saved.body.id as string;
    });

    it('leaves both requests open after the non-matching publications', async () => {
      expect((await r.row(sds)).status).toBe('open');
      expect((await r.row(checklistRequest)).status).toBe('open');
    });

    const cases: [string, () => string, () => Record<string, unknown>, number, string][] = [
      ['both ids', () => sds, () => ({ disclosureId: mds, checklistId: draftChecklist }), 400, 'validation_failed'],
      ['neither id', () => sds, () => ({}), 400, 'validation_failed'],
      ['a disclosure of another kind', () => sds, () => ({ disclosureId: mds }), 422, 'document_kind_mismatch'],
      ['a disclosure of another product', () => sds, () => ({ disclosureId: sdsOfB }), 422, 'product_mismatch'],
      ['a draft disclosure', () => sds, () => ({ disclosureId: draft }), 422, 'disclosure_not_published'],
      ['a superseded disclosure', () => sds, () => ({ disclosureId: superseded }), 422, 'disclosure_not_published'],
      ['a disclosure the pharmacy cannot see', () => sds, () => ({ disclosureId: hidden }), 422, 'disclosure_not_visible_to_customer'],
      ["another vendor's disclosure", () => sds, () => ({ disclosureId: otherVendorDisclosure }), 422, 'disclosure_not_found'],
      ['an unknown disclosure', () => sds, () => ({ disclosureId: randomUUID() }), 422, 'disclosure_not_found'],
      ['a checklist for an SDS request', () => sds, () => ({ checklistId: otherContractChecklist }), 422, 'document_kind_mismatch'],
      ['a disclosure for a checklist request', () => checklistRequest, () => ({ disclosureId: mds }), 422, 'document_kind_mismatch'],
      ['the checklist of another contract', () => checklistRequest, () => ({ checklistId: otherContractChecklist }), 422, 'checklist_contract_mismatch'],
      ['a draft checklist', () => checklistRequest, () => ({ checklistId: draftChecklist }), 422, 'checklist_not_submitted'],
      ["another vendor's checklist", () => checklistRequest, () => ({ checklistId: otherVendorChecklist }), 422, 'checklist_not_found'],
    ];
    it.each(cases)('refuses %s', async (_, request, body, status, code) => {
      const id = request();
      const before = { row: await r.row(id), events: await r.events('document_request.fulfilled', id), audits: await audits(id, 'document_request.fulfil') };
      expectProblem(await r.fulfil(w.vendor.admin.token, id, body()), status, code);
      expect({ row: await r.row(id), events: await r.events('document_request.fulfilled', id), audits: await audits(id, 'document_request.fulfil') }).toEqual(before);
    });

    it('refuses a checklist of another 年度 (422 fiscal_year_mismatch)', async () => {
      const [row]: { id: string }[] = await t.db.query(
        `INSERT INTO document_requests (contract_id, customer_id, addressee_id, requested_by_org, kind, fiscal_year, status)
         VALUES ($1, $2, $3, $2, 'checklist', 2026, 'open') RETURNING id`,
        [w.contract.id, w.pharmacy.org.id, w.vendor.org.id],
      );
      const [submitted]: { id: string }[] = await t.db.query("SELECT id FROM vendor_checklists WHERE contract_id = $1 AND status = 'submitted'", [w.contract.id]);
      expectProblem(await r.fulfil(w.vendor.admin.token, row.id, { checklistId: submitted.id }), 422, 'fiscal_year_mismatch');
      expect((await r.row(row.id)).status).toBe('open');
    });
  });

  describe('lists and the overdue flag', () => {
    let w: RequestWorld;
    let ids: Record<string, string>;
    beforeAll(async () => {
      w = await r.world({ products: 2 });
      const token = w.pharmacy.admin.token;
      const [a, b] = w.products;
      ids = {
        late: (await r.open(token, { contractId: w.contract.id, kind: 'SDS', productId: a.id, dueOn: japanDate(0) })).id,
        dueToday: (await r.open(token, { contractId: w.contract.id, kind: 'SDS', productId: b.id, dueOn: japanDate(0) })).id,
        noDue: (await r.open(token, { contractId: w.contract.id, kind: 'MDS', productId: a.id })).id,
        declinedLate: (await r.open(token, { contractId: w.contract.id, kind: 'checklist', fiscalYear: FY, dueOn: japanDate(1) })).id,
      };
      await r.decline(w.vendor.admin.token, ids.declinedLate, { reason: '対応不可' }).expect(200);
      // Past 期限 cannot be entered through the API: set them in SQL.
      await t.db.query("UPDATE document_requests SET due_on = (now() AT TIME ZONE 'Asia/Tokyo')::date - 3 WHERE id = ANY($1::uuid[])", [[ids.late, ids.declinedLate]]);
    });

    it('flags open requests past their 期限, not those due today or settled ones', async () => {
      const byId = async (token: string) => new Map(((await r.list(token, `?contractId=${w.contract.id}`).expect(200)).body.items as { id: string; overdue: boolean }[]).map((i) => [i.id, i.overdue]));
      for (const token of [w.pharmacy.admin.token, w.vendor.admin.token]) {
        expect(Object.fromEntries([...(await byId(token))].map(([id, overdue]) => [Object.keys(ids).find((k) => ids[k] === id), overdue]))).toEqual({
          late: true,
          dueToday: false,
          noDue: false,
          declinedLate: false,
        });
      }
      expect((await r.get(w.vendor.admin.token, ids.late).expect(200)).body).toMatchObject({ overdue: true, dueOn: japanDate(-3) });
      const overdue = await r.list(w.vendor.admin.token, '?overdue=true').expect(200);
      expect(overdue.body.items.map((i: { id: string }) => i.id)).toEqual([ids.late]);
      const notOverdue = await r.list(w.pharmacy.admin.token, '?overdue=false').expect(200);
      expect(notOverdue.body.items.map((i: { id: string }) => i.id).sort()).toEqual([ids.dueToday, ids.noDue, ids.declinedLate].sort());
    });

    it('filters by status, kind and contract, and pages', async () => {
      const ofStatus = await r.list(w.pharmacy.admin.token, '?status=declined').expect(200);
      expect(ofStatus.body.items.map((i: { id: string }) => i.id)).toEqual([ids.declinedLate]);
      const ofKind = await r.list(w.vendor.admin.token, '?kind=SDS&status=open').expect(200);
      expect(ofKind.body.items.map((i: { id: string }) => i.id)).toEqual([ids.late, ids.dueToday]);
      expect((await r.list(w.pharmacy.admin.token, `?contractId=${randomUUID()}`).expect(200)).body.items).toEqual([]);
      const { items, pages } = await walkPages<{ id: string }>(async (cursor) => (await r.list(w.pharmacy.admin.token, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`).expect(200)).body);
      expect(items.map((i) => i.id)).toEqual([ids.late, ids.dueToday, ids.noDue, ids.declinedLate]);
      expect(pages).toBe(4);
    });

    it('refuses bad filters', async () => {
      for (const query of ['?overdue=yes', '?status=closed', '?kind=pdf', '?contractId=1', '?limit=0', '?cursor=nope', '?sort=asc']) {
        expectProblem(await r.list(w.pharmacy.admin.token, query), 400, 'validation_failed');
      }
    });
  });
});
