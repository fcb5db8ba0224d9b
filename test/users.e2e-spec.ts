import { randomUUID } from 'node:crypto';
import { countRows, expectProblem, invalidFields, walkPages } from './support/assertions';
import { bearer, Factory, STRONG_PASSWORD, TestUser, uniqueEmail } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface UserItem {
  id: string;
  email: string;
  role: string;
  disabled: boolean;
  disabledReason: string | null;
  inactive: boolean;
}

describe('users', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  const usersOf = (admin: TestUser) => `/v1/organizations/${admin.organizationId}/users`;
  const createUser = (admin: TestUser, body: Record<string, unknown>) => t.http.post(usersOf(admin)).set(bearer(admin.token)).send(body);
  const patchUser = (admin: TestUser, userId: string, body: Record<string, unknown>) =>
    t.http.patch(`${usersOf(admin)}/${userId}`).set(bearer(admin.token)).send(body);
  const me = (token: string) => t.http.get('/v1/me').set(bearer(token));
  const listAll = async (admin: TestUser, query = ''): Promise<UserItem[]> =>
    (
      await walkPages<UserItem>((cursor) =>
        t.http
          .get(`${usersOf(admin)}?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(admin.token))
          .then((r) => (r.status === 200 ? r.body : Promise.reject(new Error(`${r.status} ${JSON.stringify(r.body)}`)))),
      )
    ).items;

  it('lets an admin create users of each role, who can log in with that role, audited', async () => {
    const { org, admin } = await f.tenant('vendor');
    for (const role of ['admin', 'member', 'viewer'] as const) {
      const email = uniqueEmail(role);
      const created = await createUser(admin, { email, displayName: `  ${role} さん `, role, password: STRONG_PASSWORD }).expect(201);
      expect(created.body).toEqual(
        expect.objectContaining({ organizationId: org.id, email, displayName: `${role} さん`, role, disabled: false, twoFactorEnrolled: false, lastLoginAt: null, inactive: false }),
      );
      expect(created.body).not.toHaveProperty('password');
      expect(created.body).not.toHaveProperty('passwordHash');
      const tokens = await f.login(email, STRONG_PASSWORD);
      expect((await me(tokens.accessToken).expect(200)).body).toEqual(expect.objectContaining({ email, role }));
      const [audit] = await t.db.query(`SELECT actor_id, details FROM audit_events WHERE action = 'user.create' AND target_id = $1`, [created.body.id]);
      expect(audit).toEqual({ actor_id: admin.id, details: { email, role } });
    }
    const [stored] = await t.db.query('SELECT password_hash FROM users WHERE organization_id = $1 AND role = $2', [org.id, 'viewer']);
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect((await listAll(admin)).map((u) => u.role).sort()).toEqual(['admin', 'admin', 'member', 'viewer']);
  });

  it('refuses bad input with 400 listing each field, and creates nothing', async () => {
    const { admin } = await f.tenant('pharmacy');
    const email = uniqueEmail('bad');
    const response = await createUser(admin, { email: 'not-an-email', displayName: '', role: 'owner', password: STRONG_PASSWORD, organizationId: randomUUID() });
    expect(invalidFields(response).sort()).toEqual(['displayName', 'email', 'organizationId', 'role']);
    const weak = await createUser(admin, { email, displayName: 'weak', role: 'member', password: 'password' });
    expectProblem(weak, 400);
    expect(await countRows(t.db, 'users WHERE lower(email) = lower($1)', [email])).toBe(0);
    expect(await countRows(t.db, `audit_events WHERE action = 'user.create' AND details->>'email' = $1`, [email])).toBe(0);
  });

  it('refuses a duplicate e-mail, whatever its case: 409 email_taken in its own organization, email_unavailable elsewhere', async () => {
    const { admin } = await f.tenant('vendor');
    const { admin: otherAdmin } = await f.tenant('pharmacy');
    const email = uniqueEmail('Dup').replace('dup', 'Dup');
    await createUser(admin, { email, displayName: 'first', role: 'member', password: STRONG_PASSWORD }).expect(201);
    for (const [by, variant, code] of [[admin, email.toUpperCase(), 'email_taken'], [otherAdmin, email.toLowerCase(), 'email_unavailable']] as const) {
      expectProblem(await createUser(by, { email: variant, displayName: 'second', role: 'member', password: STRONG_PASSWORD }), 409, code);
    }
    expect(await countRows(t.db, 'users WHERE lower(email) = lower($1)', [email])).toBe(1);
    expect(await countRows(t.db, `audit_events WHERE action = 'user.create' AND lower(details->>'email') = lower($1)`, [email])).toBe(1);
  });

  it('updates name and role; a role change applies to existing sessions at once; audited', async () => {
    const { org, admin } = await f.tenant('vendor');
    const member = await f.user(org.id, 'member');
    await t.http.get(usersOf(member)).set(bearer(member.token)).expect(403);
    const updated = await patchUser(admin, member.id, { displayName: '新しい名前', role: 'admin' }).expect(200);
    expect(updated.body).toEqual(expect.objectContaining({ id: member.id, displayName: '新しい名前', role: 'admin' }));
    await t.http.get(usersOf(member)).set(bearer(member.token)).expect(200);

    await patchUser(admin, member.id, { role: 'viewer' }).expect(200);
    expectProblem(await createUser(member, { email: uniqueEmail(), displayName: 'x', role: 'member', password: STRONG_PASSWORD }), 403, 'read_only_role');
    const events = await t.db.query(`SELECT actor_id, details FROM audit_events WHERE action = 'user.update' AND target_id = $1 ORDER BY id`, [member.id]);
    expect(events).toEqual([
      { actor_id: admin.id, details: { displayName: '新しい名前', role: 'admin' } },
      { actor_id: admin.id, details: { role: 'viewer' } },
    ]);
    expect(invalidFields(await patchUser(admin, member.id, { role: 'root', email: 'x@example.test' })).sort()).toEqual(['email', 'role']);
    expectProblem(await patchUser(admin, randomUUID(), { displayName: 'ghost' }), 404);
  });

  it('disabling a user ends their sessions and login at once; enabling lets them log in again', async () => {
    const { org, admin } = await f.tenant('pharmacy');
    const member = await f.user(org.id, 'member');
    await me(member.token).expect(200);
    const disabled = await patchUser(admin, member.id, { disabled: true }).expect(200);
    expect(disabled.body).toEqual(expect.objectContaining({ disabled: true, disabledReason: 'disabled_by_admin' }));
    expectProblem(await me(member.token), 401);
    expectProblem(await t.http.post('/v1/auth/refresh').send({ refreshToken: member.refreshToken }), 401);
    expectProblem(await t.http.post('/v1/auth/login').send({ email: member.email, password: member.password }), 401, 'invalid_credentials');
    expect(await countRows(t.db, 'sessions WHERE user_id = $1 AND revoked_at IS NULL', [member.id])).toBe(0);

    await patchUser(admin, member.id, { disabled: false }).expect(200);
    const tokens = await f.login(member.email, member.password);
    await me(tokens.accessToken).expect(200);
    expectProblem(await me(member.token), 401); // the old session stays ended
  });

  it('keeps at least one active admin: the last one can be neither demoted nor disabled', async () => {
    const { org, admin } = await f.tenant('chain');
    for (const change of [{ role: 'member' }, { role: 'viewer' }, { disabled: true }]) {
      expectProblem(await patchUser(admin, admin.id, change), 409, 'last_admin');
    }
    expect(await countRows(t.db, `users WHERE id = $1 AND role = 'admin' AND disabled_at IS NULL`, [admin.id])).toBe(1);
    expect(await countRows(t.db, `audit_events WHERE action = 'user.update' AND target_id = $1`, [admin.id])).toBe(0);

    const second = await f.user(org.id, 'admin');
    await patchUser(admin, second.id, { disabled: true }).expect(200);
    expectProblem(await patchUser(admin, admin.id, { role: 'member' }), 409, 'last_admin');
    await patchUser(admin, second.id, { disabled: false }).expect(200);
    await patchUser(admin, admin.id, { role: 'member' }).expect(200);
    const secondAgain = { ...second, token: (await f.login(second.email, second.password)).accessToken };
    expectProblem(await patchUser(secondAgain, second.id, { disabled: true }), 409, 'last_admin');
  });

  it('two admins demoting each other at the same time still leave one admin', async () => {
    for (let round = 0; round < 5; round++) {
      const { org, admin } = await f.tenant('vendor');
      const other = await f.user(org.id, 'admin');
      const results = await Promise.all([patchUser(admin, other.id, { role: 'member' }), patchUser(other, admin.id, { disabled: true })]);
      // The loser is refused as last admin (409) or, when the winner committed before its request
      // was authenticated, as no longer an admin (403).
      const [won, lost] = [...results].sort((x, y) => x.status - y.status);
      expect(won.status).toBe(200);
      expect([403, 409]).toContain(lost.status);
      expect(await countRows(t.db, `users WHERE organization_id = $1 AND role = 'admin' AND disabled_at IS NULL`, [org.id])).toBe(1);
    }
  });

  it('lists accounts unused for 90 days and disables them on request, audited', async () => {
    const { org, admin } = await f.tenant('pharmacy');
    const stale = await f.user(org.id, 'member');
    const staleViewer = await f.user(org.id, 'viewer');
    const fresh = await f.user(org.id, 'viewer');
    const neverUsed = await createUser(admin, { email: uniqueEmail('never'), displayName: 'never', role: 'member', password: STRONG_PASSWORD }).expect(201);
    await t.db.query(`UPDATE users SET last_login_at = now() - interval '100 days', created_at = now() - interval '200 days' WHERE id = ANY($1)`, [
      [stale.id, staleViewer.id],
    ]);
    await t.db.query(`UPDATE users SET created_at = now() - interval '100 days' WHERE id = $1`, [neverUsed.body.id]);
    await t.db.query(`UPDATE users SET last_login_at = now() - interval '89 days', created_at = now() - interval '300 days' WHERE id = $1`, [fresh.id]);

    const inactive = await listAll(admin, '&inactive=true');
    expect(inactive.map((u) => u.id).sort()).toEqual([stale.id, staleViewer.id, neverUsed.body.id].sort());
    expect(inactive.every((u) => u.inactive)).toBe(true);
    const active = await listAll(admin, '&inactive=false');
    expect(active.map((u) => u.id).sort()).toEqual([admin.id, fresh.id].sort());
    expect(invalidFields(await t.http.get(`${usersOf(admin)}?inactive=maybe`).set(bearer(admin.token)))).toEqual(['inactive']);

    const member = await f.user(org.id, 'member');
    expectProblem(await t.http.post(`${usersOf(admin)}/disable-inactive`).set(bearer(member.token)), 403);
    const swept = await t.http.post(`${usersOf(admin)}/disable-inactive`).set(bearer(admin.token)).expect(200);
    expect(swept.body).toEqual({ disabled: 3 });
    expectProblem(await me(stale.token), 401);
    expect(await countRows(t.db, 'sessions WHERE user_id = ANY($1) AND revoked_at IS NULL', [[stale.id, staleViewer.id]])).toBe(0);
    await me(fresh.token).expect(200);
    const after = await listAll(admin);
    expect(after.filter((u) => u.disabled).map((u) => [u.id, u.disabledReason]).sort()).toEqual(
      [[stale.id, 'inactive'], [staleViewer.id, 'inactive'], [neverUsed.body.id, 'inactive']].sort(),
    );
    expect(await listAll(admin, '&inactive=true')).toEqual([]);
    const events = await t.db.query(`SELECT actor_id, target_id FROM audit_events WHERE organization_id = $1 AND action = 'user.disable_inactive'`, [org.id]);
    expect(events.map((e: { target_id: string }) => e.target_id).sort()).toEqual([stale.id, staleViewer.id, neverUsed.body.id].sort());
    expect(events.every((e: { actor_id: string }) => e.actor_id === admin.id)).toBe(true);
    expect((await t.http.post(`${usersOf(admin)}/disable-inactive`).set(bearer(admin.token)).expect(200)).body).toEqual({ disabled: 0 });
  });

  it('paginates: limit=1 walks every user exactly once; the page size is capped at 100', async () => {
    const { org, admin } = await f.tenant('vendor');
    const others = [await f.user(org.id, 'member'), await f.user(org.id, 'viewer'), await f.user(org.id, 'member')];
    const { items, pages } = await walkPages<UserItem>((cursor) =>
      t.http
        .get(`${usersOf(admin)}?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        .set(bearer(admin.token))
        .expect(200)
        .then((r) => {
          expect(r.body.items.length).toBeLessThanOrEqual(1);
          return r.body;
        }),
    );
    expect(pages).toBe(4);
    expect(items.map((u) => u.id)).toEqual([admin, ...others].map((u) => u.id));
    expect(invalidFields(await t.http.get(`${usersOf(admin)}?limit=101`).set(bearer(admin.token)))).toEqual(['limit']);
    expect(invalidFields(await t.http.get(`${usersOf(admin)}?limit=abc`).set(bearer(admin.token)))).toEqual(['limit']);
  });
});
