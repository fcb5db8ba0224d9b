import { randomUUID } from 'node:crypto';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { bearer, Factory, STRONG_PASSWORD, TestUser, totp } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * An organization admin resets a member's password and/or 2FA: every session of the member ends;
 * the temporary password opens only the password change; a reset 2FA must be enrolled again before
 * anything else, even where the organization does not require 2FA. Audited; the member is told.
 */
describe('admin reset of a user’s credentials', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  const TEMPORARY = 'Temp-passw0rd-42!';
  const resetPath = (organizationId: string, userId: string) => `/v1/organizations/${organizationId}/users/${userId}/reset-credentials`;
  const reset = (token: string, organizationId: string, userId: string, body: Record<string, unknown>) => t.http.post(resetPath(organizationId, userId)).set(bearer(token)).send(body);
  const login = (email: string, password: string, otp?: string) => t.http.post('/v1/auth/login').send({ email, password, ...(otp ? { otp } : {}) });
  /** A route that is not self-service: a vendor member reads its products. */
  const products = (token: string) => t.http.get('/v1/products').set(bearer(token));
  const me = async (token: string) => (await t.http.get('/v1/me').set(bearer(token)).expect(200)).body as Record<string, unknown>;
  const notificationsOf = (userId: string): Promise<{ type: string; title: string; body: string }[]> =>
    t.db.query('SELECT type, title, body FROM notifications WHERE user_id = $1 ORDER BY created_at', [userId]);

  async function enrol(user: TestUser, token = user.token, step = 0): Promise<string> {
    const { secret } = (await t.http.post('/v1/auth/2fa/enrolment').set(bearer(token)).expect(200)).body as { secret: string };
    await t.http.post('/v1/auth/2fa/enrolment/confirm').set(bearer(token)).send({ otp: totp(secret, step) }).expect(200);
    return secret;
  }

  /** What a refused reset must leave as it was. */
  const accountState = async (userId: string) => ({
    user: (await t.db.query('SELECT password_hash, totp_secret, totp_enabled_at, password_change_required, two_factor_enrolment_required FROM users WHERE id = $1', [userId]))[0],
    liveSessions: await countRows(t.db, 'sessions WHERE user_id = $1 AND revoked_at IS NULL', [userId]),
    recoveryCodes: await countRows(t.db, 'recovery_codes WHERE user_id = $1', [userId]),
    audit: await countRows(t.db, `audit_events WHERE target_id = $1 AND action = 'user.credentials_reset'`, [userId]),
    notifications: await countRows(t.db, 'notifications WHERE user_id = $1', [userId]),
  });

  it('ends every session; the temporary password opens only the password change; the new password restores access; audited and told to the member alone', async () => {
    const { org, admin } = await f.tenant('vendor');
    const member = await f.user(org.id, 'member');
    const colleague = await f.user(org.id, 'member');
    const secondSession = await f.login(member.email, member.password);
    await products(member.token).expect(200);

    const response = await reset(admin.token, org.id, member.id, { temporaryPassword: TEMPORARY, resetTwoFactor: false }).expect(200);
    expect(response.body).toEqual(expect.objectContaining({ id: member.id, passwordChangeRequired: true, twoFactorEnrolmentRequired: false, disabled: false }));
    expect(JSON.stringify(response.body)).not.toContain(TEMPORARY);

    for (const token of [member.token, secondSession.accessToken]) expectProblem(await products(token), 401, 'invalid_token');
    expectProblem(await t.http.post('/v1/auth/refresh').send({ refreshToken: member.refreshToken }), 401);
    expectProblem(await login(member.email, member.password), 401, 'invalid_credentials');

    const temporary = (await login(member.email, TEMPORARY).expect(200)).body.accessToken as string;
    const refused = expectProblem(await products(temporary), 403, 'password_change_required');
    expect(refused.detail).toMatch(/パスワード.*\(an administrator reset your password/);
    expectProblem(await t.http.get('/v1/notifications').set(bearer(temporary)), 403, 'password_change_required');
    expect(await me(temporary)).toEqual(expect.objectContaining({ passwordChangeRequired: true, twoFactorEnrolmentRequired: false }));
    // The temporary password is in the history: it cannot be kept.
    expect(invalidFields(await t.http.post('/v1/auth/password').set(bearer(temporary)).send({ currentPassword: TEMPORARY, newPassword: TEMPORARY }))).toEqual(['newPassword']);
    await t.http.post('/v1/auth/password').set(bearer(temporary)).send({ currentPassword: TEMPORARY, newPassword: 'Brand-new-passw0rd!' }).expect(204);
    await products(temporary).expect(200);
    expect(await me(temporary)).toEqual(expect.objectContaining({ passwordChangeRequired: false }));
    await login(member.email, 'Brand-new-passw0rd!').expect(200);

    const [event] = await t.db.query(`SELECT organization_id, actor_id, details FROM audit_events WHERE action = 'user.credentials_reset' AND target_id = $1`, [member.id]);
    expect(event).toEqual({ organization_id: org.id, actor_id: admin.id, details: { passwordReset: true, twoFactorReset: false, sessionsEnded: 2 } });
    const [stored] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE details::text LIKE $1`, [`%${TEMPORARY}%`]);
    expect(stored.n).toBe(0);
    expect(await notificationsOf(member.id)).toEqual([expect.objectContaining({ type: 'user.credentials_reset', title: '管理者がパスワードをリセットしました' })]);
    for (const other of [admin, colleague]) expect((await notificationsOf(other.id)).filter((n) => n.type === 'user.credentials_reset')).toEqual([]);
  });

  it('resets 2FA: authenticator and recovery codes go, and the member enrols again before anything else though the organization does not require it', async () => {
    const { org, admin } = await f.tenant('vendor');
    const member = await f.user(org.id, 'member');
    const secret = await enrol(member);
    const [code] = (await t.http.post('/v1/auth/2fa/recovery-codes').set(bearer(member.token)).send({ otp: totp(secret, 1) }).expect(200)).body.recoveryCodes as string[];

    const response = await reset(admin.token, org.id, member.id, { resetTwoFactor: true }).expect(200);
    expect(response.body).toEqual(expect.objectContaining({ twoFactorEnrolled: false, twoFactorEnrolmentRequired: true, passwordChangeRequired: false }));
    expect(await countRows(t.db, 'recovery_codes WHERE user_id = $1', [member.id])).toBe(0);
    expectProblem(await products(member.token), 401, 'invalid_token');

    // The password stays; the old authenticator and recovery codes are gone, so none is asked for.
    const token = (await login(member.email, member.password, code).expect(200)).body.accessToken as string;
    expectProblem(await products(token), 403, 'two_factor_enrolment_required');
    expect(await me(token)).toEqual(expect.objectContaining({ twoFactorEnrolled: false, twoFactorEnrolmentRequired: true }));
    // The reset forgot the last accepted step too: the new authenticator starts afresh.
    const again = await enrol(member, token, 0);
    await products(token).expect(200);
    expect(again).not.toBe(secret);
    const [row] = await t.db.query('SELECT two_factor_enrolment_required FROM users WHERE id = $1', [member.id]);
    expect(row.two_factor_enrolment_required).toBe(false);
    expectProblem(await login(member.email, member.password), 401, 'otp_required');

    const [event] = await t.db.query(`SELECT details FROM audit_events WHERE action = 'user.credentials_reset' AND target_id = $1`, [member.id]);
    expect(event.details).toEqual({ passwordReset: false, twoFactorReset: true, sessionsEnded: 1 });
    expect(await notificationsOf(member.id)).toEqual([expect.objectContaining({ type: 'user.credentials_reset', title: '管理者が二要素認証をリセットしました' })]);
  });

  it('resets both: the password change comes first, then the enrolment', async () => {
    const { org, admin } = await f.tenant('vendor');
    const member = await f.user(org.id, 'admin');
    await enrol(member);
    await reset(admin.token, org.id, member.id, { temporaryPassword: TEMPORARY, resetTwoFactor: true }).expect(200);
    const token = (await login(member.email, TEMPORARY).expect(200)).body.accessToken as string;
    expectProblem(await products(token), 403, 'password_change_required');
    await t.http.post('/v1/auth/password').set(bearer(token)).send({ currentPassword: TEMPORARY, newPassword: 'Second-new-passw0rd!' }).expect(204);
    expectProblem(await products(token), 403, 'two_factor_enrolment_required');
    await enrol(member, token, 0);
    await products(token).expect(200);
    // Still an admin, and one who may now act on the first admin in turn.
    await reset(token, org.id, admin.id, { resetTwoFactor: true }).expect(200);
  });

  it('refuses members, viewers, clients, outsiders and the operator, one’s own account, unknown users and empty or weak resets, and writes nothing', async () => {
    const { org, admin } = await f.tenant('vendor');
    const member = await f.user(org.id, 'member');
    const viewer = await f.user(org.id, 'viewer');
    const other = await f.tenant('vendor');
    const otherMember = await f.user(other.org.id, 'member');
    const chain = await f.tenant('chain');
    const client = await f.apiClient(admin, { scopes: ['products:write'] });
    const clientToken = (await t.http.post('/v1/auth/token').send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }).expect(200)).body
      .access_token as string;
    const body = { temporaryPassword: TEMPORARY, resetTwoFactor: true };
    const before = await accountState(member.id);
    const adminBefore = await accountState(admin.id);

    expectProblem(await reset(viewer.token, org.id, member.id, body), 403, 'role_required');
    expectProblem(await reset(member.token, org.id, viewer.id, body), 403, 'role_required');
    expectProblem(await reset(clientToken, org.id, member.id, body), 403, 'users_only');
    for (const outsider of [other.admin.token, chain.admin.token, await f.operator()]) {
      expectProblem(await reset(outsider, org.id, member.id, body), 404, 'not_found');
    }
    expectProblem(await reset(admin.token, org.id, otherMember.id, body), 404, 'not_found');
    expectProblem(await reset(admin.token, org.id, randomUUID(), body), 404, 'not_found');
    expectProblem(await reset(admin.token, org.id, admin.id, body), 409, 'own_account');
    expect(invalidFields(await reset(admin.token, org.id, member.id, { resetTwoFactor: false })).sort()).toEqual(['resetTwoFactor', 'temporaryPassword']);
    expect(invalidFields(await reset(admin.token, org.id, member.id, { temporaryPassword: TEMPORARY }))).toEqual(['resetTwoFactor']);
    expect(new Set(invalidFields(await reset(admin.token, org.id, member.id, { temporaryPassword: 'password123', resetTwoFactor: true })))).toEqual(new Set(['temporaryPassword']));
    // The member's own current password: one of the last five.
    expect(invalidFields(await reset(admin.token, org.id, member.id, { temporaryPassword: STRONG_PASSWORD, resetTwoFactor: true }))).toEqual(['temporaryPassword']);
    expect(invalidFields(await reset(admin.token, org.id, member.id, { ...body, password: 'x', userId: member.id })).sort()).toEqual(['password', 'userId']);

    expect(await accountState(member.id)).toEqual(before);
    expect(await accountState(admin.id)).toEqual(adminBefore);
    await products(member.token).expect(200);
  });
});
