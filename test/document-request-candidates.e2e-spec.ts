import { randomUUID } from 'node:crypto';
import { countRows, expectProblem } from './support/assertions';
import { FY } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { RequestSetup } from './support/request-setup';
import { startTestApp, TestApp } from './support/test-app';

interface Candidates {
  requestId: string;
  requestStatus: string;
  items: { type: string; id: string; label: string; revision: number; productVersion: string | null; fiscalYear: number | null; issuedAt: string | null }[];
}

/**
 * GET /v1/document-requests/{id}/candidates: what the addressee can fulfil a request with. Every
 * candidate is accepted by POST …/fulfil and nothing else is listed (the same matching rules).
 */
describe('document request candidates', () => {
  let t: TestApp;
  let r: RequestSetup;
  beforeAll(async () => {
    t = await startTestApp();
    r = new RequestSetup(t, new Factory(t));
  });
  afterAll(() => t.close());

  const candidates = (token: string, id: string) => t.http.get(`/v1/document-requests/${id}/candidates`).set(bearer(token));
  const listed = async (token: string, id: string) => (await candidates(token, id).expect(200)).body as Candidates;

  it('lists the published disclosures of the request’s kind and product that reach the pharmacy, each accepted by fulfil', async () => {
    const w = await r.world({ products: 2 });
    const [main, other] = w.products;
    const v6 = await r.p.published(w.vendor.admin, main.id, { kind: 'SDS', productVersion: '6.0' });
    const v7 = await r.p.published(w.vendor.admin, main.id, { kind: 'SDS', productVersion: '7.0' });
    await r.p.published(w.vendor.admin, main.id, { kind: 'MDS' }); // another kind
    await r.p.published(w.vendor.admin, other.id, { kind: 'SDS' }); // another product
    await r.p.draft(w.vendor.admin, main.id, { kind: 'SDS', productVersion: '8.0' }); // a draft fulfils nothing
    const request = await r.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'SDS', productId: main.id });

    const body = await listed(w.vendor.admin.token, request.id);
    expect(body.requestStatus).toBe('open');
    expect(body.items.map((item) => item.id)).toEqual([v7.id, v6.id]);
    expect(body.items[0]).toEqual({ type: 'disclosure', id: v7.id, label: expect.stringMatching(/^SDS .+ 7\.0 第1版$/), revision: 1, productVersion: '7.0', fiscalYear: null, issuedAt: expect.any(String) });

    // The portal picks one: fulfil accepts it, and the list of a fulfilled request is empty.
    await r.fulfil(w.vendor.admin.token, request.id, { disclosureId: v6.id }).expect(200);
    expect(await listed(w.vendor.admin.token, request.id)).toEqual({ requestId: request.id, requestStatus: 'fulfilled', items: [] });
  });

  it('leaves out a disclosure whose audience does not reach the requesting pharmacy', async () => {
    const w = await r.world();
    const [product] = w.products;
    const otherPharmacy = await r.p.pharmacy();
    const otherContract = await r.p.contract(w.vendor.admin, otherPharmacy, [product.id]);
    await r.p.published(w.vendor.admin, product.id, { kind: 'MDS', audience: 'selected_contracts', contractIds: [otherContract.id] });
    const request = await r.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'MDS', productId: product.id });
    expect((await listed(w.vendor.admin.token, request.id)).items).toEqual([]);
    // A publication that reaches it fulfils the request by itself (nothing left to pick).
    await r.p.published(w.vendor.admin, product.id, { kind: 'MDS', productVersion: '7.0' });
    expect((await r.row(request.id)).status).toBe('fulfilled');
  });

  it('lists the submitted checklist revisions of the request’s contract and 年度, newest first', async () => {
    const w = await r.world();
    const first = await r.submitChecklist(w.vendor.admin, w.contract.id);
    const request = await r.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'checklist', fiscalYear: FY });
    expect((await listed(w.vendor.admin.token, request.id)).items).toEqual([
      { type: 'checklist', id: first, label: expect.stringMatching(/^令和\d+年度 事業者確認用チェックリスト 第1版$/), revision: 1, productVersion: null, fiscalYear: FY, issuedAt: expect.any(String) },
    ]);
    // Another contract's checklist is not offered.
    const other = await r.world({ vendor: w.vendor, pharmacy: w.pharmacy });
    await r.submitChecklist(w.vendor.admin, other.contract.id);
    expect((await listed(w.vendor.admin.token, request.id)).items.map((item) => item.id)).toEqual([first]);
    await r.fulfil(w.vendor.admin.token, request.id, { checklistId: first }).expect(200);
  });

  it('lists nothing when no document matches yet (the portal offers to create one)', async () => {
    const w = await r.world();
    const request = await r.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'checklist', fiscalYear: FY });
    expect(await listed(w.vendor.admin.token, request.id)).toEqual({ requestId: request.id, requestStatus: 'open', items: [] });
    const sds = await r.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'SDS' });
    expect((await listed(w.vendor.admin.token, sds.id)).items).toEqual([]);
  });

  it('answers the addressee only: the pharmacy side 403, a rival vendor, another pharmacy and the operator 404, nothing written', async () => {
    const w = await r.world();
    await r.p.published(w.vendor.admin, w.products[0].id, { kind: 'SDS' });
    const request = await r.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'SDS' });
    const audits = () => countRows(t.db, 'audit_events WHERE target_id = $1', [request.id]);
    const before = await audits();
    expectProblem(await candidates(w.pharmacy.admin.token, request.id), 403, 'addressee_only');
    const rival = await r.p.vendor();
    expectProblem(await candidates(rival.admin.token, request.id), 404, 'not_found');
    const stranger = await r.p.pharmacy();
    expectProblem(await candidates(stranger.admin.token, request.id), 404, 'not_found');
    expectProblem(await candidates(await r.f.operator(), request.id), 404, 'not_found');
    expectProblem(await candidates(w.vendor.admin.token, randomUUID()), 404, 'not_found');
    expectProblem(await candidates(w.vendor.admin.token, 'not-a-uuid'), 404, 'not_found');
    await t.http.get(`/v1/document-requests/${request.id}/candidates`).expect(401);
    expect(await audits()).toBe(before);
    expect((await r.row(request.id)).status).toBe('open');
  });
});
