import { countRows, expectProblem, invalidFields } from './support/assertions';
import { bearer, Factory } from './support/factories';
import { daysFromToday, PharmacySetup, PharmacyWorld, rmBody } from './support/pharmacy-setup';
import { startTestApp, TestApp } from './support/test-app';

/** Remote-maintenance disclosures (2-②): rules, revisions and confirmation, risk flags, audited reads, who may see them. */
describe('remote-maintenance disclosures', () => {
  let t: TestApp;
  let f: Factory;
  let s: PharmacySetup;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    s = new PharmacySetup(t, f);
  });
  afterAll(() => t.close());

  const stored = (contractId: string) => countRows(t.db, 'remote_maintenance_disclosures WHERE contract_id = $1', [contractId]);
  const audits = (action: string, targetId: string) => countRows(t.db, 'audit_events WHERE action = $1 AND target_id = $2', [action, targetId]);

  describe('validation: every rule answers a problem and writes nothing', () => {
    let w: PharmacyWorld;
    beforeAll(async () => {
      w = await s.world();
    });

    it.each<[string, (productId: string) => Record<string, unknown>, string[]]>([
      [
        'in use with no details: each required field listed',
        (productId) => ({ productId, inUse: true }),
        ['connectionMethod', 'twoFactor', 'sourceRestricted', 'sessionLogging', 'availability', 'uniqueCredentials'],
      ],
      [
        'an internet VPN without its gateway device',
        (productId) => rmBody(productId, { gateway: undefined }),
        ['gateway.maker', 'gateway.model', 'gateway.firmwareVersion', 'gateway.lastPatchedOn'],
      ],
      ['a gateway patched in the future', (productId) => rmBody(productId, { gateway: { maker: 'A', model: 'B', firmwareVersion: '1', lastPatchedOn: daysFromToday(1) } }), ['gateway.lastPatchedOn']],
      ['a patch date that does not exist', (productId) => rmBody(productId, { gateway: { maker: 'A', model: 'B', firmwareVersion: '1', lastPatchedOn: '2025-02-30' } }), ['gateway.lastPatchedOn']],
      ['a malformed patch date', (productId) => rmBody(productId, { gateway: { maker: 'A', model: 'B', firmwareVersion: '1', lastPatchedOn: '2025/04/01' } }), ['gateway.lastPatchedOn']],
      ['a gateway with a blank maker', (productId) => rmBody(productId, { gateway: { maker: ' ', model: 'B', firmwareVersion: '1', lastPatchedOn: '2025-04-01' } }), ['gateway.maker']],
      ['an unknown connection method', (productId) => rmBody(productId, { connectionMethod: 'modem' }), ['connectionMethod']],
      ['an unknown availability', (productId) => rmBody(productId, { availability: 'sometimes' }), ['availability']],
      ['a non-boolean safeguard', (productId) => rmBody(productId, { twoFactor: 'yes' }), ['twoFactor']],
      ['connection details while not in use', (productId) => ({ productId, inUse: false, connectionMethod: 'internet_vpn', twoFactor: true }), ['connectionMethod', 'twoFactor']],
      ['a product the contract does not cover', () => rmBody('00000000-0000-4000-8000-000000000000'), ['productId']],
      ['an unknown field', (productId) => rmBody(productId, { password: 'x' }), ['password']],
      ['inUse missing', (productId) => ({ productId }), ['inUse']],
      ['NUL in the notes', (productId) => rmBody(productId, { notes: 'a\u0000b' }), ['notes']],
    ])('%s', async (_, body, fields) => {
      const response = await s.putRm(w.vendor.admin.token, w.contract.id, body(w.product.id));
      expect(invalidFields(response)).toEqual(fields);
      expect(await stored(w.contract.id)).toBe(0);
    });

    it('accepts a closed network without a gateway device of the vendor', async () => {
      const other = await s.world();
      const response = await s.putRm(other.vendor.admin.token, other.contract.id, rmBody(other.product.id, { connectionMethod: 'closed_network', gateway: undefined }));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ connectionMethod: 'closed_network', connectionMethodLabel: '閉域網', gateway: null, revision: 1 });
    });

    it('accepts "not in use" with notes only', async () => {
      const other = await s.world();
      const response = await s.putRm(other.vendor.admin.token, other.contract.id, { productId: other.product.id, inUse: false, notes: 'オンサイト保守のみ' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ inUse: false, connectionMethod: null, risks: [], riskLevel: 'none', awaitingConfirmation: true });
    });

    it('refuses an RM-SDS that is not the writer’s published RM-SDS of the product', async () => {
      const other = await s.world();
      const sds = await s.p.published(other.vendor.admin, other.product.id, { kind: 'SDS' });
      const draft = await s.p.draft(other.vendor.admin, other.product.id, { kind: 'RM-SDS' });
      const stranger = await s.world();
      const foreign = await s.p.published(stranger.vendor.admin, stranger.product.id, { kind: 'RM-SDS' });
      for (const id of [sds.id, draft.id, foreign.id, '00000000-0000-4000-8000-000000000000']) {
        expect(invalidFields(await s.putRm(other.vendor.admin.token, other.contract.id, rmBody(other.product.id, { rmSdsDisclosureId: id })))).toEqual(['rmSdsDisclosureId']);
      }
      expect(await stored(other.contract.id)).toBe(0);
      const rmSds = await s.p.publish(other.vendor.admin, draft.id);
      const ok = await s.putRm(other.vendor.admin.token, other.contract.id, rmBody(other.product.id, { rmSdsDisclosureId: rmSds.id }));
      expect(ok.status).toBe(200);
      expect(ok.body.rmSds).toMatchObject({ id: rmSds.id, status: 'published', productVersion: '6.0' });
    });

    it('refuses a contract that is not active yet', async () => {
      const vendor = await s.p.vendor();
      const product = await s.p.product(vendor.admin);
      const pharmacy = await s.p.pharmacy();
      const proposed = await s.p.contract(vendor.admin, pharmacy, [product.id], { accept: false });
      expectProblem(await s.putRm(vendor.admin.token, proposed.id, rmBody(product.id)), 409, 'contract_not_active');
      expect(await stored(proposed.id)).toBe(0);
    });
  });

  describe('revisions and confirmation', () => {
    it('keeps every revision, moves "current", and needs a new confirmation after a change', async () => {
      const w = await s.world();
      const vendor = w.vendor.admin.token;
      const pharmacy = w.pharmacy.admin.token;
      const first = await s.putRm(vendor, w.contract.id, rmBody(w.product.id));
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        revision: 1,
        current: true,
        author: { id: w.vendor.org.id },
        authorRole: 'vendor',
        connectionMethodLabel: 'インターネットVPN',
        availabilityLabel: '作業時のみ接続',
        gateway: { maker: 'Fortinet', model: 'FortiGate 40F', firmwareVersion: '7.2.8', daysSincePatch: 30 },
        confirmation: null,
        awaitingConfirmation: true,
      });
      // The same content again (a system re-syncing) is no new revision.
      const again = await s.putRm(vendor, w.contract.id, rmBody(w.product.id));
      expect(again.body).toMatchObject({ id: first.body.id, revision: 1 });
      expect(await stored(w.contract.id)).toBe(1);

      const second = await s.putRm(vendor, w.contract.id, rmBody(w.product.id, { availability: 'always_on' }));
      expect(second.body).toMatchObject({ revision: 2, current: true, availability: 'always_on' });
      expect(await countRows(t.db, 'remote_maintenance_disclosures WHERE contract_id = $1 AND is_current', [w.contract.id])).toBe(1);

      // Confirming a revision that is no longer current is refused, and nothing is recorded.
      const stale = await s.confirmRm(pharmacy, w.contract.id, w.product.id, 1);
      expect(expectProblem(stale, 409, 'revision_not_current')).toMatchObject({ currentRevision: 2 });
      expect(await countRows(t.db, 'remote_maintenance_disclosures WHERE contract_id = $1 AND confirmed_at IS NOT NULL', [w.contract.id])).toBe(0);

      const confirmed = await s.confirmRm(pharmacy, w.contract.id, w.product.id, 2);
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({
        revision: 2,
        awaitingConfirmation: false,
        confirmation: { confirmedBy: w.pharmacy.admin.id, confirmedByName: 'admin テスト', organization: { id: w.pharmacy.org.id, name: w.pharmacy.org.name } },
      });
      // Confirming again keeps the first confirmation.
      const twice = await s.confirmRm(pharmacy, w.contract.id, w.product.id, 2);
      expect(twice.body.confirmation.confirmedAt).toBe(confirmed.body.confirmation.confirmedAt);
      expect(await audits('remote_maintenance.confirm', confirmed.body.id)).toBe(1);
      // An unchanged re-send keeps the confirmation too.
      expect((await s.putRm(vendor, w.contract.id, rmBody(w.product.id, { availability: 'always_on' }))).body).toMatchObject({ revision: 2, awaitingConfirmation: false });

      const third = await s.putRm(vendor, w.contract.id, rmBody(w.product.id, { availability: 'always_on', devices: 'レセコンサーバ' }));
      expect(third.body).toMatchObject({ revision: 3, confirmation: null, awaitingConfirmation: true });

      const history = await s.getRm(pharmacy, w.contract.id, '?history=true');
      expect(history.status).toBe(200);
      const [entry] = history.body.products;
      expect(entry.current).toMatchObject({ revision: 3 });
      expect(entry.revisions.map((r: { revision: number; current: boolean }) => [r.revision, r.current])).toEqual([
        [3, true],
        [2, false],
        [1, false],
      ]);
      expect(entry.revisions[1].confirmation).toMatchObject({ organization: { id: w.pharmacy.org.id } });
      const plain = await s.getRm(pharmacy, w.contract.id);
      expect(plain.body.products[0].revisions).toBeUndefined();
    });

    it('tells the pharmacy about a disclosure and the author about a confirmation', async () => {
      const w = await s.world();
      const put = await s.putRm(w.vendor.admin.token, w.contract.id, rmBody(w.product.id));
      const [disclosed] = await t.db.query(`SELECT recipients, payload FROM domain_events WHERE type = 'remote_maintenance.disclosed' AND subject_id = $1`, [put.body.id]);
      expect(disclosed.recipients).toEqual([w.pharmacy.org.id]);
      expect(disclosed.payload).toMatchObject({ contractId: w.contract.id, productId: w.product.id, revision: 1 });
      // No document contents in what webhooks carry.
      expect(JSON.stringify(disclosed.payload)).not.toContain('Fortinet');
      expect(await countRows(t.db, `notifications WHERE user_id = $1 AND type = 'remote_maintenance.disclosed'`, [w.pharmacy.admin.id])).toBe(1);
      await s.confirmRm(w.pharmacy.admin.token, w.contract.id, w.product.id, 1);
      const [confirmed] = await t.db.query(`SELECT recipients FROM domain_events WHERE type = 'remote_maintenance.confirmed' AND subject_id = $1`, [put.body.id]);
      expect(confirmed.recipients).toEqual([w.vendor.org.id]);
      expect(await countRows(t.db, `notifications WHERE user_id = $1 AND type = 'remote_maintenance.confirmed'`, [w.vendor.admin.id])).toBe(1);
    });

    it('refuses to confirm what was never disclosed, or a product the contract does not cover', async () => {
      const w = await s.world();
      expectProblem(await s.confirmRm(w.pharmacy.admin.token, w.contract.id, w.product.id, 1), 404);
      expect(invalidFields(await s.confirmRm(w.pharmacy.admin.token, w.contract.id, '00000000-0000-4000-8000-000000000000', 1))).toEqual(['productId']);
      expect(invalidFields(await t.http.post(`/v1/contracts/${w.contract.id}/remote-maintenance/confirm`).set(bearer(w.pharmacy.admin.token)).send({ productId: w.product.id, revision: 0 }))).toEqual(['revision']);
    });
  });

  describe('risk flags', () => {
    let w: PharmacyWorld;
    beforeAll(async () => {
      w = await s.world();
    });
    const risksOf = async (overrides: Record<string, unknown>) => {
      const response = await s.putRm(w.vendor.admin.token, w.contract.id, rmBody(w.product.id, overrides));
      expect(response.status).toBe(200);
      return response.body as { risks: { code: string; label: string; detail: string }[]; riskLevel: string; riskLevelLabel: string };
    };
    const gateway = (lastPatchedOn: string) => ({ maker: 'Fortinet', model: 'FortiGate 40F', firmwareVersion: '6.0.4', lastPatchedOn });

    it('flags nothing on a patched, restricted, 2FA, per-customer VPN', async () => {
      expect(await risksOf({})).toMatchObject({ risks: [], riskLevel: 'none', riskLevelLabel: 'なし' });
    });

    it('flags a gateway firmware unpatched for more than 180 days', async () => {
      const old = await risksOf({ gateway: gateway(daysFromToday(-181)) });
      expect(old.riskLevel).toBe('high');
      expect(old.risks).toEqual([expect.objectContaining({ code: 'gateway_firmware_stale', label: expect.stringContaining('180日'), detail: expect.stringContaining('181日経過') })]);
      expect((await risksOf({ gateway: gateway(daysFromToday(-180)) })).risks).toEqual([]);
    });

    it('flags no two-factor authentication and shared credentials', async () => {
      const result = await risksOf({ twoFactor: false, uniqueCredentials: false });
      expect(result.risks.map((r) => r.code)).toEqual(['no_two_factor', 'shared_credentials']);
      expect(result.risks[0].label).toBe('二要素認証が設定されていません');
      expect(result).toMatchObject({ riskLevel: 'high', riskLevelLabel: '高' });
    });

    it('flags remote desktop over the internet, no source restriction and no session log, each with its weight', async () => {
      expect((await risksOf({ connectionMethod: 'remote_desktop_internet' })).risks.map((r) => r.code)).toEqual(['remote_desktop_internet']);
      expect(await risksOf({ sourceRestricted: false })).toMatchObject({ riskLevel: 'medium', risks: [{ code: 'no_source_restriction' }] });
      expect(await risksOf({ sessionLogging: false })).toMatchObject({ riskLevel: 'low', risks: [{ code: 'no_session_logging' }] });
    });
  });

  describe('audit: every read and every write leaves a row', () => {
    it('records each GET of the vendor, the pharmacy and its chain, with what was read', async () => {
      const chain = await f.tenant('chain');
      const w = await s.world({ chainId: chain.org.id });
      const put = await s.putRm(w.vendor.admin.token, w.contract.id, rmBody(w.product.id));
      expect(await audits('remote_maintenance.disclose', put.body.id)).toBe(1);
      const reads = () => audits('remote_maintenance.read', w.contract.id);
      for (const token of [w.pharmacy.admin.token, w.vendor.admin.token, chain.admin.token, w.pharmacy.admin.token]) {
        const before = await reads();
        expect((await s.getRm(token, w.contract.id)).status).toBe(200);
        expect(await reads()).toBe(before + 1);
      }
      await s.getRm(w.pharmacy.admin.token, w.contract.id, '?history=true');
      expect(await reads()).toBe(5);
      const [row] = await t.db.query(
        `SELECT organization_id, actor_id, details FROM audit_events WHERE action = 'remote_maintenance.read' AND target_id = $1 ORDER BY id DESC LIMIT 1`,
        [w.contract.id],
      );
      expect(row).toMatchObject({ organization_id: w.pharmacy.org.id, actor_id: w.pharmacy.admin.id, details: { history: true, disclosures: [{ id: put.body.id, revision: 1 }] } });
      // A refused read reads nothing.
      const stranger = await s.p.pharmacy();
      expectProblem(await s.getRm(stranger.admin.token, w.contract.id), 404);
      expect(await reads()).toBe(5);
    });
  });

  describe('access matrix', () => {
    let w: PharmacyWorld;
    let agent: Awaited<ReturnType<PharmacySetup['p']['vendor']>>;
    let chain: Awaited<ReturnType<Factory['tenant']>>;
    beforeAll(async () => {
      chain = await f.tenant('chain');
      agent = await s.p.vendor();
      w = await s.world({ chainId: chain.org.id, agentId: agent.org.id });
    });

    it('lets the agent disclose what it maintains; both parties and the chain read it', async () => {
      const put = await s.putRm(agent.admin.token, w.contract.id, rmBody(w.product.id));
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ author: { id: agent.org.id, name: agent.org.name }, authorRole: 'agent' });
      for (const token of [w.vendor.admin.token, agent.admin.token, w.pharmacy.admin.token, chain.admin.token]) {
        const read = await s.getRm(token, w.contract.id);
        expect(read.status).toBe(200);
        expect(read.body).toMatchObject({ contractId: w.contract.id, vendor: { id: w.vendor.org.id }, agent: { id: agent.org.id }, products: [{ product: { id: w.product.id }, current: { authorRole: 'agent' } }] });
      }
      // The chain confirms for its store; the agent hears of it.
      const confirmed = await s.confirmRm(chain.admin.token, w.contract.id, w.product.id, put.body.revision as number);
      expect(confirmed.body.confirmation).toMatchObject({ organization: { id: chain.org.id } });
      const [event] = await t.db.query(`SELECT recipients FROM domain_events WHERE type = 'remote_maintenance.confirmed' AND subject_id = $1`, [put.body.id]);
      expect(event.recipients).toEqual([agent.org.id]);
    });

    it('answers 404 to another pharmacy, another vendor, an unrelated chain, the agent of another contract and the operator', async () => {
      const otherPharmacy = await s.p.pharmacy();
      const otherVendor = await s.p.vendor();
      const otherChain = await f.tenant('chain');
      const otherAgent = await s.p.vendor();
      // The same vendor and product, another customer, another agent.
      await s.p.contract(w.vendor.admin, await s.p.pharmacy(), [w.product.id], { agentId: otherAgent.org.id });
      const operator = await f.operator();
      const before = await stored(w.contract.id);
      for (const token of [otherPharmacy.admin.token, otherVendor.admin.token, otherChain.admin.token, otherAgent.admin.token, operator]) {
        expectProblem(await s.getRm(token, w.contract.id), 404);
        expectProblem(await s.putRm(token, w.contract.id, rmBody(w.product.id)), 404);
        expectProblem(await s.confirmRm(token, w.contract.id, w.product.id, 1), 404);
      }
      expect(await stored(w.contract.id)).toBe(before);
      expect(await countRows(t.db, `audit_events WHERE action = 'remote_maintenance.read' AND target_id = $1 AND organization_id = ANY($2::uuid[])`, [
        w.contract.id,
        [otherPharmacy.org.id, otherVendor.org.id, otherChain.org.id, otherAgent.org.id],
      ])).toBe(0);
    });

    it('keeps each side to its part: the pharmacy does not disclose, the maintainer does not confirm', async () => {
      expectProblem(await s.putRm(w.pharmacy.admin.token, w.contract.id, rmBody(w.product.id)), 403, 'maintainer_required');
      expectProblem(await s.putRm(chain.admin.token, w.contract.id, rmBody(w.product.id)), 403, 'maintainer_required');
      expectProblem(await s.confirmRm(w.vendor.admin.token, w.contract.id, w.product.id, 1), 403, 'customer_required');
      expectProblem(await s.confirmRm(agent.admin.token, w.contract.id, w.product.id, 1), 403, 'customer_required');
    });

    it('lets viewers read but not write', async () => {
      const vendorViewer = await f.user(w.vendor.org.id, 'viewer');
      const pharmacyViewer = await f.user(w.pharmacy.org.id, 'viewer');
      const member = await f.user(w.vendor.org.id, 'member');
      expectProblem(await s.putRm(vendorViewer.token, w.contract.id, rmBody(w.product.id)), 403, 'read_only_role');
      expectProblem(await s.confirmRm(pharmacyViewer.token, w.contract.id, w.product.id, 1), 403, 'read_only_role');
      expect((await s.getRm(pharmacyViewer.token, w.contract.id)).status).toBe(200);
      expect((await s.putRm(member.token, w.contract.id, rmBody(w.product.id, { notes: 'member' }))).status).toBe(200);
    });

    it('lets API clients write with the remote-maintenance:write scope only, and read without one', async () => {
      const withScope = await s.p.clientToken(w.vendor.admin, ['remote-maintenance:write']);
      const without = await s.p.clientToken(w.vendor.admin, ['disclosures:write']);
      const before = await stored(w.contract.id);
      expectProblem(await s.putRm(without, w.contract.id, rmBody(w.product.id, { notes: 'client' })), 403, 'insufficient_scope');
      expect(await stored(w.contract.id)).toBe(before);
      const written = await s.putRm(withScope, w.contract.id, rmBody(w.product.id, { notes: 'client' }));
      expect(written.status).toBe(200);
      expect(written.body.revision).toBe(before + 1);
      expect((await s.getRm(without, w.contract.id)).status).toBe(200);
      const pharmacyClient = await s.p.clientToken(w.pharmacy.admin, ['remote-maintenance:write']);
      const confirmed = await s.confirmRm(pharmacyClient, w.contract.id, w.product.id, written.body.revision as number);
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.confirmation).toMatchObject({ organization: { id: w.pharmacy.org.id }, confirmedByName: 'レセコン連携' });
    });
  });
});
