import type request from 'supertest';
import { TotpDriver } from './access-totp';
import type { TestApp } from './test-app';

type Http = ReturnType<typeof request>;

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

/**
 * TOTP codes of the accounts these helpers enrolled (the operator's, and any other account of the
 * operator organization), by user id. The access matrix draws its codes from the same driver, so
 * that no time step is offered twice for one account.
 */
export const enrolledTotp = new TotpDriver();
/** Lower-cased e-mail → user id of the accounts enrolled here. */
const enrolledAccounts = new Map<string, string>();
/** Organizations whose accounts must enrol before they may act (learnt while enrolling). */
const twoFactorOrganizations = new Set<string>();

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Whether accounts of this organization are known to need 2FA before they may act (the operator's). */
export function requiresTwoFactor(organizationId: string): boolean {
  return twoFactorOrganizations.has(organizationId);
}

/** A fresh code for an account these helpers enrolled; undefined for any other account. */
export async function enrolledCode(email: string): Promise<string | undefined> {
  const id = enrolledAccounts.get(email.toLowerCase());
  return id ? enrolledTotp.code(id) : undefined;
}

/** Sessions kept per account and signing key: apps of one test file that share the key share the session. */
const sessions = new Map<string, SessionTokens & { goodUntil: number }>();

/**
 * A session of an account whose organization requires 2FA (the operator's), logged in once per test
 * file and signing key while its access token lasts: codes are scarce (one per 30-second step and
 * account), and a file may start several apps.
 */
export async function sharedSession(t: TestApp, email: string, password: string): Promise<SessionTokens> {
  const key = `${email.toLowerCase()} ${t.config.jwt.secret}`;
  const kept = sessions.get(key);
  if (kept && kept.goodUntil > Date.now()) return kept;
  const tokens = await loginWithTotp(t.http, email, password);
  sessions.set(key, { ...tokens, goodUntil: Date.now() + (t.config.jwt.accessTokenTtlSeconds - 60) * 1000 });
  return tokens;
}

/**
 * Logs in an account whose organization requires 2FA (the operator's always does). Its first login
 * opens a session that can only enrol: the helper enrols as the portal would (seed, then a code),
 * then logs in again with a code. Later logins present a code at once.
 */
export async function loginWithTotp(http: Http, email: string, password: string): Promise<SessionTokens> {
  if (!enrolledAccounts.has(email.toLowerCase())) await enrol(http, email, password);
  return login(http, email, password, await enrolledCode(email));
}

async function enrol(http: Http, email: string, password: string): Promise<void> {
  const pending = await login(http, email, password);
  const me = expectOk(await http.get('/v1/me').set(auth(pending.accessToken)), 'GET /v1/me');
  const userId = me.id as string;
  if (me.twoFactorEnrolmentRequired !== true) throw new Error(`${email} is not required to enrol 2FA: log it in with Factory.login`);
  twoFactorOrganizations.add((me.organization as { id: string }).id);
  const started = expectOk(await http.post('/v1/auth/2fa/enrolment').set(auth(pending.accessToken)), 'starting the 2FA enrolment');
  enrolledTotp.remember(userId, started.secret as string);
  const otp = await enrolledTotp.code(userId);
  expectOk(await http.post('/v1/auth/2fa/enrolment/confirm').set(auth(pending.accessToken)).send({ otp }), 'confirming the 2FA enrolment');
  enrolledAccounts.set(email.toLowerCase(), userId);
}

async function login(http: Http, email: string, password: string, otp?: string): Promise<SessionTokens> {
  const response = await http.post('/v1/auth/login').send({ email, password, ...(otp ? { otp } : {}) });
  return expectOk(response, `login of ${email}`) as unknown as SessionTokens;
}

function expectOk(response: request.Response, what: string): Record<string, unknown> {
  if (response.status !== 200) throw new Error(`${what} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, unknown>;
}
