import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactText, pdfText } from '../src/pdf/testing/poppler';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { FY } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { download, saved } from './support/inspection-pack-setup';
import { PharmacySetup, PharmacyWorld } from './support/pharmacy-setup';
import type { Tenant } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

const DESK = { contactName: 'サポートセンター 障害受付', phone: '0120-123-456', email: 'support@vendor.example', hours: '平日 9:00–18:00', outOfHoursPhone: '090-1111-2222', notes: '夜間は当番SEが折り返します' };
const REGIONAL = { contactName: '関西支店 保守課', phone: '06-1234-5678' };
const AGENT_DESK = { contactName: '代理店 リモート保守窓口', phone: '03-9876-5432', hours: '24時間' };
const own = (n: number) => Array.from({ length: n }, (_, i) => ({ role: i === 0 ? '管理薬剤師' : `担当 ${i}`, name: `薬局 太郎${i}`, phone: `03-0000-${String(i).padStart(4, '0')}`, email: `staff${i}@pharmacy.example` }));

/**
 * The 連絡体制図 (checklist item 3-①): a vendor (and an agent) publish their incident 連絡窓口 once
 * and override it per contract; the pharmacy keeps its own contacts and reads the chart with each
 * contact in effect (override, published, 未登録), as JSON and as a printable PDF; its chain reads
 * it; anyone else gets 404; bad input writes nothing.
 */
