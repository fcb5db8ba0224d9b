import type { Response } from 'supertest';
import { bearer, Factory, STRONG_PASSWORD, totp, uniqueEmail } from './support/factories';
import { expectProblem, sleep } from './support/auth-helpers';
import { startTestApp, TestApp } from './support/test-app';

const THRESHOLD = 4;
const LOCK_MINUTES = 15;

/** What a caller can observe of one login answer; request ids and instance aside, nothing else differs. */
const observable = (response: Response) => ({
  status: response.status,
  code: (response.body as { code?: string }).code,
  detail: (response.body as { detail?: string }).detail,
  retryAfter: response.headers['retry-after'] as string | undefined,
});

/** The bucket this suite's own requests are counted in (supertest reaches the app over IPv4 or IPv6 loopback). */
async function loopbackSourceKey(t: TestApp): Promise<string> {
  const probe = uniqueEmail('probe');
  await t.http.post('/v1/auth/login').send({ email: probe, password: 'Probe-password-1' }).expect(401);
  const [row]: { source_key: string }[] = await t.db.query(`SELECT source_key FROM login_attempts WHERE email_key = $1 AND source_key <> '*'`, [probe]);
  return row.source_key;
}

/**
 * Repeated failures: free attempts, then waits of 1 s and 2 s, then the lock at the threshold.
 * `correct` is tried while slowed down and while locked: it must be refused as well.
 */
async function failUntilLocked(t: TestApp, email: string, correct: string) {
  const login = (password: string) => t.http.post('/v1/auth/login').send({ email, password });
  const steps: Response[] = [];
  steps.push(await login('Wrong-password-1'));
  steps.push(await login('Wrong-password-2'));
  steps.push(await login(correct)); // slowed down: 1 s
  await sleep(1_050);
  steps.push(await login('Wrong-password-3'));
  steps.push(await login(correct)); // slowed down: 2 s
  await sleep(2_050);
  steps.push(await login('Wrong-password-4')); // reaches the threshold
  steps.push(await login(correct)); // locked
  steps.push(await login('Wrong-password-5')); // still locked, not counted
  return steps;
}

