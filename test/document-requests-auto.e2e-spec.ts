import type { Response } from 'supertest';
import { countRows, expectProblem } from './support/assertions';
import { answers, ChecklistSetup, FY } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { RequestSetup, RequestWorld } from './support/request-setup';
import { startTestApp, TestApp } from './support/test-app';

/** Requests fulfilled by the publication itself (disclosures, single and bulk checklists), and who may see and act on requests. */
describe('document requests: automatic fulfilment and access', () => {
  let t: TestApp;
  let f: Factory;
  let r: RequestSetup;
  let s: ChecklistSetup;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    r = new RequestSetup(t, f);
    s = new ChecklistSetup(t, f);
  });
  afterAll(() => t.close());

  const statuses = async (ids: Record<string, string>) => {
    const out: Record<string, string> = {};
    for (const [name, id] of Object.entries(ids)) out[name] = (await r.row(id)).status;
    return out;
  };

  describe('a published disclosure fulfils the open requests it answers', () => {
    let w: RequestWorld;
    let second: RequestWorld;
    let ids: Record<string, string>;
    beforeAll(async () => {
      w = await r.world({ products: 2 });
      const [a, b] = w.products;
      second = await r.world({ vendor: w.vendor });
      await t.db.query('INSERT INTO contract_products (contract_id, product_id) VALUES ($1, $2)', [second.contract.id, a.id]);
      const token = w.pharmacy.admin.token;
      ids = {
        sdsA: (await r.open(token, { contractId: w.contract.id, kind: 'SDS', productId: a.id })).id,
        sdsB: (await r.open(token, { contractId: w.contract.id, kind: 'SDS', productId: b.id })).id,
        mdsA: (await r.open(token, { contractId: w.contract.id, kind: 'MDS', productId: a.id })).id,
        rmSdsA: (await r.open(token, { contractId: w.contract.id, kind: 'RM-SDS', productId: a.id })).id,
        checklist: (await r.open(token, { contractId: w.contract.id, kind: 'checklist', fiscalYear: FY })).id,
        secondSdsA: (await r.open(second.pharmacy.admin.token, { contractId: second.contract.id, kind: 'SDS', productId: a.id })).id,
      };
    });

    it('fulfils only the request of the same author, kind and product from a customer the disclosure reaches', async () => {
      const disclosure = await r.p.published(w.vendor.admin, w.products[0].id, { kind: 'SDS', audience: 'selected_contracts', contractIds: [w.contract.id] });
      expect(await statuses(ids)).toEqual({ sdsA: 'fulfilled', sdsB: 'open', mdsA: 'open', rmSdsA: 'open', checklist: 'open', secondSdsA: 'open' });
      expect(await r.row(ids.sdsA)).toMatchObject({ fulfilled_disclosure_id: disclosure.id, fulfilled_automatically: true });
      const seen = await r.get(w.pharmacy.admin.token, ids.sdsA).expect(200);
      expect(seen.body).toMatchObject({ status: 'fulfilled', fulfilledDocument: { type: 'disclosure', id: disclosure.id, automatically: true } });
      expect(await r.events('document_request.fulfilled', ids.sdsA)).toBe(1);
      expect(await r.notified(w.pharmacy.admin.id, 'document_request.fulfilled', ids.sdsA)).toBe(1);
      const [audit]: { actor_type: string; organization_id: string; details: { requests: { requestId: string; document: unknown }[] } }[] = await t.db.query(
        "SELECT actor_type, organization_id, details FROM audit_events WHERE action = 'document_request.auto_fulfil' AND target_id = $1",
        [ids.sdsA],
      );
      expect(audit).toEqual({ actor_type: 'system', organization_id: w.vendor.org.id, details: { requests: [{ requestId: ids.sdsA, document: { type: 'disclosure', id: disclosure.id } }] } });
    });

    it('fulfils the second customer once a revision reaches every customer, and RM-SDS and MDS by their own kind', async () => {
      const all = await r.p.published(w.vendor.admin, w.products[0].id, { kind: 'SDS' });
      expect(await statuses(ids)).toMatchObject({ secondSdsA: 'fulfilled', sdsB: 'open', mdsA: 'open', rmSdsA: 'open' });
      expect((await r.row(ids.secondSdsA)).fulfilled_disclosure_id).toBe(all.id);
      // Already fulfilled requests keep the document that fulfilled them.
      expect((await r.row(ids.sdsA)).fulfilled_disclosure_id).not.toBe(all.id);
      await r.p.published(w.vendor.admin, w.products[0].id, { kind: 'RM-SDS' });
      await r.p.published(w.vendor.admin, w.products[0].id, { kind: 'MDS' });
      expect(await statuses(ids)).toMatchObject({ rmSdsA: 'fulfilled', mdsA: 'fulfilled', sdsB: 'open', checklist: 'open' });
    });

    it("sends an RM-SDS request to the contract's agent, which the agent's publication fulfils (not the vendor's)", async () => {
      const agent = await r.p.vendor();
      const aw = await r.world({ agentId: agent.org.id });
      const request = await r.open(aw.pharmacy.admin.token, { contractId: aw.contract.id, kind: 'RM-SDS' });
      expect(request).toMatchObject({ addressee: { id: agent.org.id, name: agent.org.name } });
      expect(await r.notified(agent.admin.id, 'document_request.created', request.id)).toBe(1);
      expect(await r.notified(aw.vendor.admin.id, 'document_request.created', request.id)).toBe(0);
      expectProblem(await r.get(aw.vendor.admin.token, request.id), 404, 'not_found');
      expect((await r.get(agent.admin.token, request.id).expect(200)).body).toMatchObject({ yourRole: 'addressee' });
      // The vendor's own RM-SDS does not answer a request addressed to the agent.
      await r.p.published(aw.vendor.admin, aw.products[0].id, { kind: 'RM-SDS' });
      expect((await r.row(request.id)).status).toBe('open');
      const mds = await r.open(aw.pharmacy.admin.token, { contractId: aw.contract.id, kind: 'MDS' });
      expect(mds).toMatchObject({ addressee: { id: aw.vendor.org.id } });
      const byAgent = await r.p.published(agent.admin, aw.products[0].id, { kind: 'RM-SDS' });
      expect(await r.row(request.id)).toMatchObject({ status: 'fulfilled', fulfilled_disclosure_id: byAgent.id, fulfilled_automatically: true });
      expect((await r.row(mds.id)).status).toBe('open');
    });
  });

  describe('a submitted checklist fulfils the open checklist requests of its contract and 年度', () => {
    it('on PUT + submit: the draft alone does not, the submission does; other contracts and 年度 stay open', async () => {
      const w = await r.world();
      const sibling = await r.world({ vendor: w.vendor, pharmacy: w.pharmacy });
      const request = await r.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'checklist', fiscalYear: FY });
      const siblingRequest = await r.open(w.pharmacy.admin.token, { contractId: sibling.contract.id, kind: 'checklist', fiscalYear: FY });
      const sds = await r.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'SDS' });
      const [nextYear]: { id: string }[] = await t.db.query(
        `INSERT INTO document_requests (contract_id, customer_id, addressee_id, requested_by_org, kind, fiscal_year, status)
         VALUES ($1, $2, $3, $2, 'checklist', 2026, 'open') RETURNING id`,
        [w.contract.id, w.pharmacy.org.id, w.vendor.org.id],
      );
      const path = `/v1/contracts/${w.contract.id}/checklists/${FY}`;
      await t.http.put(path).set(bearer(w.vendor.admin.token)).send({ managerName: '管理 太郎', answers: answers() }).expect(200);
      expect((await r.row(request.id)).status).toBe('open');
      const submitted = await t.http.post(`${path}/submit`).set(bearer(w.vendor.admin.token)).send({}).expect(200);
      expect(await r.row(request.id)).toMatchObject({ status: 'fulfilled', fulfilled_checklist_id: submitted.body.id, fulfilled_automatically: true });
      expect(await statuses({ siblingRequest: siblingRequest.id, sds: sds.id, nextYear: nextYear.id })).toEqual({ siblingRequest: 'open', sds: 'open', nextYear: 'open' });
      expect(await r.notified(w.pharmacy.admin.id, 'document_request.fulfilled', request.id)).toBe(1);
      const seen = await r.get(w.pharmacy.admin.token, request.id).expect(200);
      expect(seen.body.fulfilledDocument).toEqual({ type: 'checklist', id: submitted.body.id, revision: 1, productVersion: null, automatically: true });
    });

    it('through POST /v1/checklists/batch: hundreds of requests fulfilled at once, one event each, one audit row', async () => {
      const vendor = await s.vendor();
      const contracts = await s.sqlContracts(vendor, 300);
      const contractIds = contracts.map((c) => c.contractId);
      // One request made over HTTP (a real pharmacy with users to notify), the rest straight in SQL.
      const pharmacy = await s.pharmacy();
      const apiContract = await s.contract(vendor, pharmacy);
      const apiRequest = await r.open(pharmacy.admin.token, { contractId: apiContract, kind: 'checklist', fiscalYear: FY });
      await t.db.query(
        `INSERT INTO document_requests (contract_id, customer_id, addressee_id, requested_by_org, kind, fiscal_year, product_id, status)
         SELECT c.id, c.customer_id, c.vendor_id, c.customer_id, k.kind, CASE WHEN k.kind = 'checklist' THEN k.fy END, CASE WHEN k.kind = 'SDS' THEN $2::uuid END, 'open'
           FROM contracts c CROSS JOIN (VALUES ('checklist', ${FY}), ('checklist', 2026), ('SDS', NULL)) AS k(kind, fy)
          WHERE c.id = ANY($1::uuid[])`,
        [contractIds, vendor.productId],
      );
      const entries = [...contractIds, apiContract].map((contractId) => ({ contractId, managerName: '一括 花子', answers: answers() }));
      const started = Date.now();
      const response = await t.http.post('/v1/checklists/batch').set(bearer(vendor.admin.token)).send({ fiscalYear: FY, entries }).expect(200);
      expect(response.body).toMatchObject({ created: 301, failed: 0 });
      expect(Date.now() - started).toBeLessThan(20_000);

      const all = [...contractIds, apiContract];
      const byState: { kind: string; fiscal_year: number | null; status: string; automatic: boolean; count: string }[] = await t.db.query(
        `SELECT kind, fiscal_year, status, bool_and(fulfilled_automatically) AS automatic, count(*) FROM document_requests WHERE contract_id = ANY($1::uuid[])
          GROUP BY kind, fiscal_year, status ORDER BY kind COLLATE "C", fiscal_year`,
        [all],
      );
      expect(byState).toEqual([
        { kind: 'SDS', fiscal_year: null, status: 'open', automatic: false, count: '300' },
        { kind: 'checklist', fiscal_year: FY, status: 'fulfilled', automatic: true, count: '301' },
        { kind: 'checklist', fiscal_year: 2026, status: 'open', automatic: false, count: '300' },
      ]);
      // Each fulfilled request points at its own contract's new checklist.
      expect(
        await countRows(t.db, 'document_requests r JOIN vendor_checklists vc ON vc.id = r.fulfilled_checklist_id WHERE r.contract_id = ANY($1::uuid[]) AND vc.contract_id = r.contract_id', [all]),
      ).toBe(301);
      expect(await countRows(t.db, "domain_events WHERE type = 'document_request.fulfilled' AND payload->>'contractId' = ANY($1::text[])", [all])).toBe(301);
      const [audit]: { count: string; requests: number }[] = await t.db.query(
        "SELECT count(*) AS count, max(jsonb_array_length(details->'requests')) AS requests FROM audit_events WHERE action = 'document_request.auto_fulfil' AND organization_id = $1",
        [vendor.org.id],
      );
      expect(audit).toEqual({ count: '1', requests: 301 });
      expect(await r.notified(pharmacy.admin.id, 'document_request.fulfilled', apiRequest.id)).toBe(1);
    });
  });

  describe('access matrix', () => {
    let w: RequestWorld;
    let chain: Awaited<ReturnType<Factory['tenant']>>;
    let requestId: string;
    beforeAll(async () => {
      chain = await f.tenant('chain');
      const store = await r.p.pharmacy({ chainId: chain.org.id });
      w = await r.world({ pharmacy: store });
      requestId = (await r.open(store.admin.token, { contractId: w.contract.id, kind: 'SDS', dueOn: '2099-12-31' })).id;
    });

    it('answers 404 on every route to another pharmacy, another vendor, an unrelated chain and the operator, and lists nothing of it', async () => {
      const strangers: [string, string][] = [
        ['another pharmacy', (await r.p.pharmacy()).admin.token],
        ['another vendor', (await r.p.vendor()).admin.token],
        ['an unrelated chain', (await f.tenant('chain')).admin.token],
        ['the operator', await f.operator()],
      ];
      const before = await r.row(requestId);
      for (const [who, token] of strangers) {
        const calls: [string, () => Promise<Response>][] = [
          ['GET', () => r.get(token, requestId)],
          ['fulfil', () => r.fulfil(token, requestId, { disclosureId: requestId })],
          ['decline', () => r.decline(token, requestId, { reason: 'x' })],
        ];
        for (const [route, call] of calls) {
          const response = await call();
          if (response.status !== 404) throw new Error(`${route} by ${who}: ${response.status} ${JSON.stringify(response.body)}`);
          expectProblem(response, 404, 'not_found');
        }
        const listed = await r.list(token);
        if (who === 'the operator') expect(listed.status).toBe(200);
        expect((listed.body.items as { id: string }[]).map((i) => i.id)).not.toContain(requestId);
      }
      expect(await r.row(requestId)).toEqual(before);
    });

    it("lets the store's chain see the request, hear of its outcome, and ask for the store", async () => {
      expect((await r.get(chain.admin.token, requestId).expect(200)).body).toMatchObject({ yourRole: 'customer', customer: { id: w.pharmacy.org.id } });
      expect(((await r.list(chain.admin.token).expect(200)).body.items as { id: string }[]).map((i) => i.id)).toContain(requestId);
      const byChain = await r.open(chain.admin.token, { contractId: w.contract.id, kind: 'MDS', pharmacyId: w.pharmacy.org.id });
      expect(byChain).toMatchObject({ requestedBy: { id: chain.org.id, name: chain.org.name }, customer: { id: w.pharmacy.org.id } });
      await r.decline(w.vendor.admin.token, byChain.id, { reason: 'MDSは提供していません' }).expect(200);
      expect(await r.notified(chain.admin.id, 'document_request.declined', byChain.id)).toBe(1);
      expect(await r.notified(w.pharmacy.admin.id, 'document_request.declined', byChain.id)).toBe(1);
    });

    it('keeps fulfil and decline to the addressee: the customer side gets 403', async () => {
      for (const token of [w.pharmacy.admin.token, chain.admin.token]) {
        expectProblem(await r.fulfil(token, requestId, { disclosureId: requestId }), 403, 'addressee_only');
        expectProblem(await r.decline(token, requestId, { reason: '取り下げ' }), 403, 'addressee_only');
      }
      expect((await r.row(requestId)).status).toBe('open');
    });

    it('lets viewers read but not write (403), and members write', async () => {
      const pharmacyViewer = await f.user(w.pharmacy.org.id, 'viewer');
      const vendorViewer = await f.user(w.vendor.org.id, 'viewer');
      await r.get(pharmacyViewer.token, requestId).expect(200);
      await r.get(vendorViewer.token, requestId).expect(200);
      const before = await r.written([w.contract.id]);
      expectProblem(await r.create(pharmacyViewer.token, { contractId: w.contract.id, kind: 'checklist', fiscalYear: FY }), 403, 'read_only_role');
      expectProblem(await r.decline(vendorViewer.token, requestId, { reason: 'x' }), 403, 'read_only_role');
      expectProblem(await r.fulfil(vendorViewer.token, requestId, { disclosureId: requestId }), 403, 'read_only_role');
      expect(await r.written([w.contract.id])).toEqual(before);
      const member = await f.user(w.pharmacy.org.id, 'member');
      await r.create(member.token, { contractId: w.contract.id, kind: 'checklist', fiscalYear: FY }).expect(201);
    });

    it('needs requests:write from API clients to write; reading needs no scope', async () => {
      const cw = await r.world();
      const pharmacyReader = await r.p.clientToken(cw.pharmacy.admin, ['threads:write']);
      const pharmacyWriter = await r.p.clientToken(cw.pharmacy.admin, ['requests:write']);
      const vendorReader = await r.p.clientToken(cw.vendor.admin, ['checklists:write']);
      const vendorWriter = await r.p.clientToken(cw.vendor.admin, ['requests:write']);
      const body = { contractId: cw.contract.id, kind: 'SDS' };
      expectProblem(await r.create(pharmacyReader, body), 403, 'insufficient_scope');
      expect((await r.written([cw.contract.id])).requests).toBe(0);
      const created = await r.create(pharmacyWriter, body).expect(201);
      const id = created.body.id as string;
      const [row]: { requested_by: string }[] = await t.db.query('SELECT requested_by FROM document_requests WHERE id = $1', [id]);
      expect(row.requested_by).toEqual(expect.any(String));
      expect(((await r.list(vendorReader).expect(200)).body.items as { id: string }[]).map((i) => i.id)).toEqual([id]);
      await r.get(pharmacyReader, id).expect(200);
      expectProblem(await r.decline(vendorReader, id, { reason: 'x' }), 403, 'insufficient_scope');
      const disclosure = await r.p.published(cw.vendor.admin, cw.products[0].id, { kind: 'SDS', audience: 'selected_contracts', contractIds: [cw.contract.id] });
      // Publishing fulfilled it already: a second request is fulfilled by the client pointing at the disclosure.
      expect((await r.row(id)).status).toBe('fulfilled');
      const again = await r.create(pharmacyWriter, body).expect(201);
      expectProblem(await r.fulfil(vendorReader, again.body.id as string, { disclosureId: disclosure.id }), 403, 'insufficient_scope');
      expect((await r.fulfil(vendorWriter, again.body.id as string, { disclosureId: disclosure.id }).expect(200)).body).toMatchObject({ status: 'fulfilled', fulfilledDocument: { automatically: false } });
    });
  });
});
