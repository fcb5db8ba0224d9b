import { randomUUID } from 'node:crypto';
import { countRows, expectProblem } from './support/assertions';
import { bearer, Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface Session {
  id: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string;
  current: boolean;
}

/**
 * A user's signed-in devices: the list (the current one marked, the device and address of each),
 * signing out one or all the others (their refresh and access tokens refused at once), and nothing
 * about anyone else's sessions.
 */
describe('my sessions', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1';
  const login = async (email: string, password: string, userAgent = PHONE) =>
    (await t.http.post('/v1/auth/login').set('User-Agent', userAgent).send({ email, password }).expect(200)).body as { accessToken: string; refreshToken: string };
  const list = async (token: string) => (await t.http.get('/v1/me/sessions').set(bearer(token)).expect(200)).body.items as Session[];
  const refresh = (refreshToken: string) => t.http.post('/v1/auth/refresh').send({ refreshToken });
  const me = (token: string) => t.http.get('/v1/me').set(bearer(token));

  it('lists the active sessions with device, address and times; the current one is marked; a refresh updates last use', async () => {
    const { admin } = await f.tenant('pharmacy');
    const phone = await login(admin.email, admin.password);
    const sessions = await list(phone.accessToken);
    expect(sessions).toHaveLength(2);
    const current = sessions.filter((s) => s.current);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ userAgent: PHONE, ip: expect.stringMatching(/127\.0\.0\.1|::1/) });
    expect(current[0].lastUsedAt).not.toBeNull();
    expect(Date.parse(current[0].expiresAt)).toBeGreaterThan(Date.now());
    // From the factory's session, the other one is current.
    const fromFirst = await list(admin.token);
    expect(fromFirst.find((s) => s.current)?.id).not.toBe(current[0].id);

    const before = current[0].lastUsedAt as string;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const rotated = (await refresh(phone.refreshToken).expect(200)).body as { accessToken: string };
    const after = (await list(rotated.accessToken)).find((s) => s.id === current[0].id);
    expect(Date.parse(after?.lastUsedAt as string)).toBeGreaterThan(Date.parse(before));
  });

  it('signs out every other device: their access and refresh tokens are refused; this one keeps working; audited', async () => {
    const { admin } = await f.tenant('vendor');
    const laptop = await login(admin.email, admin.password, 'Mozilla/5.0 (Windows NT 10.0) Chrome/131');
    const phone = await login(admin.email, admin.password);

    const answer = await t.http.post('/v1/me/sessions/revoke-others').set(bearer(laptop.accessToken)).expect(200);
    expect(answer.body).toEqual({ revoked: 2 });

    for (const token of [admin.token, phone.accessToken]) expectProblem(await me(token), 401, 'invalid_token');
    expectProblem(await refresh(phone.refreshToken), 401, 'invalid_refresh_token');
    expectProblem(await refresh(admin.refreshToken), 401, 'invalid_refresh_token');
    await me(laptop.accessToken).expect(200);
    const remaining = await list(laptop.accessToken);
    expect(remaining.map((s) => s.current)).toEqual([true]);
    expect(await countRows(t.db, `audit_events WHERE target_id = $1 AND action = 'auth.sessions_revoke_others'`, [admin.id])).toBe(1);
  });

  it('signs out one session by id (204); it is then gone from the list and its tokens refused', async () => {
    const { admin } = await f.tenant('pharmacy');
    const phone = await login(admin.email, admin.password);
    const phoneSession = (await list(phone.accessToken)).find((s) => s.current) as Session;

    await t.http.post(`/v1/me/sessions/${phoneSession.id}/revoke`).set(bearer(admin.token)).expect(204);
    expectProblem(await me(phone.accessToken), 401, 'invalid_token');
    expectProblem(await refresh(phone.refreshToken), 401, 'invalid_refresh_token');
    expect((await list(admin.token)).map((s) => s.id)).not.toContain(phoneSession.id);
    // Again: it is no longer an active session.
    expectProblem(await t.http.post(`/v1/me/sessions/${phoneSession.id}/revoke`).set(bearer(admin.token)), 404, 'not_found');
    expect(await countRows(t.db, `audit_events WHERE target_id = $1 AND action = 'auth.session_revoke'`, [phoneSession.id])).toBe(1);
  });

  it('another user’s session is not found (404) and keeps working; a malformed or unknown id is 404 (ids that cannot name a record are not found)', async () => {
    const { org, admin } = await f.tenant('pharmacy');
    const colleague = await f.user(org.id, 'member');
    const theirs = (await list(colleague.token)).find((s) => s.current) as Session;

    expectProblem(await t.http.post(`/v1/me/sessions/${theirs.id}/revoke`).set(bearer(admin.token)), 404, 'not_found');
    await me(colleague.token).expect(200);
    expect((await list(admin.token)).map((s) => s.id)).not.toContain(theirs.id);
    expectProblem(await t.http.post('/v1/me/sessions/not-a-uuid/revoke').set(bearer(admin.token)), 404, 'not_found');
    expectProblem(await t.http.post(`/v1/me/sessions/${randomUUID()}/revoke`).set(bearer(admin.token)), 404, 'not_found');
    // revoke-others of the admin leaves the colleague signed in.
    await t.http.post('/v1/me/sessions/revoke-others').set(bearer(admin.token)).expect(200);
    await me(colleague.token).expect(200);
  });

  it('API clients have no sessions: 403', async () => {
    const { admin } = await f.tenant('vendor');
    const client = await f.apiClient(admin, { scopes: ['checklists:write'] });
    const token = (
      await t.http.post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }).expect(200)
    ).body.access_token as string;
    expect((await t.http.get('/v1/me/sessions').set(bearer(token))).status).toBe(403);
    expect((await t.http.post('/v1/me/sessions/revoke-others').set(bearer(token))).status).toBe(403);
    expect((await t.http.get('/v1/me/sessions')).status).toBe(401);
  });
});