describe('login slow-down and lockout', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp({ KAIJI_LOGIN_LOCK_THRESHOLD: String(THRESHOLD), KAIJI_LOGIN_LOCK_MINUTES: String(LOCK_MINUTES) });
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('slows down, then locks, even for the right password; an unknown e-mail answers exactly the same', async () => {
    const { admin } = await f.tenant('pharmacy');
    const unknown = uniqueEmail('nobody');
    const [known, stranger] = await Promise.all([failUntilLocked(t, admin.email, admin.password), failUntilLocked(t, unknown, STRONG_PASSWORD)]);

    const codes = known.map((r) => [r.status, (r.body as { code?: string }).code]);
    expect(codes).toEqual([
      [401, 'invalid_credentials'],
      [401, 'invalid_credentials'],
      [429, 'login_slowed_down'],
      [401, 'invalid_credentials'],
      [429, 'login_slowed_down'],
      [401, 'invalid_credentials'],
      [429, 'account_locked'],
      [429, 'account_locked'],
    ]);
    for (const response of [...known, ...stranger]) {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(known[2].headers['retry-after']).toBe('1');
    expect(known[4].headers['retry-after']).toBe('2');
    const lockedFor = Number(known[6].headers['retry-after']);
    expect(lockedFor).toBeGreaterThan(LOCK_MINUTES * 60 - 30);
    expect(lockedFor).toBeLessThanOrEqual(LOCK_MINUTES * 60);

    // Known and unknown e-mails are indistinguishable (lock times may differ by a second of clock).
    const comparable = (r: Response) => ({ ...observable(r), retryAfter: r.status === 429 && observable(r).code === 'account_locked' ? 'locked' : observable(r).retryAfter });
    expect(stranger.map(comparable)).toEqual(known.map(comparable));
    expect(Math.abs(Number(stranger[6].headers['retry-after']) - lockedFor)).toBeLessThanOrEqual(1);

    // Locked from this source; the account-wide count (all sources) is far from its own lock.
    const attempts = await t.db.query(
      `SELECT source_key = '*' AS account_wide, failures, locked_until > now() AS locked FROM login_attempts WHERE email_key = $1 ORDER BY source_key = '*'`,
      [admin.email.toLowerCase()],
    );
    expect(attempts).toEqual([
      { account_wide: false, failures: THRESHOLD, locked: true },
      { account_wide: true, failures: THRESHOLD, locked: null },
    ]);
  });

  it('lets no more guesses through when they arrive all at once', async () => {
    const { admin } = await f.tenant('vendor');
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, n) => t.http.post('/v1/auth/login').send({ email: admin.email, password: `Parallel-guess-${n}` })),
    );
    const statuses = burst.map((r) => r.status).sort();
    // Attempts are taken one at a time per e-mail: two free failures, then everyone must wait.
    expect(statuses).toEqual([...Array(2).fill(401), ...Array(10).fill(429)]);
    const [row] = await t.db.query(`SELECT failures FROM login_attempts WHERE email_key = $1 AND source_key <> '*'`, [admin.email.toLowerCase()]);
    expect(row).toEqual({ failures: 2 });
  });

  it('never tells in a 401 whether the e-mail exists', async () => {
    const { admin } = await f.tenant('vendor');
    const wrongPassword = await t.http.post('/v1/auth/login').send({ email: admin.email, password: 'Not-the-password-1' });
    const noSuchUser = await t.http.post('/v1/auth/login').send({ email: uniqueEmail('ghost'), password: 'Not-the-password-1' });
    const strip = (r: Response) => {
      const { requestId: _requestId, instance: _instance, ...rest } = r.body as Record<string, unknown>;
      return { rest, wwwAuthenticate: r.headers['www-authenticate'] };
    };
    expectProblem(wrongPassword, 401, 'invalid_credentials');
    expectProblem(noSuchUser, 401, 'invalid_credentials');
    expect(strip(noSuchUser)).toEqual(strip(wrongPassword));
    expect(JSON.stringify(wrongPassword.body)).not.toMatch(/exist|unknown|not found|no such/i);
  });

  it('treats a disabled account like a wrong password', async () => {
    const { admin } = await f.tenant('vendor');
    const member = await f.user(admin.organizationId, 'member');
    await t.http.patch(`/v1/organizations/${admin.organizationId}/users/${member.id}`).set({ Authorization: `Bearer ${admin.token}` }).send({ disabled: true }).expect(200);
    const response = await t.http.post('/v1/auth/login').send({ email: member.email, password: member.password });
    expectProblem(response, 401, 'invalid_credentials');
  });

  it('counts failures per e-mail whatever its case, and a success clears them', async () => {
    const { admin } = await f.tenant('vendor');
    await t.http.post('/v1/auth/login').send({ email: admin.email.toUpperCase(), password: 'Wrong-password-1' }).expect(401);
    await t.http.post('/v1/auth/login').send({ email: admin.email, password: 'Wrong-password-2' }).expect(401);
    const counts = () => t.db.query(`SELECT source_key = '*' AS account_wide, failures FROM login_attempts WHERE email_key = $1 ORDER BY 1`, [admin.email.toLowerCase()]);
    expect(await counts()).toEqual([
      { account_wide: false, failures: 2 },
      { account_wide: true, failures: 2 },
    ]);
    await sleep(1_050);
    await t.http.post('/v1/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
    // The source's streak ends; the account-wide count runs out on its own (the owner's success must not wipe a stranger's count).
    expect(await counts()).toEqual([{ account_wide: true, failures: 2 }]);
  });

  it('lets the right password in once the lock has run out, and starts counting afresh', async () => {
    const { admin } = await f.tenant('vendor');
    const key = admin.email.toLowerCase();
    const source = await loopbackSourceKey(t);
    // As if THRESHOLD failures from here had locked the login, long enough ago for the lock to have run out.
    await t.db.query(
      `INSERT INTO login_attempts (email_key, source_key, failures, locked_until, first_failure_at, last_failure_at)
       VALUES ($1, $4, $2, now() - interval '1 second', now() - make_interval(mins => $3 + 1), now() - make_interval(mins => $3))`,
      [key, THRESHOLD, LOCK_MINUTES, source],
    );
    expectProblem(await t.http.post('/v1/auth/login').send({ email: admin.email, password: 'Wrong-again-1' }), 401, 'invalid_credentials');
    expect(await t.db.query('SELECT failures, locked_until FROM login_attempts WHERE email_key = $1 AND source_key = $2', [key, source])).toEqual([{ failures: 1, locked_until: null }]);
    await t.http.post('/v1/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
  });

  it('records every failed login in the audit log, with the reason, count and source', async () => {
    const { admin } = await f.tenant('chain');
    const ghost = uniqueEmail('ghost');
    await t.http.post('/v1/auth/login').set('User-Agent', 'lockout-test').send({ email: admin.email, password: 'Wrong-password-1' }).expect(401);
    await t.http.post('/v1/auth/login').send({ email: ghost, password: 'Wrong-password-1' }).expect(401);

    const rows = await t.db.query(
      `SELECT organization_id, actor_type, target_id, outcome, details, source_ip, user_agent FROM audit_events WHERE action = $1 AND actor_label = $2 AND outcome = 'failure'`,
      ['auth.login', admin.email.toLowerCase()],
    );
    expect(rows).toEqual([
      {
        organization_id: admin.organizationId,
        actor_type: 'anonymous',
        target_id: admin.id,
        outcome: 'failure',
        details: { reason: 'invalid_credentials', failures: 1, locked: false },
        source_ip: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$|^::1$/),
        user_agent: 'lockout-test',
      },
    ]);
    const ghostRows = await t.db.query(`SELECT organization_id, target_id, outcome, details FROM audit_events WHERE action = $1 AND actor_label = $2`, ['auth.login', ghost]);
    expect(ghostRows).toEqual([{ organization_id: null, target_id: null, outcome: 'failure', details: { reason: 'invalid_credentials', failures: 1, locked: false } }]);

    const successes = await t.db.query(`SELECT outcome FROM audit_events WHERE action = 'auth.login' AND target_id = $1 AND outcome = 'success'`, [admin.id]);
    expect(successes.length).toBeGreaterThanOrEqual(1); // the factory's own login
  });
});

