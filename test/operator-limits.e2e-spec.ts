import { countRows, expectProblem, invalidFields } from './support/assertions';
import { bearer, Factory, STRONG_PASSWORD, TestOrganization, uniqueEmail } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * DESIGN.md: the operator creates organizations and the first admin of one that has none; never
 * anything else inside a tenant. To it a tenant's account and security routes do not exist (404);
 * what it still does to a tenant is in the tenant's audit chain and told to the tenant's admins.
 */
describe('the operator inside a tenant', () => {
  let t: TestApp;
  let f: Factory;
  let operator: string;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    operator = await f.operator();
  });
  afterAll(() => t.close());

  const usersOf = (org: TestOrganization) => `/v1/organizations/${org.id}/users`;
  const firstAdmin = (org: TestOrganization, role = 'admin') =>
    t.http.post(usersOf(org)).set(bearer(operator)).send({ email: uniqueEmail('first'), displayName: '最初の管理者', role, password: STRONG_PASSWORD });

  /** Everything of the tenant the operator might have changed. */
  const tenantState = async (org: TestOrganization) => ({
    organization: (await t.db.query('SELECT name, require_two_factor, auto_disable_inactive_users FROM organizations WHERE id = $1', [org.id]))[0],
    users: await t.db.query('SELECT id, role, disabled_at, password_hash, totp_enabled_at, password_change_required FROM users WHERE organization_id = $1 ORDER BY id', [org.id]),
    liveSessions: await countRows(t.db, 'sessions s JOIN users u ON u.id = s.user_id WHERE u.organization_id = $1 AND s.revoked_at IS NULL', [org.id]),
    audit: await countRows(t.db, 'audit_events WHERE organization_id = $1', [org.id]),
    notifications: await countRows(t.db, 'notifications WHERE organization_id = $1', [org.id]),
  });

  it('cannot make itself (or anyone) admin of a tenant that has one, nor touch its accounts, roles, 2FA policy or sweep: 404, nothing written', async () => {
    const { org, admin } = await f.tenant('pharmacy');
    const member = await f.user(org.id, 'member');
    await t.db.query(`UPDATE users SET last_login_at = now() - interval '200 days' WHERE id = $1`, [member.id]);
    const before = await tenantState(org);
    const attempts: [string, () => ReturnType<TestApp['http']['get']>][] = [
      ['POST admin (the takeover)', () => firstAdmin(org)],
      ['POST member', () => firstAdmin(org, 'member')],
      ['GET users', () => t.http.get(usersOf(org)).set(bearer(operator))],
      ['GET inactive users', () => t.http.get(`${usersOf(org)}?inactive=true`).set(bearer(operator))],
      ['PATCH role', () => t.http.patch(`${usersOf(org)}/${member.id}`).set(bearer(operator)).send({ role: 'admin' })],
      ['PATCH disabled', () => t.http.patch(`${usersOf(org)}/${admin.id}`).set(bearer(operator)).send({ disabled: true })],
      ['POST disable-inactive', () => t.http.post(`${usersOf(org)}/disable-inactive`).set(bearer(operator))],
      ['POST reset-credentials', () => t.http.post(`${usersOf(org)}/${admin.id}/reset-credentials`).set(bearer(operator)).send({ temporaryPassword: 'Operator-temp-1!', resetTwoFactor: true })],
      ['PATCH 2FA policy', () => t.http.patch(`/v1/organizations/${org.id}`).set(bearer(operator)).send({ requireTwoFactor: true })],
      ['PATCH automatic disabling', () => t.http.patch(`/v1/organizations/${org.id}`).set(bearer(operator)).send({ autoDisableInactiveUsers: true })],
      ['PATCH name with 2FA policy', () => t.http.patch(`/v1/organizations/${org.id}`).set(bearer(operator)).send({ name: '運営者が変更', requireTwoFactor: true })],
      ['GET api-clients', () => t.http.get(`/v1/organizations/${org.id}/api-clients`).set(bearer(operator))],
    ];
    for (const [label, attempt] of attempts) {
      const response = await attempt();
      expect({ label, status: response.status, code: (response.body as { code?: string }).code }).toEqual({ label, status: 404, code: 'not_found' });
      expectProblem(response, 404, 'not_found');
    }
    expect(await tenantState(org)).toEqual(before);
    // The tenant's own admin still does all of it.
    await t.http.get(usersOf(org)).set(bearer(admin.token)).expect(200);
    await t.http.patch(`/v1/organizations/${org.id}`).set(bearer(admin.token)).send({ autoDisableInactiveUsers: true }).expect(200);
  });

  it('creates the first admin of an organization that has none, once: two at once make one, a member or a second admin is refused', async () => {
    const org = await f.organization('vendor');
    expect(invalidFields(await firstAdmin(org, 'member'))).toEqual(['role']);
    expect(await countRows(t.db, 'users WHERE organization_id = $1', [org.id])).toBe(0);

    const [a, b] = await Promise.all([firstAdmin(org), firstAdmin(org)]);
    expect([a.status, b.status].sort()).toEqual([201, 404]);
    expect(await countRows(t.db, 'users WHERE organization_id = $1', [org.id])).toBe(1);
    const created = (a.status === 201 ? a : b).body as { id: string };
    const [event] = await t.db.query(`SELECT actor_type, details FROM audit_events WHERE organization_id = $1 AND action = 'user.create'`, [org.id]);
    expect(event).toEqual({ actor_type: 'user', details: expect.objectContaining({ role: 'admin', byOperator: true }) });

    // A disabled admin still counts: reviving a locked-out tenant is not the operator's to do.
    await t.db.query(`UPDATE users SET disabled_at = now(), disabled_reason = 'inactive' WHERE id = $1`, [created.id]);
    expectProblem(await firstAdmin(org), 404, 'not_found');
    expect(await countRows(t.db, 'users WHERE organization_id = $1', [org.id])).toBe(1);
  });

  it("renames a tenant only in the open: in the tenant's audit chain (byOperator) and told to its admins, not its members nor its chain", async () => {
    const chain = await f.tenant('chain');
    const { org: store, admin } = await f.tenant('pharmacy', { chainId: chain.org.id });
    const secondAdmin = await f.user(store.id, 'admin');
    const member = await f.user(store.id, 'member');
    await t.http.patch(`/v1/organizations/${store.id}`).set(bearer(operator)).send({ name: '運営者による名称変更' }).expect(200);

    const [event] = await t.db.query(`SELECT actor_label, details FROM audit_events WHERE organization_id = $1 AND action = 'organization.update'`, [store.id]);
    const operatorMe = (await t.http.get('/v1/me').set(bearer(operator)).expect(200)).body as { email: string };
    expect(event).toEqual({ actor_label: operatorMe.email, details: { name: '運営者による名称変更', byOperator: true } });
    const told = async (userId: string) => t.db.query(`SELECT title, link FROM notifications WHERE user_id = $1 AND type = 'organization.operator_action'`, [userId]);
    for (const user of [admin, secondAdmin]) expect(await told(user.id)).toEqual([{ title: '運営者が組織の登録情報を変更しました', link: '/admin/audit' }]);
    for (const user of [member, chain.admin]) expect(await told(user.id)).toEqual([]);
    const verification = await t.http.get('/v1/audit-events/verification').set(bearer(admin.token)).expect(200);
    expect(verification.body).toEqual(expect.objectContaining({ valid: true }));
    // The tenant's own admin renaming it is nothing to tell.
    await t.http.patch(`/v1/organizations/${store.id}`).set(bearer(admin.token)).send({ name: '自分で名称変更' }).expect(200);
    expect(await told(secondAdmin.id)).toHaveLength(1);
  });

  it('holds no API client of its own: a client credential would skip the 2FA its logins need', async () => {
    const me = (await t.http.get('/v1/me').set(bearer(operator)).expect(200)).body as { organization: { id: string } };
    const before = await countRows(t.db, 'api_clients WHERE organization_id = $1', [me.organization.id]);
    const response = await t.http
      .post(`/v1/organizations/${me.organization.id}/api-clients`)
      .set(bearer(operator))
      .send({ name: 'operator robot', scopes: ['products:write'], allowedCidrs: ['127.0.0.0/8'] });
    expectProblem(response, 403, 'operator_no_api_clients');
    expect(await countRows(t.db, 'api_clients WHERE organization_id = $1', [me.organization.id])).toBe(before);
  });
});
