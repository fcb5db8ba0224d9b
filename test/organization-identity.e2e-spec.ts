import { randomUUID } from 'node:crypto';
import { countRows, expectProblem, invalidFields, sqlError } from './support/assertions';
import { bearer, Factory, TestUser } from './support/factories';
import { corporateNumber } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

interface Change {
  id: string;
  organizationId: string;
  status: string;
  requestedName: string;
  requestedCorporateNumber: string | null;
  lookalikes: { id: string; name: string; corporateNumber: string | null }[];
}

/**
 * Issue 13, finding 8: a vendor's name and 法人番号 are what pharmacies trust, so a vendor changes
 * them only with the operator's approval; names are stored as people read them; a 法人番号 belongs
 * to one vendor; a proposal by 法人番号 reaches that vendor and no other.
 */
describe('vendor identity: names and 法人番号', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  const patch = (user: TestUser | string, id: string, body: Record<string, unknown>) =>
    t.http.patch(`/v1/organizations/${id}`).set(bearer(typeof user === 'string' ? user : user.token)).send(body);
  const stored = async (id: string) => (await t.db.query('SELECT name, corporate_number FROM organizations WHERE id = $1', [id]))[0] as { name: string; corporate_number: string | null };
  const changesOf = (id: string) => countRows(t.db, 'organization_identity_changes WHERE organization_id = $1', [id]);
  const auditOf = async (id: string) => {
    const events: { action: string }[] = await t.db.query('SELECT action FROM audit_events WHERE organization_id = $1 ORDER BY chain_seq', [id]);
    return events.map((e) => e.action);
  };
  const pending = async (organizationId: string): Promise<Change> => {
    const operator = await f.operator();
    const items: Change[] = [];
    for (let cursor: string | null | undefined; ; ) {
      const page = (await t.http.get(`/v1/organization-identity-changes?limit=100${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(operator)).expect(200)).body;
      items.push(...(page.items as Change[]));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    const found = items.find((c) => c.organizationId === organizationId);
    if (!found) throw new Error(`no pending change for ${organizationId}`);
    return found;
  };
  const uniqueVendorName = () => `さくらメディカルシステム株式会社 ${randomUUID().slice(0, 6)}`;

  it("turns a vendor admin's rename and 法人番号 into a request: nothing changes yet, the vendor sees it, its chain records it", async () => {
    const { org, admin } = await f.tenant('vendor');
    const number = corporateNumber();
    const response = await patch(admin, org.id, { name: '新しい名前', corporateNumber: number, autoDisableInactiveUsers: true }).expect(200);
    // The security setting applies at once; the identity waits for the operator.
    expect(response.body).toMatchObject({ id: org.id, name: org.name, corporateNumber: null, autoDisableInactiveUsers: true });
    expect(response.body.identityChange).toEqual({
      id: expect.any(String),
      status: 'pending',
      statusLabel: '承認待ち',
      requestedName: '新しい名前',
      requestedCorporateNumber: number,
      previousName: org.name,
      previousCorporateNumber: null,
      requestedAt: expect.any(String),
      decidedAt: null,
      reason: null,
    });
    expect(await stored(org.id)).toEqual({ name: org.name, corporate_number: null });
    expect((await t.http.get(`/v1/organizations/${org.id}`).set(bearer(admin.token)).expect(200)).body.identityChange).toMatchObject({ status: 'pending', requestedName: '新しい名前' });
    expect(await auditOf(org.id)).toContain('organization.identity_change_requested');

    // A new request replaces the pending one; asking for the current values withdraws it.
    await patch(admin, org.id, { name: 'もう一つの名前' }).expect(200);
    expect(await countRows(t.db, `organization_identity_changes WHERE organization_id = $1 AND status = 'pending'`, [org.id])).toBe(1);
    const withdrawn = (await patch(admin, org.id, { name: org.name, corporateNumber: null }).expect(200)).body;
    expect(withdrawn.identityChange).toMatchObject({ status: 'withdrawn', statusLabel: '取り下げ' });
    expect(await countRows(t.db, `organization_identity_changes WHERE organization_id = $1 AND status = 'pending'`, [org.id])).toBe(0);
    expect(await auditOf(org.id)).toContain('organization.identity_change_withdrawn');
    expect(await stored(org.id)).toEqual({ name: org.name, corporate_number: null });
  });

  it.each([
    ['zero-width spaces', (name: string) => name.replace('メディカル', 'メ\u200Bディ\u200Dカル\uFEFF')],
    ['bidi controls', (name: string) => `\u202E${name}\u202C\u2066`],
    ['full-width letters and ideographic spaces', (name: string) => name.replace(/[A-Za-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(' ', '\u3000\u3000')],
  ])("stores another vendor's name disguised with %s as that very name, shows the operator the look-alike, and a rejection leaves the name alone", async (_label, disguise) => {
    const victim = await f.tenant('vendor', { name: uniqueVendorName(), corporateNumber: corporateNumber() });
    const impostor = await f.tenant('vendor');
    const disguised = disguise(victim.org.name);
    expect(disguised).not.toBe(victim.org.name);
    const response = await patch(impostor.admin, impostor.org.id, { name: disguised }).expect(200);
    expect(response.body.identityChange.requestedName).toBe(victim.org.name);
    expect(response.body.name).toBe(impostor.org.name);

    const change = await pending(impostor.org.id);
    expect(change.lookalikes).toEqual([{ id: victim.org.id, name: victim.org.name, corporateNumber: expect.any(String) }]);
    const rejected = (await t.http.post(`/v1/organization-identity-changes/${change.id}/reject`).set(bearer(await f.operator())).send({ reason: '他社名と同一です' }).expect(200)).body;
    expect(rejected).toMatchObject({ status: 'rejected', reason: '他社名と同一です', decidedAt: expect.any(String) });
    expect(await stored(impostor.org.id)).toMatchObject({ name: impostor.org.name });
    expect((await t.http.get(`/v1/organizations/${impostor.org.id}`).set(bearer(impostor.admin.token)).expect(200)).body.identityChange).toMatchObject({
      status: 'rejected',
      statusLabel: '却下',
      reason: '他社名と同一です',
    });
    expect(await auditOf(impostor.org.id)).toEqual(expect.arrayContaining(['organization.identity_change_requested', 'organization.identity_change_rejected']));
  });

  it("refuses another vendor's 法人番号 with 409, from its admin and from the operator, writing nothing", async () => {
    const number = corporateNumber();
    const holder = await f.tenant('vendor', { corporateNumber: number });
    const other = await f.tenant('vendor');
    const before = await auditOf(other.org.id);
    expectProblem(await patch(other.admin, other.org.id, { corporateNumber: number }), 409, 'corporate_number_taken');
    expectProblem(await patch(await f.operator(), other.org.id, { corporateNumber: number }), 409, 'corporate_number_taken');
    expect(await changesOf(other.org.id)).toBe(0);
    expect(await auditOf(other.org.id)).toEqual(before);
    expect(await stored(other.org.id)).toMatchObject({ corporate_number: null });

    const name = `重複 ${randomUUID().slice(0, 6)}`;
    expectProblem(await t.http.post('/v1/organizations').set(bearer(await f.operator())).send({ kind: 'vendor', name, corporateNumber: number }), 409, 'corporate_number_taken');
    expect(await countRows(t.db, 'organizations WHERE name = $1', [name])).toBe(0);
    // Pharmacies of one corporation share its 法人番号: only vendors' are unique.
    await f.organization('pharmacy', { corporateNumber: number });
    await f.organization('pharmacy', { corporateNumber: number });
    expect(await stored(holder.org.id)).toMatchObject({ corporate_number: number });
  });

  it("applies an approved change, records it in the vendor's chain, tells its admins; a proposal by that 法人番号 then reaches this vendor", async () => {
    const { org, admin } = await f.tenant('vendor');
    const number = corporateNumber();
    const name = uniqueVendorName();
    await patch(admin, org.id, { name, corporateNumber: number }).expect(200);
    const pharmacy = await f.tenant('pharmacy');
    // Until approved, no one can propose to the vendor by the number it asked for.
    expectProblem(
      await t.http.post('/v1/contracts').set(bearer(pharmacy.admin.token)).send({ kind: 'maintenance', vendorCorporateNumber: number, startsOn: '2025-04-01' }),
      422,
      'vendor_not_found',
    );

    const change = await pending(org.id);
    const operator = await f.operator();
    const approved = (await t.http.post(`/v1/organization-identity-changes/${change.id}/approve`).set(bearer(operator)).expect(200)).body;
    expect(approved).toMatchObject({ id: change.id, organizationId: org.id, status: 'approved', statusLabel: '承認済み', requestedName: name, requestedCorporateNumber: number });
    expect(await stored(org.id)).toEqual({ name, corporate_number: number });
    expectProblem(await t.http.post(`/v1/organization-identity-changes/${change.id}/approve`).set(bearer(operator)), 409, 'identity_change_not_pending');
    expectProblem(await t.http.post(`/v1/organization-identity-changes/${change.id}/reject`).set(bearer(operator)).send({}), 409, 'identity_change_not_pending');

    const [event] = await t.db.query(`SELECT actor_id, details FROM audit_events WHERE organization_id = $1 AND action = 'organization.identity_change_approved'`, [org.id]);
    expect(event.details).toMatchObject({ requestedName: name, requestedCorporateNumber: number });
    const notes = (await t.http.get('/v1/notifications').set(bearer(admin.token)).expect(200)).body.items as { title: string }[];
    expect(notes.map((n) => n.title)).toContain('組織名・法人番号の変更が承認されました');

    const proposal = (await t.http.post('/v1/contracts').set(bearer(pharmacy.admin.token)).send({ kind: 'maintenance', vendorCorporateNumber: number, startsOn: '2025-04-01' }).expect(201)).body;
    expect(proposal.vendor).toEqual({ id: org.id, name });
  });

  it('leaves the review to the operator: others get 403, an unknown request 404, and nothing is decided', async () => {
    const { org, admin } = await f.tenant('vendor');
    await patch(admin, org.id, { name: uniqueVendorName() }).expect(200);
    const change = await pending(org.id);
    const pharmacy = await f.tenant('pharmacy');
    for (const token of [admin.token, pharmacy.admin.token]) {
      expectProblem(await t.http.get('/v1/organization-identity-changes').set(bearer(token)), 403, 'operator_required');
      expectProblem(await t.http.post(`/v1/organization-identity-changes/${change.id}/approve`).set(bearer(token)), 403, 'operator_required');
      expectProblem(await t.http.post(`/v1/organization-identity-changes/${change.id}/reject`).set(bearer(token)).send({}), 403, 'operator_required');
    }
    expectProblem(await t.http.post(`/v1/organization-identity-changes/${randomUUID()}/approve`).set(bearer(await f.operator())), 404);
    expect(invalidFields(await t.http.post(`/v1/organization-identity-changes/${change.id}/reject`).set(bearer(await f.operator())).send({ reason: 'x'.repeat(501) }))).toEqual(['reason']);
    expect(await stored(org.id)).toMatchObject({ name: org.name });
    expect((await pending(org.id)).status).toBe('pending');
  });

  it('normalises names on every write (the operator creating, a pharmacy renaming at once) and refuses one of invisible characters only', async () => {
    const operator = await f.operator();
    const created = (await t.http.post('/v1/organizations').set(bearer(operator)).send({ kind: 'vendor', name: ' \u202Eｶｲｼﾞ\u200B システム\u202C ' }).expect(201)).body;
    expect(created.name).toBe('カイジ システム');
    const pharmacy = await f.tenant('pharmacy');
    const renamed = (await patch(pharmacy.admin, pharmacy.org.id, { name: 'さくら\u200D薬局\u2067　本店' }).expect(200)).body;
    expect(renamed).toMatchObject({ name: 'さくら薬局 本店', identityChange: null });
    expect(await stored(pharmacy.org.id)).toMatchObject({ name: 'さくら薬局 本店' });
    expect(invalidFields(await patch(pharmacy.admin, pharmacy.org.id, { name: '\u200B\u202E\uFEFF' }))).toEqual(['name']);
    // The database itself refuses zero-width and bidi characters, whatever path writes.
    const error = await sqlError(t.db, `UPDATE organizations SET name = 'x' || chr(8238) || 'y' WHERE id = $1`, [pharmacy.org.id]);
    expect(error?.message).toMatch(/organizations_name_visible/);
  });
});