describe('auth route rate limit', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp({ KAIJI_AUTH_RATE_LIMIT: '3' });
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('answers 429 rate_limited with Retry-After once a source exceeds the limit', async () => {
    const attempt = () => t.http.post('/v1/auth/refresh').send({ refreshToken: 'x'.repeat(40) });
    for (let n = 0; n < 3; n++) expectProblem(await attempt(), 401, 'invalid_refresh_token');
    const limited = await attempt();
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits the 2FA routes too, so that codes cannot be guessed through them', async () => {
    const { admin } = await f.tenant('vendor'); // two logins: within the limit
    const attempt = () => t.http.post('/v1/auth/2fa/recovery-codes').set({ Authorization: `Bearer ${admin.token}` }).send({ otp: '123456' });
    for (let n = 0; n < 3; n++) expectProblem(await attempt(), 409, 'two_factor_not_enrolled');
    expectProblem(await attempt(), 429, 'rate_limited');
  });
});

describe('slow-down under a high lock threshold', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp({ KAIJI_LOGIN_LOCK_THRESHOLD: '50', KAIJI_LOGIN_LOCK_MINUTES: '1' });
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('never makes a caller wait longer than the lock itself would', async () => {
    const { admin } = await f.tenant('vendor');
    const key = admin.email.toLowerCase();
    const source = await loopbackSourceKey(t);
    // 40 failures: an uncapped doubling would mean a wait of 2^38 seconds.
    await t.db.query(
      `INSERT INTO login_attempts (email_key, source_key, failures, first_failure_at, last_failure_at) VALUES ($1, $2, 40, now() - interval '40 seconds', now() - interval '30 seconds')`,
      [key, source],
    );
    const slowed = await t.http.post('/v1/auth/login').send({ email: admin.email, password: admin.password });
    expectProblem(slowed, 429, 'login_slowed_down');
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(30);
    await t.db.query(`UPDATE login_attempts SET last_failure_at = now() - interval '61 seconds' WHERE email_key = $1`, [key]);
    await t.http.post('/v1/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
  });
});

