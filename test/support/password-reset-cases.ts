import { createHash } from 'node:crypto';
import { expectProblem } from './auth-helpers';
import { bearer, Factory, STRONG_PASSWORD, uniqueEmail } from './factories';
import { messagesTo, PUBLIC_URL, startMailWorld, type MailWorld } from './mail-setup';
import { resetTokenIn } from './smtp-sink';
import { withOwner } from './test-database';

const ANSWER = { message: expect.stringContaining('30 分以内') };
const NEW_PASSWORD = 'Atarashii-pass!2026';

/**
 * POST /v1/auth/password-reset and …/confirm over real SMTP (test/mail.e2e-spec.ts runs these on
 * its mail-sending app). What a person does: ask for a link, follow it once, set a password.
 */
export function passwordResetCases(world: MailWorld, factory: () => Factory): void {
  const http = () => world.t.http;

  /** A pharmacy user, its reset requested; the token from the mail that arrived. */
  async function requested() {
    const f = factory();
    const { org } = await f.tenant('pharmacy');
    const user = await f.user(org.id, 'member');
    await http().post('/v1/auth/password-reset').send({ email: user.email.toUpperCase() }).expect(202);
    const [mail] = await world.sink.waitFor(user.email);
    return { user, mail, token: resetTokenIn(mail) };
  }

  it('answers the same for an unknown address and sends nothing', async () => {
    const unknown = uniqueEmail('nobody');
    const answer = await http().post('/v1/auth/password-reset').send({ email: unknown }).expect(202);
    expect(answer.body).toEqual(ANSWER);
    const { user } = await requested();
    const known = await http().post('/v1/auth/password-reset').send({ email: user.email }).expect(202);
    expect(known.body).toEqual(answer.body);
    expect(await messagesTo(world.t, unknown)).toHaveLength(0);
    expect(world.sink.to(unknown)).toHaveLength(0);
  });

  it('mails a 30-minute link into the portal, stores only its hash, and the token works once', async () => {
    const { user, mail, token } = await requested();
    expect(mail.subject).toBe('【Kaiji】パスワード再設定のご案内');
    expect(mail.text).toContain(`${PUBLIC_URL}/portal/reset-password?token=${token}`);
    const [stored]: { token_hash: string; minutes: number }[] = await world.t.db.query(
      `SELECT token_hash, round(extract(epoch FROM expires_at - created_at) / 60)::int AS minutes FROM password_reset_tokens WHERE user_id = $1`,
      [user.id],
    );
    expect(stored).toEqual({ token_hash: createHash('sha256').update(token).digest('hex'), minutes: 30 });

    await http().post('/v1/auth/password-reset/confirm').send({ token, newPassword: NEW_PASSWORD }).expect(204);
    expectProblem(await http().post('/v1/auth/password-reset/confirm').send({ token, newPassword: `${NEW_PASSWORD}x` }), 400, 'invalid_reset_token');
    await http().post('/v1/auth/login').send({ email: user.email, password: NEW_PASSWORD }).expect(200);
    expectProblem(await http().post('/v1/auth/login').send({ email: user.email, password: STRONG_PASSWORD }), 401, 'invalid_credentials');
  });

  it('ends every session of the user, tells the user by e-mail and audits the reset', async () => {
    const { user, token } = await requested();
    await http().get('/v1/me').set(bearer(user.token)).expect(200);
    await http().post('/v1/auth/password-reset/confirm').send({ token, newPassword: NEW_PASSWORD }).expect(204);
    await http().get('/v1/me').set(bearer(user.token)).expect(401);
    expectProblem(await http().post('/v1/auth/refresh').send({ refreshToken: user.refreshToken }), 401, 'invalid_refresh_token');
    const mails = await world.sink.waitFor(user.email, 2);
    expect(mails[1].subject).toBe('【Kaiji】パスワードが変更されました');
    expect(mails[1].text).toContain('すべての端末からログアウト');
    expect(mails[1].text).not.toContain('token=');
    const audit: { action: string; actor_id: string }[] = await world.t.db.query(
      `SELECT action, actor_id FROM audit_events WHERE target_id = $1 AND action IN ('auth.password_reset_request', 'user.password_reset') ORDER BY chain_seq`,
      [user.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['auth.password_reset_request', 'user.password_reset']);
  });

  it('refuses an expired token and changes nothing', async () => {
    const { user, token } = await requested();
    await withOwner((owner) =>
      owner.query(`UPDATE password_reset_tokens SET expires_at = now() - interval '1 minute' WHERE token_hash = $1`, [createHash('sha256').update(token).digest('hex')]),
      world.t.ownerUrl,
    );
    expectProblem(await http().post('/v1/auth/password-reset/confirm').send({ token, newPassword: NEW_PASSWORD }), 400, 'invalid_reset_token');
    await http().get('/v1/me').set(bearer(user.token)).expect(200);
    await http().post('/v1/auth/login').send({ email: user.email, password: STRONG_PASSWORD }).expect(200);
  });

  it('refuses a weak password with nothing changed: the token, the sessions and the password stay', async () => {
    const { user, token } = await requested();
    const weak = await http().post('/v1/auth/password-reset/confirm').send({ token, newPassword: 'password' });
    expectProblem(weak, 400, 'validation_failed');
    expect(JSON.stringify(weak.body)).toContain('newPassword');
    await http().get('/v1/me').set(bearer(user.token)).expect(200);
    await http().post('/v1/auth/login').send({ email: user.email, password: STRONG_PASSWORD }).expect(200);
    await http().post('/v1/auth/password-reset/confirm').send({ token, newPassword: NEW_PASSWORD }).expect(204);
  });

  it('lets only the newest link work', async () => {
    const { user, token: first } = await requested();
    await http().post('/v1/auth/password-reset').send({ email: user.email }).expect(202);
    const mails = await world.sink.waitFor(user.email, 2);
    const second = resetTokenIn(mails[1]);
    expectProblem(await http().post('/v1/auth/password-reset/confirm').send({ token: first, newPassword: NEW_PASSWORD }), 400, 'invalid_reset_token');
    await http().post('/v1/auth/password-reset/confirm').send({ token: second, newPassword: NEW_PASSWORD }).expect(204);
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    expectProblem(await http().post('/v1/auth/password-reset').send({ email: 'not-an-address' }), 400, 'validation_failed');
    expectProblem(await http().post('/v1/auth/password-reset').send({}), 400, 'validation_failed');
    expectProblem(await http().post('/v1/auth/password-reset/confirm').send({ token: 'short', newPassword: NEW_PASSWORD }), 400, 'validation_failed');
    expectProblem(await http().post('/v1/auth/password-reset/confirm').send({ token: 'x'.repeat(43), newPassword: NEW_PASSWORD }), 400, 'invalid_reset_token');
  });

  it('limits requests per address, whether an account has it or not', async () => {
    const address = uniqueEmail('limited');
    for (let i = 0; i < 3; i++) await http().post('/v1/auth/password-reset').send({ email: address }).expect(202);
    const refused = await http().post('/v1/auth/password-reset').send({ email: address });
    expectProblem(refused, 429, 'password_reset_rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits requests per source', async () => {
    // Its own database counts every request from 127.0.0.1 this hour: the limit is reached within limit + 1 requests.
    const limited = await startMailWorld({ KAIJI_JOBS: 'off', KAIJI_PASSWORD_RESET_SOURCE_LIMIT: '3' });
    try {
      let status = 0;
      for (let i = 0; i < 4 && status !== 429; i++) status = (await limited.t.http.post('/v1/auth/password-reset').send({ email: uniqueEmail('source') })).status;
      expect(status).toBe(429);
      expectProblem(await limited.t.http.post('/v1/auth/password-reset').send({ email: uniqueEmail('source') }), 429, 'password_reset_rate_limited');
    } finally {
      await limited.t.close();
      await limited.sink.close();
    }
  });
}
