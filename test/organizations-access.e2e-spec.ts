import { randomUUID } from 'node:crypto';
import { countRows, expectProblem } from './support/assertions';
import { bearer, Factory, STRONG_PASSWORD, TestOrganization, TestUser, uniqueEmail } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The tenancy matrix: who may see and do what with organizations, their users and API clients.
 * A record that exists but is not yours answers 404; your own organization's admin-only actions
 * answer 403 to members and viewers.
 */
describe('access matrix', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  type Call = [label: string, method: 'get' | 'post' | 'patch', path: string, body?: Record<string, unknown>];

  /** Every organization-scoped route, aimed at organization `org`, its user `userId` and client `clientId`. */
  const routesOf = (org: TestOrganization, userId: string, clientId: string): Call[] => [
    ['GET organization', 'get', `/v1/organizations/${org.id}`],
    ['PATCH organization', 'patch', `/v1/organizations/${org.id}`, { name: 'taken over' }],
    ['GET users', 'get', `/v1/organizations/${org.id}/users`],
    ['GET inactive users', 'get', `/v1/organizations/${org.id}/users?inactive=true`],
    ['POST user', 'post', `/v1/organizations/${org.id}/users`, { email: uniqueEmail('intruder'), displayName: 'x', role: 'admin', password: STRONG_PASSWORD }],
    ['PATCH user', 'patch', `/v1/organizations/${org.id}/users/${userId}`, { disabled: true }],
    ['POST disable-inactive', 'post', `/v1/organizations/${org.id}/users/disable-inactive`],
    ['GET api-clients', 'get', `/v1/organizations/${org.id}/api-clients`],
    ['POST api-client', 'post', `/v1/organizations/${org.id}/api-clients`, { name: 'intruder', scopes: [], allowedCidrs: ['0.0.0.0/0'] }],
    ['POST revoke', 'post', `/v1/organizations/${org.id}/api-clients/${clientId}/revoke`],
  ];

  const call = (token: string, [, method, path, body]: Call) => {
    const request = t.http[method](path).set(bearer(token));
    return body ? request.send(body) : request;
  };

  /** Nothing about the target tenant changed: same users (all enabled), same clients (none revoked), same name, no new audit events. */
  const snapshot = async (org: TestOrganization) => ({
    name: (await t.db.query<{ name: string }[]>('SELECT name FROM organizations WHERE id = $1', [org.id]))[0].name,
    users: await countRows(t.db, 'users WHERE organization_id = $1 AND disabled_at IS NULL', [org.id]),
    clients: await countRows(t.db, 'api_clients WHERE organization_id = $1 AND revoked_at IS NULL', [org.id]),
    audit: await countRows(t.db, 'audit_events WHERE organization_id = $1', [org.id]),
  });

  const victim = async (kind: TestOrganization['kind'] = 'vendor', extra: Record<string, unknown> = {}) => {
    const { org, admin } = await f.tenant(kind, extra);
    const member = await f.user(org.id, 'member');
    const client = await f.apiClient(admin);
    return { org, admin, member, client };
  };

  it("answers 404 to another organization's admin, member and viewer on every route of it, and changes nothing", async () => {
    const b = await victim('pharmacy');
    const a = await f.tenant('vendor');
    const outsiders: TestUser[] = [a.admin, await f.user(a.org.id, 'member'), await f.user(a.org.id, 'viewer')];
    const before = await snapshot(b.org);
    for (const call_ of routesOf(b.org, b.member.id, b.client.id)) {
      const response = await call(a.admin.token, call_);
      try {
        expectProblem(response, 404, 'not_found');
      } catch (error) {
        throw new Error(`${call_[0]} by another organization's admin: ${(error as Error).message}`);
      }
    }
    // Members and viewers are refused earlier, by role; either way nothing leaks or changes.
    for (const outsider of outsiders.slice(1)) {
      for (const call_ of routesOf(b.org, b.member.id, b.client.id)) {
        const response = await call(outsider.token, call_);
        expect([403, 404]).toContain(response.status);
        if (call_[0] === 'GET organization' || call_[0].startsWith('GET users') || call_[0] === 'GET inactive users') expect(response.status).toBe(404);
      }
    }
    expect(await snapshot(b.org)).toEqual(before);
  });

  it("answers 404 when an admin names another organization's user or client under their own organization", async () => {
    const a = await f.tenant('vendor');
    const b = await victim('vendor');
    const before = await snapshot(b.org);
    expectProblem(await t.http.patch(`/v1/organizations/${a.org.id}/users/${b.member.id}`).set(bearer(a.admin.token)).send({ disabled: true }), 404);
    expectProblem(await t.http.post(`/v1/organizations/${a.org.id}/api-clients/${b.client.id}/revoke`).set(bearer(a.admin.token)), 404);
    expectProblem(await t.http.post(`/v1/organizations/${a.org.id}/api-clients/${randomUUID()}/revoke`).set(bearer(a.admin.token)), 404);
    expect(await snapshot(b.org)).toEqual(before);
    await t.http.get('/v1/me').set(bearer(b.member.token)).expect(200);
  });

  it('lets a chain read its pharmacies (and a pharmacy its chain) but not manage their accounts or clients', async () => {
    const chain = await victim('chain');
    const store = await victim('pharmacy', { chainId: chain.org.id });
    const sibling = await victim('pharmacy', { chainId: chain.org.id });
    await t.http.get(`/v1/organizations/${store.org.id}`).set(bearer(chain.admin.token)).expect(200);
    await t.http.get(`/v1/organizations/${store.org.id}`).set(bearer(chain.member.token)).expect(200);
    await t.http.get(`/v1/organizations/${chain.org.id}`).set(bearer(store.admin.token)).expect(200);
    expectProblem(await t.http.get(`/v1/organizations/${sibling.org.id}`).set(bearer(store.admin.token)), 404);

    const storeBefore = await snapshot(store.org);
    for (const call_ of routesOf(store.org, store.member.id, store.client.id).slice(1)) {
      const response = await call(chain.admin.token, call_);
      expect({ route: call_[0], status: response.status }).toEqual({ route: call_[0], status: 404 });
    }
    const chainBefore = await snapshot(chain.org);
    for (const call_ of routesOf(chain.org, chain.member.id, chain.client.id).slice(1)) {
      const response = await call(store.admin.token, call_);
      expect({ route: call_[0], status: response.status }).toEqual({ route: call_[0], status: 404 });
    }
    expect(await snapshot(store.org)).toEqual(storeBefore);
    expect(await snapshot(chain.org)).toEqual(chainBefore);
  });

  it("answers 403 (not 404) to a member or viewer for their own organization's admin-only actions", async () => {
    const a = await victim('vendor');
    const viewer = await f.user(a.org.id, 'viewer');
    const before = await snapshot(a.org);
    for (const user of [a.member, viewer]) {
      await t.http.get(`/v1/organizations/${a.org.id}`).set(bearer(user.token)).expect(200);
      for (const call_ of routesOf(a.org, a.admin.id, a.client.id).slice(1)) {
        const response = await call(user.token, call_);
        const body = expectProblem(response, 403);
        expect({ route: call_[0], code: body.code }).toEqual({ route: call_[0], code: expect.stringMatching(/^(admin_required|role_required|read_only_role)$/) });
      }
    }
    // A viewer is refused any write as read-only, even where a member would reach the policy.
    const write = await t.http.post(`/v1/organizations/${a.org.id}/users`).set(bearer(viewer.token)).send({ email: uniqueEmail(), displayName: 'x', role: 'member', password: STRONG_PASSWORD });
    expectProblem(write, 403, 'read_only_role');
    expectProblem(await t.http.patch(`/v1/organizations/${a.org.id}/users/${viewer.id}`).set(bearer(viewer.token)).send({ role: 'admin' }), 403, 'read_only_role');
    expectProblem(await t.http.patch(`/v1/organizations/${a.org.id}/users/${a.member.id}`).set(bearer(a.member.token)).send({ role: 'admin' }), 403, 'admin_required');
    expect(await snapshot(a.org)).toEqual(before);
    const [member] = await t.db.query('SELECT role FROM users WHERE id = $1', [a.member.id]);
    expect(member.role).toBe('member');
  });

  it("lets the operator read every organization, but none of a tenant's accounts or API clients (404)", async () => {
    const a = await victim('vendor');
    const b = await victim('pharmacy');
    const operator = await f.operator();
    await t.http.get(`/v1/organizations/${b.org.id}`).set(bearer(operator)).expect(200);
    const before = await snapshot(a.org);
    for (const call_ of routesOf(a.org, a.member.id, a.client.id).slice(2)) {
      const response = await call(operator, call_);
      expect({ route: call_[0], status: response.status }).toEqual({ route: call_[0], status: 404 });
    }
    expectProblem(await call(operator, ['', 'post', `/v1/organizations/${a.org.id}/api-clients`, { name: 'op', scopes: [], allowedCidrs: ['10.0.0.0/8'] }]), 404);
    expectProblem(await call(operator, ['', 'get', `/v1/organizations/${a.org.id}/api-clients`]), 404);
    expectProblem(await call(operator, ['', 'post', `/v1/organizations/${a.org.id}/api-clients/${a.client.id}/revoke`]), 404);
    expect(await snapshot(a.org)).toEqual(before);
  });

  it('keeps API clients to reading their own organization, and off account management', async () => {
    const a = await victim('vendor');
    const b = await victim('pharmacy');
    const token = (await t.http.post('/v1/auth/token').send({ grant_type: 'client_credentials', client_id: a.client.clientId, client_secret: a.client.clientSecret }).expect(200)).body
      .access_token as string;
    await t.http.get(`/v1/organizations/${a.org.id}`).set(bearer(token)).expect(200);
    expectProblem(await t.http.get(`/v1/organizations/${b.org.id}`).set(bearer(token)), 404);
    const before = await snapshot(a.org);
    for (const call_ of routesOf(a.org, a.member.id, a.client.id).slice(1)) {
      const response = await call(token, call_);
      expect({ route: call_[0], status: response.status }).toEqual({ route: call_[0], status: 403 });
    }
    expect(await snapshot(a.org)).toEqual(before);
  });

  it('refuses every route without a valid token (401)', async () => {
    const a = await victim('vendor');
    for (const call_ of [['list', 'get', '/v1/organizations'] as Call, ...routesOf(a.org, a.member.id, a.client.id)]) {
      expectProblem(await call('not-a-token', call_), 401, 'invalid_token');
    }
  });
});
