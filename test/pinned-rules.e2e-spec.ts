import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_DIRECTORY } from '../src/forms/form-catalog.loader';
import { HostResolver, ResolvedAddress } from '../src/webhooks/webhook-targets';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { R7_FORM, R7_ITEMS } from './support/checklist-setup';
import { bearer, Factory, TestUser } from './support/factories';
import { daysFromToday, PharmacySetup, rmBody } from './support/pharmacy-setup';
import { Publishing } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';
import { fenceOutboundConnections } from './support/webhook-receiver';

/**
 * Issue 13, "tests that cannot fail": rules a mutation test (Stryker) found held only by luck of
 * the code, each pinned here through HTTP so that breaking the rule fails a test.
 */
describe('pinned rules', () => {
  let t: TestApp;
  let f: Factory;
  let s: PharmacySetup;
  let fence: ReturnType<typeof fenceOutboundConnections>;
  beforeAll(async () => {
    fence = fenceOutboundConnections();
    t = await startTestApp();
    f = new Factory(t);
    s = new PharmacySetup(t, f);
  });
  afterAll(async () => {
    await t?.close();
    fence?.restore();
    expect(fence?.attempts ?? []).toEqual([]);
  });

  describe('remote maintenance (src/remote-maintenance)', () => {
    const rmRows = (contractId: string) => countRows(t.db, 'remote_maintenance_disclosures WHERE contract_id = $1', [contractId]);

    it.each(['twoFactor', 'sourceRestricted', 'sessionLogging', 'uniqueCredentials'])('refuses remote maintenance in use with %s: null, naming the field', async (field) => {
      const { vendor, product, contract } = await s.world();
      expect(invalidFields(await s.putRm(vendor.admin.token, contract.id, rmBody(product.id, { [field]: null })))).toEqual([field]);
      expect(await rmRows(contract.id)).toBe(0);
    });

    it('accepts a gateway patched today, and refuses month 13 and year 0 naming gateway.lastPatchedOn', async () => {
      const { vendor, product, contract } = await s.world();
      const patched = (lastPatchedOn: string) => rmBody(product.id, { gateway: { maker: 'Fortinet', model: 'FortiGate 40F', firmwareVersion: '7.2.8', lastPatchedOn } });
      for (const date of ['2025-13-01', '0000-01-01']) {
        const response = await s.putRm(vendor.admin.token, contract.id, patched(date));
        expect(invalidFields(response)).toEqual(['gateway.lastPatchedOn']);
        expect(response.body.errors[0].message).toBe('is not a real date');
      }
      expect(await rmRows(contract.id)).toBe(0);
      const today = await s.putRm(vendor.admin.token, contract.id, patched(daysFromToday(0)));
      expect(today.status).toBe(200);
      expect(today.body.gateway).toMatchObject({ lastPatchedOn: daysFromToday(0), daysSincePatch: 0 });
    });

    it('names the gateway device in the risk details', async () => {
      const { vendor, pharmacy, product, contract } = await s.world();
      const gateway = { maker: 'Yamaha', model: 'RTX1210', firmwareVersion: 'Rev.14.01.38', lastPatchedOn: daysFromToday(-200) };
      expect((await s.putRm(vendor.admin.token, contract.id, rmBody(product.id, { gateway }))).status).toBe(200);
      const read = await s.getRm(pharmacy.admin.token, contract.id);
      expect(read.status).toBe(200);
      expect(read.body.products[0].current.risks).toEqual([
        expect.objectContaining({ code: 'gateway_firmware_stale', detail: expect.stringContaining('Yamaha RTX1210 ファームウェア Rev.14.01.38: 最終更新日') }),
      ]);
    });
  });

  describe('webhook addresses (src/webhooks)', () => {
    let resolver: jest.SpyInstance;
    beforeAll(() => {
      // The only name asked; nothing is resolved for real and nothing is connected to.
      const names: Record<string, string[]> = { 'hooks.pharmacy.example': ['93.184.215.14'] };
      resolver = jest.spyOn(t.app.get(HostResolver), 'lookup').mockImplementation(async (host: string): Promise<ResolvedAddress[]> => {
        const addresses = names[host];
        if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
        return addresses.map((address) => ({ address, family: 4 as const }));
      });
    });
    afterAll(() => resolver.mockRestore());

    it.each([
      ['only a user name', 'https://kaiji@hooks.pharmacy.example/hook'],
      ['only a password', 'https://:s3cret@hooks.pharmacy.example/hook'],
    ])('refuses a URL with %s, naming url', async (_label, url) => {
      const { org, admin } = await f.tenant('pharmacy');
      const create = (target: string) => t.http.post('/v1/webhooks').set(bearer(admin.token)).send({ url: target, events: ['contract.proposed'] });
      const refused = await create(url);
      expect(invalidFields(refused)).toEqual(['url']);
      expect(refused.body.errors[0].message).toBe('must not contain credentials');
      expect(await countRows(t.db, 'webhook_subscriptions WHERE organization_id = $1', [org.id])).toBe(0);
      // The same address without the credentials is accepted: they alone were refused.
      expect((await create('https://hooks.pharmacy.example/hook')).status).toBe(201);
    });
  });

  describe('passwords (src/accounts/password-policy.ts)', () => {
    let admin: TestUser;
    beforeAll(async () => {
      admin = (await f.tenant('vendor')).admin;
    });
    const letters = (n: number) => Array.from(randomBytes(n), (byte) => 'bcdfghjkmnpqrstvwxz'[byte % 19]).join('');
    const createUser = (email: string, password: string) =>
      t.http.post(`/v1/organizations/${admin.organizationId}/users`).set(bearer(admin.token)).send({ email, displayName: '規則 確認', role: 'member', password });
    const refusal = async (email: string, password: string) => {
      const response = await createUser(email, password);
      expect(invalidFields(response)).toContain('password');
      expect(await countRows(t.db, 'users WHERE email = $1', [email])).toBe(0);
      return (response.body.errors as { message: string }[]).map((error) => error.message);
    };
    const accepted = async (email: string, password: string) => expect((await createUser(email, password)).status).toBe(201);
    const email = (local: string) => `${local}@${randomUUID().slice(0, 8)}.example.test`;
    const EMAIL_REFUSED = expect.arrayContaining(['must not contain your e-mail address']) as unknown as string[];

    it("refuses the e-mail's local part in other letter case, from 4 characters: 3 are accepted", async () => {
      const long = letters(10);
      expect(await refusal(email(long), `${long.toUpperCase()}#7xQ!v9`)).toEqual(EMAIL_REFUSED);
      await accepted(email(letters(10)), `${long.toUpperCase()}#7xQ!v9`);

      const four = letters(4);
      expect(await refusal(email(four), `Wq8#${four.toUpperCase()}-Lmv2!z`)).toEqual(EMAIL_REFUSED);
      const three = letters(3);
      await accepted(email(three), `Wq8#${three.toUpperCase()}-Lmv2!z`);
    });

    it('needs a mix below 13 characters (12 without one refused, 13 accepted) and takes at most 256', async () => {
      const thirteen = `K${letters(12)}`;
      expect(await refusal(email(letters(8)), thirteen.slice(0, 12))).toEqual(expect.arrayContaining([expect.stringContaining('must mix letters, digits and symbols')]));
      await accepted(email(letters(8)), thirteen);

      const mixed256 = `Aa1!${randomBytes(189).toString('base64')}`; // 4 + 252 characters
      expect(mixed256).toHaveLength(256);
      await accepted(email(letters(8)), mixed256);
      await refusal(email(letters(8)), `${mixed256}x`);
    });
  });

  /**
   * Form rules an operator registers, honoured by the checklist rules: versions of series of their
   * own in far 年度 no other suite asks for (never 2025–2030), removed afterwards. Their checklists
   * answer without 確認日 (confirmationDateRequired: false): a 確認日 of a far 年度 would lie in the future.
   */
  describe('form rules an operator registers (targetDateRequiredFor, targetDateWithinFiscalYear)', () => {
    const r7 = () => JSON.parse(readFileSync(join(CATALOG_DIRECTORY, `${R7_FORM}.json`), 'utf8')) as { rules: Record<string, unknown> } & Record<string, unknown>;
    const allYes = () => R7_ITEMS.map((itemId) => ({ itemId, answer: 'はい' }));
    const withNo = (extra: Record<string, string> = {}) => allYes().map((answer) => (answer.itemId === '2-⑤' ? { ...answer, answer: 'いいえ', ...extra } : answer));

    it('honours them on a vendor checklist of their 年度', async () => {
      const p = new Publishing(t, f);
      const operator = await f.operator();
      const { vendor, contract } = await p.setup();
      const suffix = randomUUID().slice(0, 8);
      const forms = [
        { fiscalYear: 2091, id: `test-pinned-no-target-${suffix}`, rules: { targetDateRequiredFor: [], confirmationDateRequired: false } },
        { fiscalYear: 2093, id: `test-pinned-any-target-${suffix}`, rules: { targetDateWithinFiscalYear: false, confirmationDateRequired: false } },
      ];
      const put = (fiscalYear: number, answers: unknown[]) => t.http.put(`/v1/contracts/${contract.id}/checklists/${fiscalYear}`).set(bearer(vendor.admin.token)).send({ answers });
      try {
        for (const form of forms) {
          const base = r7();
          const body = { ...base, id: form.id, series: `test/${form.id}`, fiscalYear: form.fiscalYear, versionLabel: 'テスト版', rules: { ...base.rules, ...form.rules } };
          expect((await t.http.post('/v1/forms').set(bearer(operator)).send(body)).status).toBe(201);
        }
        // 2091, targetDateRequiredFor: [] — an いいえ needs no 目標日, and takes none.
        const noTarget = await put(2091, withNo());
        expect(noTarget.status).toBe(200);
        expect(noTarget.body).toMatchObject({ formId: forms[0].id });
        const refusedTarget = await put(2091, withNo({ targetOn: '2091-12-31' }));
        expect(invalidFields(refusedTarget)).toEqual(['answers[5].targetOn']);

        // 2093, targetDateWithinFiscalYear: false — a 目標日 after the 年度 is accepted; the default rule still asks for one.
        expectProblem(await put(2093, withNo()), 400, 'validation_failed');
        const later = await put(2093, withNo({ targetOn: '2099-12-31' }));
        expect(later.status).toBe(200);
        expect(later.body).toMatchObject({ formId: forms[1].id });
      } finally {
        await t.db.query('DELETE FROM vendor_checklist_answers WHERE checklist_id IN (SELECT id FROM vendor_checklists WHERE contract_id = $1)', [contract.id]);
        await t.db.query('DELETE FROM vendor_checklists WHERE contract_id = $1', [contract.id]);
        await t.db.query('DELETE FROM forms WHERE id = ANY($1::text[])', [forms.map((form) => form.id)]);
      }
    });
  });
});