describe('contact chart (連絡体制図)', () => {
  let t: TestApp;
  let f: Factory;
  let s: PharmacySetup;
  let agent: Tenant;
  let w: PharmacyWorld;
  let chainAdminToken: string;
  let dir: string;

  const chart = async (token = w.pharmacy.admin.token) => {
    const response = await t.http.get('/v1/contact-chart').set(bearer(token));
    expect(response.status).toBe(200);
    return response.body as { missingCount: number; ownContacts: unknown[]; contracts: { contractId: string; contacts: { party: string; source: string; organizationName: string; contact: { contactName: string; phone: string } | null }[] }[] };
  };
  const contactsOf = async (contractId: string) => (await chart()).contracts.find((c) => c.contractId === contractId)?.contacts ?? [];

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    s = new PharmacySetup(t, f);
    const chain = await f.tenant('chain');
    chainAdminToken = chain.admin.token;
    agent = await s.p.vendor();
    const pharmacy = await s.p.pharmacy({ chainId: chain.org.id });
    w = await s.world({ pharmacy, agentId: agent.org.id });
    dir = mkdtempSync(join(tmpdir(), 'kaiji-contact-chart-'));
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('shows 未登録 until the vendor and the agent publish, then their published 窓口', async () => {
    const before = await contactsOf(w.contract.id);
    expect(before.map((c) => [c.party, c.source])).toEqual([
      ['vendor', 'missing'],
      ['agent', 'missing'],
    ]);
    expect((await chart()).missingCount).toBe(2);

    const published = await t.http.put('/v1/incident-contact').set(bearer(w.vendor.admin.token)).send(DESK);
    expect(published.status).toBe(200);
    expect(published.body.contact).toMatchObject(DESK);
    expect((await t.http.get('/v1/incident-contact').set(bearer(w.vendor.admin.token))).body.contact).toMatchObject(DESK);
    expect((await t.http.put('/v1/incident-contact').set(bearer(agent.admin.token)).send(AGENT_DESK)).status).toBe(200);

    const after = await contactsOf(w.contract.id);
    expect(after[0]).toMatchObject({ party: 'vendor', source: 'published', contact: { contactName: DESK.contactName, phone: DESK.phone } });
    expect(after[1]).toMatchObject({ party: 'agent', source: 'published', organizationName: agent.org.name, contact: { contactName: AGENT_DESK.contactName } });
  });

  it('applies a per-contract override of the vendor or the agent, and the published 窓口 again once removed', async () => {
    await t.http.put('/v1/incident-contact').set(bearer(w.vendor.admin.token)).send(DESK);
    const overridden = await t.http.put(`/v1/contracts/${w.contract.id}/incident-contact`).set(bearer(w.vendor.admin.token)).send(REGIONAL);
    expect(overridden.status).toBe(200);
    expect(overridden.body).toMatchObject({ party: 'vendor', override: REGIONAL, published: { contactName: DESK.contactName } });
    expect((await contactsOf(w.contract.id))[0]).toMatchObject({ source: 'contract', contact: REGIONAL });

    const agentOverride = await t.http.put(`/v1/contracts/${w.contract.id}/incident-contact`).set(bearer(agent.admin.token)).send({ contactName: '代理店 本町担当', phone: '03-5555-0000' });
    expect(agentOverride.body.party).toBe('agent');
    expect((await contactsOf(w.contract.id))[1]).toMatchObject({ source: 'contract', contact: { contactName: '代理店 本町担当' } });

    const removed = await t.http.delete(`/v1/contracts/${w.contract.id}/incident-contact`).set(bearer(w.vendor.admin.token));
    expect(removed.status).toBe(200);
    expect(removed.body.override).toBeNull();
    expect((await contactsOf(w.contract.id))[0]).toMatchObject({ source: 'published', contact: { contactName: DESK.contactName } });
  });

  it('lets an API client with contracts:write publish, and refuses one without it', async () => {
    const writer = await s.p.clientToken(w.vendor.admin, ['contracts:write']);
    expect((await t.http.put('/v1/incident-contact').set(bearer(writer)).send(DESK)).status).toBe(200);
    const reader = await s.p.clientToken(w.vendor.admin, ['products:write']);
    expectProblem(await t.http.put('/v1/incident-contact').set(bearer(reader)).send(DESK), 403, 'insufficient_scope');
    expect((await t.http.get('/v1/incident-contact').set(bearer(reader))).status).toBe(200);
  });

  it('refuses bad vendor input with 400 problem+json and writes nothing', async () => {
    const vendor = await s.p.vendor();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...DESK, contactName: '' }, 'contactName'],
      [{ ...DESK, phone: 'call me' }, 'phone'],
      [{ ...DESK, email: 'not-an-address' }, 'email'],
      [{ ...DESK, notes: 'あ'.repeat(1001) }, 'notes'],
      [{ ...DESK, hours: 'x'.repeat(201) }, 'hours'],
      [{ ...DESK, outOfHoursPhone: '1'.repeat(41) }, 'outOfHoursPhone'],
    ];
    for (const [body, field] of cases) {
      const response = await t.http.put('/v1/incident-contact').set(bearer(vendor.admin.token)).send(body);
      expectProblem(response, 400, 'validation_failed');
      expect(invalidFields(response)).toContain(field);
    }
    expect(await countRows(t.db, 'incident_contacts WHERE organization_id = $1', [vendor.org.id])).toBe(0);
    expectProblem(await t.http.put(`/v1/contracts/${w.contract.id}/incident-contact`).set(bearer(w.vendor.admin.token)).send({ phone: '03' }), 400, 'validation_failed');
    expect(await countRows(t.db, 'contract_incident_contacts WHERE contract_id = $1 AND organization_id = $2', [w.contract.id, w.vendor.org.id])).toBe(0);
  });

  it('keeps up to 30 own contacts in order, refuses a 31st and bad rows without writing', async () => {
    const path = '/v1/contact-chart/own-contacts';
    const saved30 = await t.http.put(path).set(bearer(w.pharmacy.admin.token)).send({ contacts: own(30) });
    expect(saved30.status).toBe(200);
    expect(saved30.body.contacts).toHaveLength(30);
    expect(saved30.body.contacts[0]).toMatchObject({ role: '管理薬剤師', name: '薬局 太郎0' });
    expect(saved30.body.contacts[29].name).toBe('薬局 太郎29');

    expectProblem(await t.http.put(path).set(bearer(w.pharmacy.admin.token)).send({ contacts: own(31) }), 400, 'validation_failed');
    const badEmail = await t.http.put(path).set(bearer(w.pharmacy.admin.token)).send({ contacts: [{ role: '開設者', name: '佐藤', email: 'nope' }] });
    expectProblem(badEmail, 400, 'validation_failed');
    expect(invalidFields(badEmail)).toContain('contacts.0.email');
    expectProblem(await t.http.put(path).set(bearer(w.pharmacy.admin.token)).send({ contacts: [{ role: '', name: '佐藤' }] }), 400, 'validation_failed');
    expect(await countRows(t.db, 'pharmacy_contacts WHERE organization_id = $1', [w.pharmacy.org.id])).toBe(30);

    const replaced = await t.http.put(path).set(bearer(w.pharmacy.admin.token)).send({ contacts: [{ role: '医療情報システム安全管理責任者', name: '山田 花子', phone: '03-1111-2222' }] });
    expect(replaced.body.contacts).toEqual([{ role: '医療情報システム安全管理責任者', name: '山田 花子', phone: '03-1111-2222', email: null, notes: null }]);
    expect((await t.http.get(path).set(bearer(w.pharmacy.admin.token))).body.contacts).toHaveLength(1);
    expect((await chart()).ownContacts).toHaveLength(1);
  });

  it('prints the chart as a PDF: own contacts, the vendor 窓口 in effect and 未登録', async () => {
    await t.http.put('/v1/contact-chart/own-contacts').set(bearer(w.pharmacy.admin.token)).send({ contacts: [{ role: '管理薬剤師', name: '山田 花子', phone: '03-1111-2222' }] });
    await t.http.put('/v1/incident-contact').set(bearer(w.vendor.admin.token)).send(DESK);
    const unpublished = await s.world({ pharmacy: w.pharmacy });
    const response = await download(t, w.pharmacy.admin.token, '/v1/contact-chart/pdf');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['cache-control']).toBe('private, no-store');
    const text = compactText(pdfText(saved(dir, 'chart.pdf', response.body as Buffer)));
    for (const expected of ['連絡体制図', '山田花子', '03-1111-2222', compactText(DESK.contactName), DESK.phone, DESK.outOfHoursPhone, compactText(unpublished.vendor.org.name), '未登録', compactText(agent.org.name), '代理店']) {
      expect(text).toContain(expected);
    }
    const chainPdf = await download(t, chainAdminToken, `/v1/pharmacies/${w.pharmacy.org.id}/contact-chart/pdf`);
    expect(chainPdf.status).toBe(200);
  });

  it('puts the chart in the inspection pack', async () => {
    await t.http.put('/v1/incident-contact').set(bearer(w.vendor.admin.token)).send(DESK);
    const response = await download(t, w.pharmacy.admin.token, `/v1/pharmacies/${w.pharmacy.org.id}/inspection-pack/${FY}`);
    expect(response.status).toBe(200);
    const text = compactText(pdfText(saved(dir, 'pack.pdf', response.body as Buffer)));
    const section = text.slice(text.lastIndexOf('6連絡体制図'));
    expect(section).toContain('院内の連絡先');
    expect(section).toContain(compactText(DESK.contactName));
  });

  it('is read by the pharmacy and its chain only; another tenant gets 404; roles and kinds are kept', async () => {
    expect((await t.http.get(`/v1/pharmacies/${w.pharmacy.org.id}/contact-chart`).set(bearer(chainAdminToken))).status).toBe(200);
    expectProblem(await t.http.get('/v1/contact-chart').set(bearer(chainAdminToken)), 403, 'pharmacy_required');

    const other = await s.p.pharmacy();
    expectProblem(await t.http.get(`/v1/pharmacies/${w.pharmacy.org.id}/contact-chart`).set(bearer(other.admin.token)), 404, 'not_found');
    expectProblem(await t.http.get(`/v1/pharmacies/${w.pharmacy.org.id}/contact-chart/pdf`).set(bearer(other.admin.token)), 404, 'not_found');
    expectProblem(await t.http.get(`/v1/pharmacies/${w.pharmacy.org.id}/contact-chart`).set(bearer(w.vendor.admin.token)), 404, 'not_found');

    const otherVendor = await s.p.vendor();
    expectProblem(await t.http.put(`/v1/contracts/${w.contract.id}/incident-contact`).set(bearer(otherVendor.admin.token)).send(REGIONAL), 404, 'not_found');
    expectProblem(await t.http.get(`/v1/contracts/${w.contract.id}/incident-contact`).set(bearer(otherVendor.admin.token)), 404, 'not_found');
    expectProblem(await t.http.delete(`/v1/contracts/${w.contract.id}/incident-contact`).set(bearer(otherVendor.admin.token)), 404, 'not_found');
    expectProblem(await t.http.put(`/v1/contracts/${w.contract.id}/incident-contact`).set(bearer(w.pharmacy.admin.token)).send(REGIONAL), 403, 'vendor_required');
    expectProblem(await t.http.put('/v1/incident-contact').set(bearer(w.pharmacy.admin.token)).send(DESK), 403, 'vendor_required');

    const viewer = await f.user(w.vendor.org.id, 'viewer');
    expectProblem(await t.http.put('/v1/incident-contact').set(bearer(viewer.token)).send(DESK), 403, 'read_only_role');
    expect((await t.http.get('/v1/incident-contact').set(bearer(viewer.token))).status).toBe(200);
    const member = await f.user(w.vendor.org.id, 'member');
    expect((await t.http.put('/v1/incident-contact').set(bearer(member.token)).send(DESK)).status).toBe(200);
    const pharmacyViewer = await f.user(w.pharmacy.org.id, 'viewer');
    expectProblem(await t.http.put('/v1/contact-chart/own-contacts').set(bearer(pharmacyViewer.token)).send({ contacts: [] }), 403, 'read_only_role');
    expect((await t.http.get('/v1/contact-chart').set(bearer(pharmacyViewer.token))).status).toBe(200);
  });
});
