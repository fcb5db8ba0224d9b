import { gatewayLabelOf, remoteMaintenanceRisks } from '../src/remote-maintenance/remote-maintenance-risks';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { bearer, Factory } from './support/factories';
import { daysFromToday, PharmacySetup, rmBody } from './support/pharmacy-setup';
import type { Contract, Product, Tenant } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The agent (代理店) at work: it lists exactly the contracts it maintains, discloses their remote
 * maintenance (and no other contract's), publishes its own RM-SDS and refers to it; the pharmacy
 * reads both. The risk flags are those of the rules the portal's form shares.
 */
describe('remote maintenance by an agent (代理店)', () => {
  let t: TestApp;
  let s: PharmacySetup;
  let vendor: Tenant;
  let agent: Tenant;
  let rival: Tenant;
  let product: Product;
  let pharmacy: Tenant;
  let otherPharmacy: Tenant;
  /** vendor → pharmacy, maintained by the agent. */
  let maintained: Contract;
  /** The same vendor and product, another pharmacy, no agent. */
  let notMaintained: Contract;
  /** The agent's own contract as a vendor. */
  let own: Contract;

  beforeAll(async () => {
    t = await startTestApp();
    s = new PharmacySetup(t, new Factory(t));
    // One after another: the operator's first login enrols its 2FA once.
    vendor = await s.p.vendor();
    agent = await s.p.vendor();
    rival = await s.p.vendor();
    pharmacy = await s.p.pharmacy();
    otherPharmacy = await s.p.pharmacy();
    product = await s.p.product(vendor.admin);
    maintained = await s.p.contract(vendor.admin, pharmacy, [product.id], { agentId: agent.org.id });
    notMaintained = await s.p.contract(vendor.admin, otherPharmacy, [product.id]);
    own = await s.p.contract(agent.admin, await s.p.pharmacy(), [(await s.p.product(agent.admin)).id]);
  });
  afterAll(() => t.close());

  const stored = (contractId: string) => countRows(t.db, 'remote_maintenance_disclosures WHERE contract_id = $1', [contractId]);
  const contractIds = async (token: string, query: string) => {
    const response = await t.http.get(`/v1/contracts${query}`).set(bearer(token));
    expect(response.status).toBe(200);
    return (response.body.items as { id: string; yourRole: string }[]).map((c) => `${c.id}:${c.yourRole}`).sort();
  };

  it('lists exactly the contracts the agent maintains with role=agent, its own with role=vendor', async () => {
    expect(await contractIds(agent.admin.token, '?role=agent')).toEqual([`${maintained.id}:agent`]);
    expect(await contractIds(agent.admin.token, '?role=vendor')).toEqual([`${own.id}:vendor`]);
    expect(await contractIds(agent.admin.token, '')).toEqual([`${maintained.id}:agent`, `${own.id}:vendor`].sort());
    expect(await contractIds(vendor.admin.token, '?role=agent')).toEqual([]);
    expect(await contractIds(vendor.admin.token, '?role=vendor')).toEqual([maintained.id, notMaintained.id].map((id) => `${id}:vendor`).sort());
    // A pharmacy is neither vendor nor agent of its contracts.
    expect(await contractIds(pharmacy.admin.token, '?role=vendor')).toEqual([]);
    expect(invalidFields(await t.http.get('/v1/contracts?role=customer').set(bearer(agent.admin.token)))).toEqual(['role']);
  });

  it('lets the agent disclose for the contract it maintains, with the risk flags of the shared rules; the pharmacy reads it', async () => {
    const body = rmBody(product.id, { twoFactor: false, availability: 'always_on' });
    const put = await s.putRm(agent.admin.token, maintained.id, body);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ authorRole: 'agent', author: { id: agent.org.id }, revision: 1, riskLevel: 'high', riskLevelLabel: '高', awaitingConfirmation: true });
    const gateway = body.gateway as { maker: string; model: string; firmwareVersion: string; lastPatchedOn: string };
    // The portal's form computes the flags with this same function as the agent types.
    const preview = remoteMaintenanceRisks({
      inUse: true,
      connectionMethod: 'internet_vpn',
      gatewayPatchedOn: gateway.lastPatchedOn,
      gatewayLabel: gatewayLabelOf(gateway.maker, gateway.model, gateway.firmwareVersion),
      twoFactor: false,
      sourceRestricted: true,
      sessionLogging: true,
      uniqueCredentials: true,
    });
    expect(put.body.risks).toEqual(preview.risks);
    expect(put.body.riskLevel).toBe(preview.riskLevel);
    const read = await s.getRm(pharmacy.admin.token, maintained.id);
    expect(read.body).toMatchObject({ agent: { id: agent.org.id }, products: [{ product: { id: product.id }, current: { revision: 1, authorRole: 'agent', riskLevel: 'high' } }] });
    const [event] = await t.db.query(`SELECT recipients FROM domain_events WHERE type = 'remote_maintenance.disclosed' AND subject_id = $1`, [put.body.id]);
    expect(event.recipients).toEqual([pharmacy.org.id]);
  });

  it('answers 404 to the agent for the vendor’s other contract and to a rival vendor; 403 to the pharmacy; nothing written', async () => {
    const before = [await stored(maintained.id), await stored(notMaintained.id)];
    expectProblem(await s.putRm(agent.admin.token, notMaintained.id, rmBody(product.id)), 404);
    expectProblem(await s.getRm(agent.admin.token, notMaintained.id), 404);
    expectProblem(await s.putRm(rival.admin.token, maintained.id, rmBody(product.id)), 404);
    expectProblem(await s.putRm(pharmacy.admin.token, maintained.id, rmBody(product.id)), 403, 'maintainer_required');
    expectProblem(await s.putRm(otherPharmacy.admin.token, maintained.id, rmBody(product.id)), 404);
    expect([await stored(maintained.id), await stored(notMaintained.id)]).toEqual(before);
  });

  it('refuses the agent’s bad input with the fields named, and writes nothing', async () => {
    const before = await stored(maintained.id);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ productId: product.id, inUse: true }, ['connectionMethod', 'twoFactor', 'sourceRestricted', 'sessionLogging', 'availability', 'uniqueCredentials']],
      [rmBody(product.id, { gateway: { maker: 'A', model: 'B', firmwareVersion: '1', lastPatchedOn: daysFromToday(2) } }), ['gateway.lastPatchedOn']],
      [rmBody(product.id, { availability: 'sometimes' }), ['availability']],
      [{ productId: product.id, inUse: false, twoFactor: false }, ['twoFactor']],
      [rmBody((await s.p.product(vendor.admin)).id), ['productId']],
    ];
    for (const [body, fields] of cases) expect(invalidFields(await s.putRm(agent.admin.token, maintained.id, body))).toEqual(fields);
    expect(await stored(maintained.id)).toBe(before);
  });

  it('lets the agent publish its RM-SDS, refer to it, and the maintained pharmacy read it (not the vendor’s other customer)', async () => {
    const rmSds = await s.p.published(agent.admin, product.id, { kind: 'RM-SDS' });
    expect(rmSds).toMatchObject({ kind: 'RM-SDS', status: 'published' });
    const put = await s.putRm(agent.admin.token, maintained.id, rmBody(product.id, { rmSdsDisclosureId: rmSds.id }));
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ rmSds: { id: rmSds.id, revision: 1 }, riskLevel: 'none' });
    expect((await t.http.get(`/v1/disclosures/${rmSds.id}`).set(bearer(pharmacy.admin.token))).status).toBe(200);
    expectProblem(await t.http.get(`/v1/disclosures/${rmSds.id}`).set(bearer(otherPharmacy.admin.token)), 404);
    // The vendor's own RM-SDS is not the agent's to refer to: whoever performs the maintenance discloses its own.
    const vendorsRmSds = await s.p.published(vendor.admin, product.id, { kind: 'RM-SDS' });
    const before = await stored(maintained.id);
    expect(invalidFields(await s.putRm(agent.admin.token, maintained.id, rmBody(product.id, { rmSdsDisclosureId: vendorsRmSds.id })))).toEqual(['rmSdsDisclosureId']);
    expect(await stored(maintained.id)).toBe(before);
    // An agent writes the RM-SDS only, never the product's SDS.
    expectProblem(await s.p.createDisclosure(agent.admin, { productId: product.id, productVersion: '6.0', kind: 'SDS', audience: 'all_customers', answers: [] }), 403, 'agent_rm_sds_only');
  });
});
