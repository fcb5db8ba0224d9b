import { randomUUID } from 'node:crypto';
import { expectProblem, invalidFields, walkPages } from './support/assertions';
import { bearer, Factory, STRONG_PASSWORD, uniqueEmail, uniquePharmacyCode } from './support/factories';
import { startTestApp, TEST_OPERATOR, TestApp } from './support/test-app';

interface AuditItem {
  id: string;
  sequence: number;
  organizationId: string | null;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  sourceIp: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
  occurredAt: string;
  hash: string;
}

describe('audit log', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  const events = async (token: string, query = ''): Promise<AuditItem[]> =>
    (
      await walkPages<AuditItem>((cursor) =>
        t.http
          .get(`/v1/audit-events?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(token))
          .then((r) => (r.status === 200 ? r.body : Promise.reject(new Error(`${r.status} ${JSON.stringify(r.body)}`)))),
      )
    ).items;

  it('records every audited action with actor, organization, action, target, source IP and user agent', async () => {
    const ua = `kaiji-audit-test/${randomUUID()}`;
    const operator = await f.operator();
    const [operatorUser] = await t.db.query('SELECT id FROM users WHERE email = $1', [TEST_OPERATOR.email]);
    const org = (await t.http.post('/v1/organizations').set(bearer(operator)).set('User-Agent', ua).send({ kind: 'pharmacy', name: '監査薬局', pharmacyCode: uniquePharmacyCode() }).expect(201)).body;
    const email = uniqueEmail('admin');
    const adminRow = (await t.http.post(`/v1/organizations/${org.id}/users`).set(bearer(operator)).set('User-Agent', ua).send({ email, displayName: '管理者', role: 'admin', password: STRONG_PASSWORD }).expect(201)).body;
    await t.http.post('/v1/auth/login').set('User-Agent', ua).send({ email, password: 'Wrong-passw0rd!' }).expect(401);
    const token = (await t.http.post('/v1/auth/login').set('User-Agent', ua).send({ email, password: STRONG_PASSWORD }).expect(200)).body.accessToken as string;
    const as = (request: ReturnType<TestApp['http']['post']>) => request.set(bearer(token)).set('User-Agent', ua);
    await as(t.http.patch(`/v1/organizations/${org.id}`)).send({ name: '監査薬局 本店' }).expect(200);
    const member = (await as(t.http.post(`/v1/organizations/${org.id}/users`)).send({ email: uniqueEmail('member'), displayName: 'm', role: 'member', password: STRONG_PASSWORD }).expect(201)).body;
    await as(t.http.patch(`/v1/organizations/${org.id}/users/${member.id}`)).send({ role: 'viewer' }).expect(200);
    const client = (await as(t.http.post(`/v1/organizations/${org.id}/api-clients`)).send({ name: 'system', scopes: [], allowedCidrs: ['127.0.0.0/8', '::1/128'] }).expect(201)).body;
    await t.http.post('/v1/auth/token').set('User-Agent', ua).send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }).expect(200);
    await as(t.http.post(`/v1/organizations/${org.id}/api-clients/${client.id}/revoke`)).expect(200);

    const log = (await events(token)).reverse();
    // Logins are checked below: the account is attributed by id or, before authentication, by e-mail.
    const summary = log.map((e) => [e.action, e.outcome, ...(e.action === 'auth.login' ? ['login'] : [e.actorType, e.actorId]), e.targetType, e.targetId]);
    expect(summary).toEqual([
      ['organization.create', 'success', 'user', operatorUser.id, 'organization', org.id],
      ['user.create', 'success', 'user', operatorUser.id, 'user', adminRow.id],
      ['auth.login', 'failure', 'login', 'user', adminRow.id],
      ['auth.login', 'success', 'login', 'user', adminRow.id],
      ['organization.update', 'success', 'user', adminRow.id, 'organization', org.id],
      ['user.create', 'success', 'user', adminRow.id, 'user', member.id],
      ['user.update', 'success', 'user', adminRow.id, 'user', member.id],
      ['api_client.create', 'success', 'user', adminRow.id, 'api_client', client.id],
      ['auth.token', 'success', 'client', client.id, 'api_client', client.id],
      ['api_client.revoke', 'success', 'user', adminRow.id, 'api_client', client.id],
    ]);
    for (const login of [log[2], log[3]]) expect(login.actorId === adminRow.id || login.actorLabel === email).toBe(true);
    expect(log[2].actorLabel).toBe(email);
    for (const event of log) {
      expect(event).toEqual(expect.objectContaining({ organizationId: org.id, userAgent: ua, sourceIp: expect.stringMatching(/127\.0\.0\.1$/) }));
      expect(event.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(log.map((e) => e.sequence)).toEqual(log.map((_, i) => i + 1));
  });

  it('filters by action, actor and time, and pages through every event exactly once', async () => {
    const { org, admin } = await f.tenant('vendor');
    const member = await f.user(org.id, 'member');
    await t.http.patch(`/v1/organizations/${org.id}/users/${member.id}`).set(bearer(admin.token)).send({ displayName: 'one' }).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await t.http.patch(`/v1/organizations/${org.id}/users/${member.id}`).set(bearer(admin.token)).send({ displayName: 'two' }).expect(200);
    const all = await events(admin.token);
    expect(all.length).toBeGreaterThanOrEqual(7);

    const updates = await events(admin.token, '&action=user.update');
    expect(updates.map((e) => e.action)).toEqual(['user.update', 'user.update']);
    const byAdmin = await events(admin.token, `&actorId=${admin.id}`);
    // The admin's own login, the member it created (the operator creates only a first admin) and the
    // two updates: a login is recorded with the user as its actor.
    expect(byAdmin.map((e) => e.action).sort()).toEqual(['auth.login', 'user.create', 'user.update', 'user.update']);
    expect(byAdmin.every((e) => e.actorId === admin.id)).toBe(true);
    expect(await events(admin.token, `&actorId=${randomUUID()}`)).toEqual([]);

    const [newer, older] = updates;
    expect(newer.occurredAt > older.occurredAt).toBe(true);
    const since = await events(admin.token, `&from=${encodeURIComponent(newer.occurredAt)}`);
    expect(since.map((e) => e.id)).toEqual([newer.id]);
    const before = await events(admin.token, `&action=user.update&to=${encodeURIComponent(newer.occurredAt)}`);
    expect(before.map((e) => e.id)).toEqual([older.id]);

    const paged = await walkPages<AuditItem>((cursor) =>
      t.http.get(`/v1/audit-events?limit=2${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(admin.token)).expect(200).then((r) => r.body),
    );
    expect(paged.items.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(paged.pages).toBe(Math.ceil(all.length / 2));

    const bad = await t.http.get('/v1/audit-events?actorId=someone&from=yesterday&limit=1000').set(bearer(admin.token));
    expect(invalidFields(bad).sort()).toEqual(['actorId', 'from', 'limit']);
  });

  it('exports CSV for Excel: BOM, Japanese headers, one line per event, no formula injection', async () => {
    const { org, admin } = await f.tenant('pharmacy');
    const evilAgent = '=HYPERLINK("http://attacker.example/","click")';
    await t.http.post('/v1/auth/login').set('User-Agent', evilAgent).send({ email: admin.email, password: 'Not-the-passw0rd' }).expect(401);
    const all = await events(admin.token);

    for (const request of [
      t.http.get('/v1/audit-events?format=csv').set(bearer(admin.token)),
      t.http.get('/v1/audit-events').set(bearer(admin.token)).set('Accept', 'text/csv'),
    ]) {
      const response = await request.buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(response.headers['content-disposition']).toMatch(/attachment; filename="audit-events\.csv"/);
      const text = response.body as string;
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.slice(1).split('\n').filter((line) => line !== '');
      expect(lines[0]).toContain('日時');
      expect(lines[0]).toContain('操作');
      expect(lines[0]).toContain('接続元IP');
      expect(lines).toHaveLength(all.length + 1);
      for (const event of all) expect(lines.filter((line) => line.includes(event.hash)).length).toBe(1);
      const evilLine = lines.find((line) => line.includes('HYPERLINK'));
      expect(evilLine).toBeDefined();
      // No cell may start with = + - @ (Excel would run it as a formula).
      expect(evilLine).not.toMatch(/(^|,)"?[=+\-@]/);
      expect(lines.some((line) => line.includes(org.id) || line.includes(admin.id))).toBe(true);
    }
  });

  it("is for the organization's admins: another organization gets 404, a member or viewer 403", async () => {
    const a = await f.tenant('vendor');
    const b = await f.tenant('vendor');
    const member = await f.user(a.org.id, 'member');
    const viewer = await f.user(a.org.id, 'viewer');
    for (const path of ['/v1/audit-events', '/v1/audit-events/verification']) {
      expectProblem(await t.http.get(`${path}?organizationId=${a.org.id}`).set(bearer(b.admin.token)), 404);
      for (const user of [member, viewer]) expectProblem(await t.http.get(path).set(bearer(user.token)), 403);
    }
    expectProblem(await t.http.get(`/v1/audit-events?format=csv&organizationId=${a.org.id}`).set(bearer(b.admin.token)), 404);
    const own = await events(b.admin.token);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((e) => e.organizationId === b.org.id)).toBe(true);
    expect(own.some((e) => e.targetId === a.admin.id)).toBe(false);
    // The operator may read any organization's log: who did what and when, never the details.
    const asOperator = await events(await f.operator(), `&organizationId=${a.org.id}`);
    expect(asOperator.some((e) => e.targetId === a.admin.id)).toBe(true);
    expect(asOperator.every((e) => e.details === null)).toBe(true);
    expect((await events(a.admin.token)).some((e) => e.details !== null && Object.keys(e.details).length > 0)).toBe(true);
  });

  it('never reveals another organization through actor filters', async () => {
    const a = await f.tenant('vendor');
    const b = await f.tenant('pharmacy');
    expect(await events(b.admin.token, `&actorId=${a.admin.id}`)).toEqual([]);
  });
});
