import { countRows, expectProblem, invalidFields } from './support/assertions';
import { bearer, Factory, TestUser, uniquePharmacyCode } from './support/factories';
import { Contract, corporateNumber, Publishing, Tenant } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

/** Contracts: either side proposes, the other accepts or declines; only then is the relationship active. */
describe('contracts', () => {
  let t: TestApp;
  let p: Publishing;
  beforeAll(async () => {
    t = await startTestApp();
    p = new Publishing(t, new Factory(t));
  });
  afterAll(() => t.close());

  const propose = (user: TestUser | string, body: Record<string, unknown>) => t.http.post('/v1/contracts').set(bearer(typeof user === 'string' ? user : user.token)).send(body);
  const decide = (user: TestUser | string, id: string, action: 'accept' | 'decline', body: Record<string, unknown> = {}) =>
    t.http.post(`/v1/contracts/${id}/${action}`).set(bearer(typeof user === 'string' ? user : user.token)).send(body);
  const get = (user: TestUser | string, id: string) => t.http.get(`/v1/contracts/${id}`).set(bearer(typeof user === 'string' ? user : user.token));
  const listIds = async (user: TestUser | string, filter = '') =>
    ((await t.http.get(`/v1/contracts?limit=100${filter}`).set(bearer(typeof user === 'string' ? user : user.token)).expect(200)).body.items as Contract[]).map((c) => c.id);
  const contractsOf = (org: { id: string }) => countRows(t.db, 'contracts WHERE vendor_id = $1 OR customer_id = $1', [org.id]);

  const vendorWithProduct = async () => {
    const vendor = await p.vendor();
    return { vendor, product: await p.product(vendor.admin) };
  };

  it('lets a vendor propose by 保険薬局コード; the pharmacy accepts; the name shows to the vendor only then', async () => {
    const { vendor, product } = await vendorWithProduct();
    const pharmacy = await p.pharmacy();
    const body = { kind: 'maintenance', pharmacyCode: pharmacy.org.pharmacyCode, productIds: [product.id], startsOn: '2025-04-01', endsOn: '2099-03-31' };
    const proposed = (await propose(vendor.admin, body).expect(201)).body;
    expect(proposed).toEqual({
      id: expect.any(String),
      kind: 'maintenance',
      kindLabel: '保守契約',
      status: 'proposed',
      statusLabel: '承認待ち',
      vendor: { id: vendor.org.id, name: vendor.org.name },
      customer: { id: pharmacy.org.id, name: null, pharmacyCode: pharmacy.org.pharmacyCode },
      agent: null,
      products: [{ id: product.id, name: product.name, category: 'レセコン' }],
      startsOn: '2025-04-01',
      endsOn: '2099-03-31',
      proposedBy: 'vendor',
      yourRole: 'vendor',
      owesChecklist: true,
      decidedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await countRows(t.db, `audit_events WHERE action = 'contract.propose' AND target_id = $1`, [proposed.id])).toBe(1);
    expect((await get(vendor.admin, proposed.id).expect(200)).body.customer.name).toBeNull();
    expect((await get(pharmacy.admin, proposed.id).expect(200)).body).toMatchObject({ yourRole: 'customer', customer: { name: pharmacy.org.name } });

    const accepted = (await decide(pharmacy.admin, proposed.id, 'accept').expect(200)).body;
    expect(accepted).toMatchObject({ status: 'active', statusLabel: '有効', decidedAt: expect.any(String), customer: { name: pharmacy.org.name } });
    expect((await get(vendor.admin, proposed.id).expect(200)).body.customer.name).toBe(pharmacy.org.name);
    expect(await countRows(t.db, `audit_events WHERE action = 'contract.accept' AND target_id = $1`, [proposed.id])).toBe(1);
    expect(await listIds(vendor.admin, '&status=active')).toEqual([proposed.id]);
    expect(await listIds(vendor.admin, '&status=proposed')).toEqual([]);
    expect(await listIds(pharmacy.admin, '&kind=maintenance')).toEqual([proposed.id]);
  });

  it.each<[string, (code: string, productId: string) => Record<string, unknown>, number, string, string]>([
    ['an unknown 保険薬局コード', (_code, id) => ({ pharmacyCode: uniquePharmacyCode(), productIds: [id] }), 422, 'customer_not_found', ''],
    ['a malformed 保険薬局コード', (_code, id) => ({ pharmacyCode: '12-345', productIds: [id] }), 400, 'validation_failed', 'pharmacyCode'],
    ['no 保険薬局コード', (_code, id) => ({ productIds: [id] }), 400, 'validation_failed', 'pharmacyCode'],
    ['no products', (code) => ({ pharmacyCode: code }), 400, 'validation_failed', 'productIds'],
    ['a vendorId besides the code', (code, id) => ({ pharmacyCode: code, productIds: [id], vendorId: '00000000-0000-4000-8000-000000000000' }), 400, 'validation_failed', 'vendorId'],
    ['endsOn before startsOn', (code, id) => ({ pharmacyCode: code, productIds: [id], endsOn: '2025-03-31' }), 400, 'validation_failed', 'endsOn'],
    ['a date that does not exist', (code, id) => ({ pharmacyCode: code, productIds: [id], startsOn: '2025-02-30' }), 400, 'validation_failed', 'startsOn'],
    ['an unknown kind', (code, id) => ({ pharmacyCode: code, productIds: [id], kind: 'lease' }), 400, 'validation_failed', 'kind'],
  ])('refuses a vendor proposal with %s and writes nothing', async (_label, extra, status, code, field) => {
    const { vendor, product } = await vendorWithProduct();
    const pharmacy = await p.pharmacy();
    const response = await propose(vendor.admin, { kind: 'operation', startsOn: '2025-04-01', ...extra(pharmacy.org.pharmacyCode as string, product.id) });
    const problem = expectProblem(response, status, code);
    if (field) expect(invalidFields(response)).toContain(field);
    if (code === 'customer_not_found') expect(problem.detail).toContain('保険薬局コード');
    expect(await contractsOf(vendor.org)).toBe(0);
    expect(await countRows(t.db, `audit_events WHERE action = 'contract.propose' AND organization_id = $1`, [vendor.org.id])).toBe(0);
  });

  it("refuses another vendor's products and a pharmacy's own agent", async () => {
    const { vendor } = await vendorWithProduct();
    const other = await p.product((await p.vendor()).admin);
    const pharmacy = await p.pharmacy();
    const base = { kind: 'maintenance', pharmacyCode: pharmacy.org.pharmacyCode, startsOn: '2025-04-01' };
    expect(invalidFields(await propose(vendor.admin, { ...base, productIds: [other.id] }))).toEqual(['productIds']);
    const own = await p.product(vendor.admin);
    for (const agentId of [pharmacy.org.id, vendor.org.id, '00000000-0000-4000-8000-000000000000', (await p.f.tenant('chain')).org.id]) {
      expect(invalidFields(await propose(vendor.admin, { ...base, productIds: [own.id], agentId }))).toEqual(['agentId']);
    }
    expect(await contractsOf(pharmacy.org)).toBe(0);
  });

  it('lets a pharmacy propose by vendorId or 法人番号 without products; the vendor names them when accepting', async () => {
    const number = corporateNumber();
    const vendor = await p.f.tenant('vendor', { corporateNumber: number });
    const product = await p.product(vendor.admin);
    const pharmacy = await p.pharmacy();
    const byId = (await propose(pharmacy.admin, { kind: 'operation', vendorId: vendor.org.id, startsOn: '2025-04-01' }).expect(201)).body;
    expect(byId).toMatchObject({ status: 'proposed', proposedBy: 'customer', yourRole: 'customer', products: [], customer: { id: pharmacy.org.id, name: pharmacy.org.name } });
    // The customer proposed, so the vendor may see who it is.
    expect((await get(vendor.admin, byId.id).expect(200)).body.customer.name).toBe(pharmacy.org.name);
    expect(invalidFields(await decide(vendor.admin, byId.id, 'accept'))).toEqual(['productIds']);
    expect(invalidFields(await decide(vendor.admin, byId.id, 'accept', { productIds: [(await p.product((await p.vendor()).admin)).id] }))).toEqual(['productIds']);
    expect((await get(vendor.admin, byId.id).expect(200)).body.status).toBe('proposed');
    const accepted = (await decide(vendor.admin, byId.id, 'accept', { productIds: [product.id] }).expect(200)).body;
    expect(accepted).toMatchObject({ status: 'active', products: [{ id: product.id }] });

    const byNumber = (await propose(pharmacy.admin, { kind: 'sale_only', vendorCorporateNumber: number, startsOn: '2025-04-01' }).expect(201)).body;
    expect(byNumber).toMatchObject({ vendor: { id: vendor.org.id }, owesChecklist: false, kindLabel: '売買契約のみ' });
  });

  it.each<[string, (vendorId: string) => Record<string, unknown>, number, string, string]>([
    ['an unknown vendor', () => ({ vendorId: '00000000-0000-4000-8000-000000000000' }), 422, 'vendor_not_found', ''],
    ['an unknown 法人番号', () => ({ vendorCorporateNumber: corporateNumber() }), 422, 'vendor_not_found', ''],
    ['a bad 法人番号 check digit', () => ({ vendorCorporateNumber: '1234567890123' }), 400, 'validation_failed', 'vendorCorporateNumber'],
    ['no vendor', () => ({}), 400, 'validation_failed', 'vendorId'],
    ['a 保険薬局コード', (vendorId) => ({ vendorId, pharmacyCode: uniquePharmacyCode() }), 400, 'validation_failed', 'pharmacyCode'],
  ])('refuses a pharmacy proposal with %s and writes nothing', async (_label, extra, status, code, field) => {
    const { vendor } = await vendorWithProduct();
    const pharmacy = await p.pharmacy();
    const response = await propose(pharmacy.admin, { kind: 'maintenance', startsOn: '2025-04-01', ...extra(vendor.org.id) });
    expectProblem(response, status, code);
    if (field) expect(invalidFields(response)).toContain(field);
    expect(await contractsOf(pharmacy.org)).toBe(0);
  });

  it('lets a chain propose for its store and accept for it; a store not its own is 404', async () => {
    const { vendor, product } = await vendorWithProduct();
    const chain = await p.f.tenant('chain');
    const store = await p.pharmacy({ chainId: chain.org.id });
    const stranger = await p.pharmacy();
    const base = { kind: 'maintenance', vendorId: vendor.org.id, startsOn: '2025-04-01' };
    const created = (await propose(chain.admin, { ...base, customerId: store.org.id }).expect(201)).body;
    expect(created).toMatchObject({ customer: { id: store.org.id, name: store.org.name }, yourRole: 'customer', proposedBy: 'customer' });
    expect((await get(store.admin, created.id).expect(200)).body.id).toBe(created.id);
    expect(invalidFields(await propose(chain.admin, base))).toEqual(['customerId']);
    expectProblem(await propose(chain.admin, { ...base, customerId: stranger.org.id }), 404, 'not_found');
    expectProblem(await propose(store.admin, { ...base, customerId: stranger.org.id }), 404, 'not_found');
    expect(await contractsOf(stranger.org)).toBe(0);

    const offered = await p.contract(vendor.admin, store, [product.id], { accept: false });
    expect((await decide(chain.admin, offered.id, 'accept').expect(200)).body).toMatchObject({ status: 'active', customer: { id: store.org.id } });
  });

  it('refuses accepting or declining your own proposal (403), deciding twice (409), and products from the customer', async () => {
    const { vendor, product } = await vendorWithProduct();
    const pharmacy = await p.pharmacy();
    const offered = await p.contract(vendor.admin, pharmacy, [product.id], { accept: false });
    expectProblem(await decide(vendor.admin, offered.id, 'accept'), 403, 'own_proposal');
    expectProblem(await decide(vendor.admin, offered.id, 'decline'), 403, 'own_proposal');
    expect(invalidFields(await decide(pharmacy.admin, offered.id, 'accept', { productIds: [product.id] }))).toEqual(['productIds']);
    expect((await get(vendor.admin, offered.id).expect(200)).body.status).toBe('proposed');

    await decide(pharmacy.admin, offered.id, 'accept').expect(200);
    expectProblem(await decide(pharmacy.admin, offered.id, 'accept'), 409, 'contract_not_proposed');
    expectProblem(await decide(pharmacy.admin, offered.id, 'decline'), 409, 'contract_not_proposed');

    const declined = await p.contract(vendor.admin, pharmacy, [product.id], { accept: false });
    const body = (await decide(pharmacy.admin, declined.id, 'decline').expect(200)).body;
    expect(body).toMatchObject({ status: 'declined', statusLabel: '辞退', decidedAt: expect.any(String) });
    expect(await countRows(t.db, `audit_events WHERE action = 'contract.decline' AND target_id = $1`, [declined.id])).toBe(1);
    expectProblem(await decide(pharmacy.admin, declined.id, 'accept'), 409, 'contract_not_proposed');
    // Declined: the pharmacy never agreed, so its name stays hidden from the vendor.
    expect((await get(vendor.admin, declined.id).expect(200)).body).toMatchObject({ status: 'declined', customer: { name: null } });
  });

  it('shows the agent the contract (name hidden until active) but lets only the two parties decide', async () => {
    const { vendor, product } = await vendorWithProduct();
    const agent = await p.vendor();
    const pharmacy = await p.pharmacy();
    const offered = await p.contract(vendor.admin, pharmacy, [product.id], { agentId: agent.org.id, accept: false });
    const seen = (await get(agent.admin, offered.id).expect(200)).body;
    expect(seen).toMatchObject({ yourRole: 'agent', agent: { id: agent.org.id, name: agent.org.name }, customer: { name: null } });
    expect(seen.customer.pharmacyCode ?? null).toBeNull();
    expectProblem(await decide(agent.admin, offered.id, 'accept'), 403, 'not_a_party');
    expectProblem(await decide(agent.admin, offered.id, 'decline'), 403, 'not_a_party');
    await decide(pharmacy.admin, offered.id, 'accept').expect(200);
    expect((await get(agent.admin, offered.id).expect(200)).body.customer).toMatchObject({ name: pharmacy.org.name, pharmacyCode: pharmacy.org.pharmacyCode });
    expect(await listIds(agent.admin)).toEqual([offered.id]);
  });

  it('answers 404 to everyone who is not a party, the operator included, and changes nothing', async () => {
    const { vendor, product } = await vendorWithProduct();
    const pharmacy = await p.pharmacy();
    const active = await p.contract(vendor.admin, pharmacy, [product.id]);
    const offered = await p.contract(vendor.admin, pharmacy, [product.id], { accept: false });
    const waiting = await p.pharmacy();
    await p.contract(vendor.admin, waiting, [product.id], { accept: false });
    const outsiders: (TestUser | string)[] = [(await p.vendor()).admin, (await p.pharmacy()).admin, waiting.admin, (await p.f.tenant('chain')).admin, await p.f.operator()];
    for (const outsider of outsiders) {
      for (const contract of [active, offered]) {
        expectProblem(await get(outsider, contract.id), 404, 'not_found');
        expectProblem(await decide(outsider, contract.id, 'accept'), 404, 'not_found');
        expectProblem(await decide(outsider, contract.id, 'decline'), 404, 'not_found');
      }
      const ids = await listIds(outsider);
      expect(ids).not.toContain(active.id);
      expect(ids).not.toContain(offered.id);
    }
    expectProblem(await propose(await p.f.operator(), { kind: 'maintenance', vendorId: vendor.org.id, startsOn: '2025-04-01' }), 403, 'not_a_party');
    expect((await get(vendor.admin, offered.id).expect(200)).body.status).toBe('proposed');
    expectProblem(await get(vendor.admin, 'nope'), 404, 'not_found');
  });

  it('needs contracts:write for API clients to propose and decide; reading needs no scope', async () => {
    const { vendor, product } = await vendorWithProduct();
    const pharmacy: Tenant = await p.pharmacy();
    const writer = await p.clientToken(vendor.admin, ['contracts:write']);
    const reader = await p.clientToken(vendor.admin, ['products:write']);
    const body = { kind: 'maintenance', pharmacyCode: pharmacy.org.pharmacyCode, productIds: [product.id], startsOn: '2025-04-01' };
    expectProblem(await propose(reader, body), 403, 'insufficient_scope');
    expect(await contractsOf(pharmacy.org)).toBe(0);
    const created = (await propose(writer, body).expect(201)).body;
    expect((await get(reader, created.id).expect(200)).body.id).toBe(created.id);

    const fromPharmacy = (await propose(pharmacy.admin, { kind: 'maintenance', vendorId: vendor.org.id, startsOn: '2025-04-01' }).expect(201)).body;
    expectProblem(await decide(reader, fromPharmacy.id, 'accept', { productIds: [product.id] }), 403, 'insufficient_scope');
    expectProblem(await decide(reader, fromPharmacy.id, 'decline'), 403, 'insufficient_scope');
    expect((await get(writer, fromPharmacy.id).expect(200)).body.status).toBe('proposed');
    await decide(writer, fromPharmacy.id, 'accept', { productIds: [product.id] }).expect(200);
  });
  // Issue 13, finding 11: a proposal tells whether a 保険薬局コード is on Kaiji and notifies the
  // pharmacy's users, so proposals are limited per organization and hour, refused ones included.
  describe('rate limit (KAIJI_CONTRACT_PROPOSALS_PER_HOUR)', () => {
    let limited: TestApp;
    let lp: Publishing;
    beforeAll(async () => {
      limited = await startTestApp({ KAIJI_CONTRACT_PROPOSALS_PER_HOUR: '3' });
      lp = new Publishing(limited, new Factory(limited));
    });
    afterAll(() => limited.close());

    it('counts every attempt, unknown codes included; the next one is 429 with Retry-After, writing nothing; other organizations go on', async () => {
      const vendor = await lp.vendor();
      const product = await lp.product(vendor.admin);
      const pharmacy = await lp.pharmacy();
      const send = (pharmacyCode: string) =>
        limited.http.post('/v1/contracts').set(bearer(vendor.admin.token)).send({ kind: 'maintenance', pharmacyCode, productIds: [product.id], startsOn: '2025-04-01' });
      for (const probe of [uniquePharmacyCode(), uniquePharmacyCode()]) {
        const problem = expectProblem(await send(probe), 422, 'customer_not_found');
        // The refusal names no code and says nothing about who uses Kaiji.
        expect(problem.detail).not.toContain(probe);
        expect(problem.detail).not.toMatch(/uses Kaiji/);
      }
      await send(pharmacy.org.pharmacyCode as string).expect(201);
      const notified = await countRows(limited.db, `notifications WHERE organization_id = $1`, [pharmacy.org.id]);

      const refused = await send(pharmacy.org.pharmacyCode as string);
      const problem = expectProblem(refused, 429, 'contract_proposals_rate_limited');
      expect(problem.detail).toMatch(/1時間に3件.*at most 3 contract proposals an hour/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
      expectProblem(await send(uniquePharmacyCode()), 429, 'contract_proposals_rate_limited');
      expect(await contractsOf(vendor.org)).toBe(1);
      expect(await countRows(limited.db, `audit_events WHERE action = 'contract.propose' AND organization_id = $1`, [vendor.org.id])).toBe(1);
      expect(await countRows(limited.db, `notifications WHERE organization_id = $1`, [pharmacy.org.id])).toBe(notified);

      // The pharmacy proposing to that vendor counts against its own limit, not the vendor's.
      await limited.http.post('/v1/contracts').set(bearer(pharmacy.admin.token)).send({ kind: 'operation', vendorId: vendor.org.id, startsOn: '2025-04-01' }).expect(201);
      // An hour later the window has room again.
      await limited.db.query(`UPDATE rate_limit_hits SET hit_at = hit_at - interval '61 minutes' WHERE bucket = 'contract-proposal' AND subject = $1`, [vendor.org.id]);
      await send(pharmacy.org.pharmacyCode as string).expect(201);
    });
  });
});
