import type { Response } from 'supertest';
import { Factory, STRONG_PASSWORD, uniqueEmail } from './support/factories';
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

    const [attempts] = await t.db.query('SELECT failures, locked_until > now() AS locked FROM login_attempts WHERE email_key = $1', [admin.email.toLowerCase()]);
    expect(attempts).toEqual({ failures: THRESHOLD, locked: true });
  });

  it('lets no more guesses through when they arrive all at once', async () => {
    const { admin } = await f.tenant('vendor');
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, n) => t.http.post('/v1/auth/login').send({ email: admin.email, password: `Parallel-guess-${n}` })),
    );
    const statuses = burst.map((r) => r.status).sort();
    // Attempts are taken one at a time per e-mail: two free failures, then everyone must wait.
    expect(statuses).toEqual([...Array(2).fill(401), ...Array(10).fill(429)]);
    const [row] = await t.db.query('SELECT failures FROM login_attempts WHERE email_key = $1', [admin.email.toLowerCase()]);
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
    const [row] = await t.db.query('SELECT failures FROM login_attempts WHERE email_key = $1', [admin.email.toLowerCase()]);
    expect(row).toEqual({ failures: 2 });
    await sleep(1_050);
    await t.http.post('/v1/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
    expect(await t.db.query('SELECT failures FROM login_attempts WHERE email_key = $1', [admin.email.toLowerCase()])).toEqual([]);
  });

  it('lets the right password in once the lock has run out, and starts counting afresh', async () => {
    const { admin } = await f.tenant('vendor');
    const key = admin.email.toLowerCase();
    // As if THRESHOLD failures had locked the login, long enough ago for the lock to have run out.
    await t.db.query(
      `INSERT INTO login_attempts (email_key, failures, locked_until, last_failure_at) VALUES ($1, $2, now() - interval '1 second', now() - make_interval(mins => $3))`,
      [key, THRESHOLD, LOCK_MINUTES],
    );
    expectProblem(await t.http.post('/v1/auth/login').send({ email: admin.email, password: 'Wrong-again-1' }), 401, 'invalid_credentials');
    expect(await t.db.query('SELECT failures, locked_until FROM login_attempts WHERE email_key = $1', [key])).toEqual([{ failures: 1, locked_until: null }]);
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
    // 40 failures: an uncapped doubling would mean a wait of 2^38 seconds.
    await t.db.query(`INSERT INTO login_attempts (email_key, failures, last_failure_at) VALUES ($1, 40, now() - interval '30 seconds')`, [key]);
    const slowed = await t.http.post('/v1/auth/login').send({ email: admin.email, password: admin.password });
    expectProblem(slowed, 429, 'login_slowed_down');
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(30);
    await t.db.query(`UPDATE login_attempts SET last_failure_at = now() - interval '61 seconds' WHERE email_key = $1`, [key]);
    await t.http.post('/v1/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
  });
});
