import { countRows, expectProblem, invalidFields } from './support/assertions';
import { bearer, Factory, TestUser, uniquePharmacyCode } from './support/factories';
import { corporateNumber, Publishing, Tenant } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 14, part 1: what a vendor needs to propose in the portal. The other party named back
 * before sending (a pharmacy by 保険薬局コード, an agent by 法人番号), and a proposal withdrawn by the
 * side that made it while it is unanswered.
 */
describe('contract proposals: look-ups and withdrawal', () => {
  let t: TestApp;
  let f: Factory;
  let p: Publishing;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    p = new Publishing(t, f);
  });
  afterAll(() => t.close());

  const token = (user: TestUser | string) => (typeof user === 'string' ? user : user.token);
  const pharmacyLookup = (user: TestUser | string, code: string) => t.http.get(`/v1/pharmacies/lookup?pharmacyCode=${encodeURIComponent(code)}`).set(bearer(token(user)));
  const vendorLookup = (user: TestUser | string, number: string) => t.http.get(`/v1/vendors/lookup?corporateNumber=${encodeURIComponent(number)}`).set(bearer(token(user)));
  const withdraw = (user: TestUser | string, id: string) => t.http.post(`/v1/contracts/${id}/withdraw`).set(bearer(token(user))).send({});
  const vendorWithNumber = async (): Promise<Tenant & { org: { corporateNumber: string } }> => {
    const org = await f.organization('vendor', { corporateNumber: corporateNumber() });
    return { org: org as Tenant['org'] & { corporateNumber: string }, admin: await f.user(org.id, 'admin') };
  };
  const lookups = (org: { id: string }, action: string) => countRows(t.db, `audit_events WHERE organization_id = $1 AND action = $2`, [org.id, action]);

  describe('GET /v1/pharmacies/lookup', () => {
    it('answers a vendor the name for a 保険薬局コード, no id, and records the look-up in the vendor’s audit log', async () => {
      const vendor = await p.vendor();
      const pharmacy = await p.pharmacy();
      const found = await pharmacyLookup(vendor.admin, pharmacy.org.pharmacyCode as string).expect(200);
      expect(found.body).toEqual({ pharmacyCode: pharmacy.org.pharmacyCode, name: pharmacy.org.name });
      expect(await lookups(vendor.org, 'pharmacy.lookup')).toBe(1);
      // A system of the vendor (client credentials) may look up too: reads need no scope.
      const client = await p.clientToken(vendor.admin, ['contracts:write']);
      await pharmacyLookup(client, pharmacy.org.pharmacyCode as string).expect(200);
    });

    it('answers 404 problem+json for an unknown code, 400 for a malformed one (not counted as a look-up)', async () => {
      const vendor = await p.vendor();
      const unknown = expectProblem(await pharmacyLookup(vendor.admin, uniquePharmacyCode()), 404, 'pharmacy_not_found');
      expect(unknown.detail).toMatch(/登録されていません.*no pharmacy/);
      expect(await lookups(vendor.org, 'pharmacy.lookup')).toBe(1);
      for (const bad of ['12345', '12345678901', 'abcdefghij', '']) expect(invalidFields(await pharmacyLookup(vendor.admin, bad))).toEqual(['pharmacyCode']);
      expect(invalidFields(await t.http.get('/v1/pharmacies/lookup').set(bearer(vendor.admin.token)))).toEqual(['pharmacyCode']);
      expect(await lookups(vendor.org, 'pharmacy.lookup')).toBe(1);
    });

    it('is for vendors: a pharmacy or chain gets 403, without a token 401', async () => {
      const pharmacy = await p.pharmacy();
      const chain = await f.tenant('chain');
      expectProblem(await pharmacyLookup(pharmacy.admin, pharmacy.org.pharmacyCode as string), 403, 'vendor_required');
      expectProblem(await pharmacyLookup(chain.admin, pharmacy.org.pharmacyCode as string), 403, 'vendor_required');
      expectProblem(await t.http.get(`/v1/pharmacies/lookup?pharmacyCode=${pharmacy.org.pharmacyCode as string}`), 401);
    });
  });

  describe('GET /v1/vendors/lookup', () => {
    it('answers the id and name of the vendor holding a 法人番号; the id names it as agent on a proposal', async () => {
      const vendor = await p.vendor();
      const agent = await vendorWithNumber();
      const product = await p.product(vendor.admin);
      const pharmacy = await p.pharmacy();
      const found = (await vendorLookup(vendor.admin, agent.org.corporateNumber).expect(200)).body;
      expect(found).toEqual({ id: agent.org.id, name: agent.org.name, corporateNumber: agent.org.corporateNumber });
      const proposed = await t.http
        .post('/v1/contracts')
        .set(bearer(vendor.admin.token))
        .send({ kind: 'maintenance', pharmacyCode: pharmacy.org.pharmacyCode, productIds: [product.id], startsOn: '2025-04-01', agentId: found.id })
        .expect(201);
      expect(proposed.body.agent).toEqual({ id: agent.org.id, name: agent.org.name });
      // A pharmacy proposing names its vendor by 法人番号 too, and may see whom first.
      await vendorLookup(pharmacy.admin, agent.org.corporateNumber).expect(200);
      expect(await lookups(vendor.org, 'vendor.lookup')).toBe(1);
    });

    it('answers 404 for a number no vendor holds (a pharmacy’s included), 400 for a bad check digit; the operator gets 403', async () => {
      const vendor = await p.vendor();
      expectProblem(await vendorLookup(vendor.admin, corporateNumber()), 404, 'vendor_not_found');
      const chainWithNumber = await f.organization('chain', { corporateNumber: corporateNumber() });
      expectProblem(await vendorLookup(vendor.admin, (chainWithNumber as unknown as { corporateNumber: string }).corporateNumber), 404, 'vendor_not_found');
      const valid = corporateNumber();
      const wrongCheck = `${(Number(valid[0]) % 9) + 1}${valid.slice(1)}`;
      expect(invalidFields(await vendorLookup(vendor.admin, wrongCheck))).toEqual(['corporateNumber']);
      expect(invalidFields(await vendorLookup(vendor.admin, '123'))).toEqual(['corporateNumber']);
      expectProblem(await vendorLookup(await f.operator(), valid), 403, 'not_a_party');
    });
  });

  describe('POST /v1/contracts/{id}/withdraw', () => {
    const proposal = async () => {
      const vendor = await p.vendor();
      const agent = await p.vendor();
      const product = await p.product(vendor.admin);
      const pharmacy = await p.pharmacy();
      const contract = await p.contract(vendor.admin, pharmacy, [product.id], { agentId: agent.org.id, accept: false });
      return { vendor, agent, product, pharmacy, contract };
    };

    it('lets the proposing vendor withdraw: status withdrawn, audited, the pharmacy told; nothing more can be decided on it', async () => {
      const { vendor, pharmacy, contract } = await proposal();
      const told = () => countRows(t.db, `notifications WHERE organization_id = $1 AND type = 'contract.withdrawn'`, [pharmacy.org.id]);
      const withdrawn = (await withdraw(vendor.admin, contract.id).expect(200)).body;
      expect(withdrawn).toMatchObject({ id: contract.id, status: 'withdrawn', statusLabel: '取り下げ', decidedAt: expect.any(String), yourRole: 'vendor' });
      expect(await countRows(t.db, `audit_events WHERE action = 'contract.withdraw' AND target_id = $1`, [contract.id])).toBe(1);
      expect(await told()).toBe(1);
      // The pharmacy keeps it in its history, and can no longer accept it.
      expect((await t.http.get(`/v1/contracts/${contract.id}`).set(bearer(pharmacy.admin.token)).expect(200)).body.status).toBe('withdrawn');
      const listed = await t.http.get('/v1/contracts?status=withdrawn&limit=100').set(bearer(pharmacy.admin.token)).expect(200);
      expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([contract.id]);
      expectProblem(await t.http.post(`/v1/contracts/${contract.id}/accept`).set(bearer(pharmacy.admin.token)).send({}), 409, 'contract_not_proposed');
      expectProblem(await withdraw(vendor.admin, contract.id), 409, 'contract_not_proposed');
      expect(await told()).toBe(1);
    });

    it('lets a pharmacy withdraw its own proposal to a vendor (the vendor is told)', async () => {
      const vendor = await p.vendor();
      const pharmacy = await p.pharmacy();
      const proposed = (await t.http.post('/v1/contracts').set(bearer(pharmacy.admin.token)).send({ kind: 'operation', vendorId: vendor.org.id, startsOn: '2025-04-01' }).expect(201)).body;
      expectProblem(await withdraw(vendor.admin, proposed.id), 403, 'not_proposer');
      expect((await withdraw(pharmacy.admin, proposed.id).expect(200)).body.status).toBe('withdrawn');
      expect(await countRows(t.db, `notifications WHERE organization_id = $1 AND type = 'contract.withdrawn'`, [vendor.org.id])).toBeGreaterThan(0);
    });

    it('refuses the other side (403 not_proposer), the agent (403), a viewer (403), rivals and strangers (404), writing nothing', async () => {
      const { pharmacy, agent, contract } = await proposal();
      const rival = await p.vendor();
      const otherPharmacy = await p.pharmacy();
      const viewer = await f.user(pharmacy.org.id, 'viewer');
      expectProblem(await withdraw(pharmacy.admin, contract.id), 403, 'not_proposer');
      expectProblem(await withdraw(agent.admin, contract.id), 403, 'not_a_party');
      expectProblem(await withdraw(viewer, contract.id), 403);
      expectProblem(await withdraw(rival.admin, contract.id), 404, 'not_found');
      expectProblem(await withdraw(otherPharmacy.admin, contract.id), 404, 'not_found');
      expectProblem(await withdraw(await f.operator(), contract.id), 404, 'not_found');
      expectProblem(await withdraw(rival.admin, '00000000-0000-4000-8000-000000000000'), 404);
      expectProblem(await withdraw(rival.admin, 'not-a-uuid'), 404);
      expect((await t.http.get(`/v1/contracts/${contract.id}`).set(bearer(pharmacy.admin.token)).expect(200)).body.status).toBe('proposed');
      expect(await countRows(t.db, `audit_events WHERE action = 'contract.withdraw' AND target_id = $1`, [contract.id])).toBe(0);
    });

    it('answers 409 once the proposal was accepted or declined', async () => {
      const { vendor, pharmacy, contract } = await proposal();
      await t.http.post(`/v1/contracts/${contract.id}/accept`).set(bearer(pharmacy.admin.token)).send({}).expect(200);
      expectProblem(await withdraw(vendor.admin, contract.id), 409, 'contract_not_proposed');
      const declined = await proposal();
      await t.http.post(`/v1/contracts/${declined.contract.id}/decline`).set(bearer(declined.pharmacy.admin.token)).send({}).expect(200);
      const problem = expectProblem(await withdraw(declined.vendor.admin, declined.contract.id), 409, 'contract_not_proposed');
      expect(problem.detail).toMatch(/辞退/);
      expect((await t.http.get(`/v1/contracts/${contract.id}`).set(bearer(vendor.admin.token)).expect(200)).body.status).toBe('active');
    });

    it('takes contracts:write from an API client', async () => {
      const { vendor, contract } = await proposal();
      const reader = await p.clientToken(vendor.admin, ['products:write']);
      expectProblem(await withdraw(reader, contract.id), 403);
      const writer = await p.clientToken(vendor.admin, ['contracts:write']);
      expect((await withdraw(writer, contract.id).expect(200)).body.status).toBe('withdrawn');
    });
  });

  describe('products: versions added, renamed and retired with PATCH', () => {
    it('replaces the version list, audited; another vendor gets 404', async () => {
      const vendor = await p.vendor();
      const product = await p.product(vendor.admin, { versions: ['5.0', '6.0'] });
      const patch = (user: TestUser, body: Record<string, unknown>) => t.http.patch(`/v1/products/${product.id}`).set(bearer(user.token)).send(body);
      // 6.0 renamed 6.0.1, 7.0 added, 5.0 retired.
      expect((await patch(vendor.admin, { versions: ['6.0.1', '7.0'] }).expect(200)).body.versions).toEqual(['6.0.1', '7.0']);
      expect(invalidFields(await patch(vendor.admin, { versions: ['7.0', ' '] }))).toEqual(['versions']);
      expectProblem(await patch((await p.vendor()).admin, { versions: ['x'] }), 404);
      expect((await t.http.get(`/v1/products/${product.id}`).set(bearer(vendor.admin.token)).expect(200)).body.versions).toEqual(['6.0.1', '7.0']);
    });
  });

  // The look-ups tell what a proposal tells (whether a party is on Kaiji), so they are limited the same way.
  describe('rate limit', () => {
    let limited: TestApp;
    let lp: Publishing;
    beforeAll(async () => {
      limited = await startTestApp({ KAIJI_CONTRACT_PROPOSALS_PER_HOUR: '2' });
      lp = new Publishing(limited, new Factory(limited));
    });
    afterAll(() => limited.close());

    it('counts every look-up, unknown ones included, per organization and hour; the next is 429; proposals keep their own count', async () => {
      const vendor = await lp.vendor();
      const pharmacy = await lp.pharmacy();
      const product = await lp.product(vendor.admin);
      const look = (code: string) => limited.http.get(`/v1/pharmacies/lookup?pharmacyCode=${code}`).set(bearer(vendor.admin.token));
      expectProblem(await look(uniquePharmacyCode()), 404, 'pharmacy_not_found');
      await look(pharmacy.org.pharmacyCode as string).expect(200);
      const refused = expectProblem(await look(pharmacy.org.pharmacyCode as string), 429, 'party_lookups_rate_limited');
      expect(refused.detail).toMatch(/1時間に2件/);
      expectProblem(await limited.http.get(`/v1/vendors/lookup?corporateNumber=${corporateNumber()}`).set(bearer(vendor.admin.token)), 429, 'party_lookups_rate_limited');
      await limited.http
        .post('/v1/contracts')
        .set(bearer(vendor.admin.token))
        .send({ kind: 'maintenance', pharmacyCode: pharmacy.org.pharmacyCode, productIds: [product.id], startsOn: '2025-04-01' })
        .expect(201);
      await limited.http.get(`/v1/pharmacies/lookup?pharmacyCode=${pharmacy.org.pharmacyCode as string}`).set(bearer((await lp.vendor()).admin.token)).expect(200);
    });
  });
});