/**
 * Issue 13, Low 12: a signed-in caller re-entering the password (to change it, or to turn 2FA off)
 * or a code is checked like a login: wrong ones count with the account's failed logins from that
 * source, so a stolen session cannot guess the credentials behind it.
 */
describe('wrong current passwords and codes of a signed-in user', () => {
  const LOCK_AT = 3;
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp({ KAIJI_LOGIN_LOCK_THRESHOLD: String(LOCK_AT), KAIJI_LOGIN_LOCK_MINUTES: '15' });
    f = new Factory(t);
  });
  afterAll(() => t.close());

  const passwordHash = async (userId: string) => (await t.db.query<{ password_hash: string }[]>('SELECT password_hash FROM users WHERE id = $1', [userId]))[0].password_hash;

  it('counts wrong current passwords on POST /v1/auth/password: slowed down, then locked, the login too', async () => {
    const { admin } = await f.tenant('vendor');
    const before = await passwordHash(admin.id);
    const change = (currentPassword: string) =>
      t.http.post('/v1/auth/password').set(bearer(admin.token)).send({ currentPassword, newPassword: 'Br4nd-new-passw0rd!' });

    const first = await change('Guess-number-1!');
    expectProblem(first, 400, 'validation_failed');
    expect(first.body.errors).toEqual([{ field: 'currentPassword', message: expect.stringContaining('is not your current password') }]);
    expectProblem(await change('Guess-number-2!'), 400, 'validation_failed');
    const slowed = await change(admin.password); // the right one, but too soon
    expectProblem(slowed, 429, 'login_slowed_down');
    expect(slowed.headers['retry-after']).toBe('1');
    await sleep(1_050);
    expectProblem(await change('Guess-number-3!'), 400, 'validation_failed'); // the third: locked
    const locked = await change(admin.password);
    expectProblem(locked, 429, 'account_locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expectProblem(await t.http.post('/v1/auth/login').send({ email: admin.email, password: admin.password }), 429, 'account_locked');

    expect(await passwordHash(admin.id)).toBe(before);
    const audited = await t.db.query(
      `SELECT details FROM audit_events WHERE action = 'user.password_change' AND outcome = 'failure' AND target_id = $1 ORDER BY id`,
      [admin.id],
    );
    expect(audited.map((row: { details: unknown }) => row.details)).toEqual([
      { reason: 'wrong_password', failures: 1, locked: false },
      { reason: 'wrong_password', failures: 2, locked: false },
      { reason: 'wrong_password', failures: 3, locked: true },
    ]);
  });

  it('counts wrong passwords and codes on POST /v1/auth/2fa/disable, and keeps 2FA on', async () => {
    const { admin } = await f.tenant('pharmacy');
    const { secret } = (await t.http.post('/v1/auth/2fa/enrolment').set(bearer(admin.token)).expect(200)).body as { secret: string };
    await t.http.post('/v1/auth/2fa/enrolment/confirm').set(bearer(admin.token)).send({ otp: totp(secret) }).expect(200);
    const disable = (password: string, otp: string) => t.http.post('/v1/auth/2fa/disable').set(bearer(admin.token)).send({ password, otp });

    expectProblem(await disable('Guess-number-1!', totp(secret, 1)), 400, 'validation_failed');
    expectProblem(await disable(admin.password, '000000'), 400, 'validation_failed');
    await sleep(1_050);
    expectProblem(await disable('Guess-number-2!', totp(secret, 1)), 400, 'validation_failed'); // the third: locked
    expectProblem(await disable(admin.password, totp(secret, 1)), 429, 'account_locked');

    const [row]: { enrolled: boolean }[] = await t.db.query('SELECT totp_enabled_at IS NOT NULL AS enrolled FROM users WHERE id = $1', [admin.id]);
    expect(row.enrolled).toBe(true);
    const reasons = await t.db.query(
      `SELECT details->>'reason' AS reason FROM audit_events WHERE action = 'user.two_factor_disable' AND outcome = 'failure' AND target_id = $1 ORDER BY id`,
      [admin.id],
    );
    expect(reasons.map((r: { reason: string }) => r.reason)).toEqual(['wrong_password', 'invalid_otp', 'wrong_password']);
  });
});
