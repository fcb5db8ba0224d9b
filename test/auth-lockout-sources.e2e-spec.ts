import { loadConfig } from '../src/config/app-config';
import { expectProblem, sleep } from './support/auth-helpers';
import { Factory, TestUser } from './support/factories';
import { enrolledCode } from './support/operator-login';
import { startTestApp, TEST_OPERATOR, TestApp } from './support/test-app';

/**
 * Issue 13, Low 13: failed logins are throttled per account and source, so that a stranger's five
 * failures lock the stranger out, not the owner. Sources are varied over loopback through the
 * trusted proxy's X-Forwarded-For (127.0.0.1 plays the load balancer).
 */
const TRUSTED_LOOPBACK = { KAIJI_TRUST_PROXY: '127.0.0.1,::1' };
const SOURCE_LOCK = 3;

function loginFrom(t: TestApp, source: string, email: string, password: string, otp?: string) {
  return t.http.post('/v1/auth/login').set('X-Forwarded-For', source).send({ email, password, ...(otp ? { otp } : {}) });
}

/** Failures from one source until it is locked out: two free, a one-second wait, the third locks. */
async function lockOut(t: TestApp, source: string, email: string): Promise<void> {
  expectProblem(await loginFrom(t, source, email, 'Guess-number-1!'), 401, 'invalid_credentials');
  expectProblem(await loginFrom(t, source, email, 'Guess-number-2!'), 401, 'invalid_credentials');
  await sleep(1_050);
  expectProblem(await loginFrom(t, source, email, 'Guess-number-3!'), 401, 'invalid_credentials');
}

describe('login throttling per account and source', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp({ ...TRUSTED_LOOPBACK, KAIJI_LOGIN_LOCK_THRESHOLD: String(SOURCE_LOCK) });
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('locks a stranger out of the operator’s account, and lets the operator in from elsewhere', async () => {
    await f.operator(); // enrolled in 2FA, as every operator is
    await lockOut(t, '198.51.100.66', TEST_OPERATOR.email);
    // Even the right password is refused from there (the lock answers before any code is looked at).
    const stranger = await loginFrom(t, '198.51.100.66', TEST_OPERATOR.email, TEST_OPERATOR.password, '123456');
    expectProblem(stranger, 429, 'account_locked');

    const owner = await loginFrom(t, '203.0.113.10', TEST_OPERATOR.email, TEST_OPERATOR.password, await enrolledCode(TEST_OPERATOR.email));
    expect(owner.status).toBe(200);
    expect(owner.body).toEqual(expect.objectContaining({ accessToken: expect.any(String) }));
  });

  it('treats an IPv6 /64 as one source', async () => {
    const { admin } = await f.tenant('pharmacy');
    await lockOut(t, '2001:db8:1:2::5', admin.email);
    expectProblem(await loginFrom(t, '2001:db8:1:2::99', admin.email, admin.password), 429, 'account_locked');
    expect((await loginFrom(t, '2001:db8:1:3::1', admin.email, admin.password)).status).toBe(200);
    expect((await loginFrom(t, '192.0.2.44', admin.email, admin.password)).status).toBe(200);
  });

  it('answers an unknown e-mail from a locked-out source exactly as a known one', async () => {
    const { admin } = await f.tenant('vendor');
    const ghost = `ghost-${admin.email}`;
    await Promise.all([lockOut(t, '198.51.100.70', admin.email), lockOut(t, '198.51.100.70', ghost)]);
    const [known, unknown] = [await loginFrom(t, '198.51.100.70', admin.email, admin.password), await loginFrom(t, '198.51.100.70', ghost, admin.password)];
    expectProblem(known, 429, 'account_locked');
    expectProblem(unknown, 429, 'account_locked');
    expect((await loginFrom(t, '198.51.100.71', admin.email, admin.password)).status).toBe(200);
  });
});

describe('the account-wide cap', () => {
  const ACCOUNT_LOCK = 6;
  let t: TestApp;
  let f: Factory;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestApp({ ...TRUSTED_LOOPBACK, KAIJI_LOGIN_LOCK_THRESHOLD: String(SOURCE_LOCK), KAIJI_LOGIN_ACCOUNT_LOCK_THRESHOLD: String(ACCOUNT_LOCK) });
    f = new Factory(t);
    user = (await f.tenant('vendor')).admin;
  });
  afterAll(() => t.close());

  it('locks the account for every source once guesses spread over many sources reach it', async () => {
    // Three sources, two failures each: none is locked on its own, together they reach the cap.
    for (const source of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      for (const guess of ['Guess-a-1!', 'Guess-b-2!']) expectProblem(await loginFrom(t, source, user.email, guess), 401, 'invalid_credentials');
    }
    const owner = await loginFrom(t, '203.0.113.77', user.email, user.password);
    expectProblem(owner, 429, 'account_locked');
    expect(Number(owner.headers['retry-after'])).toBeGreaterThan(14 * 60);
    const [row]: { failures: number; locked: boolean }[] = await t.db.query(
      `SELECT failures, locked_until > now() AS locked FROM login_attempts WHERE email_key = $1 AND source_key = '*'`,
      [user.email.toLowerCase()],
    );
    expect(row).toEqual({ failures: ACCOUNT_LOCK, locked: true });
  });

  it('refuses at boot an account-wide cap one source could reach alone', () => {
    expect(() => loadConfigWith({ KAIJI_LOGIN_LOCK_THRESHOLD: '5', KAIJI_LOGIN_ACCOUNT_LOCK_THRESHOLD: '5' })).toThrow(
      /^Configuration error: KAIJI_LOGIN_ACCOUNT_LOCK_THRESHOLD must be larger than KAIJI_LOGIN_LOCK_THRESHOLD/,
    );
  });
});

function loadConfigWith(env: Record<string, string>) {
  return loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://kaiji@127.0.0.1:5432/kaiji', KAIJI_JWT_SECRET: 'x'.repeat(40), KAIJI_TOTP_KEY: 'c'.repeat(64), ...env });
}
