import { TotpDriver } from '../../support/access-totp';

/** One request to the API: the status and the body as text. */
export type ApiCall = (method: 'GET' | 'POST', path: string, body?: unknown, token?: string) => Promise<{ status: number; body: string }>;

/** Codes of the operators this process enrolled, by e-mail (each 30-second step is accepted once). */
const codes = new TotpDriver();
const enrolled = new Set<string>();

/**
 * The operator's access token for scripts that start the API on a fresh database (benchmarks, load
 * and fault scripts, browser scenarios). The operator's logins always use 2FA: its first login opens
 * a session that can only enrol, so this enrols (as the portal would), then logs in with a code.
 */
export async function operatorAccessToken(call: ApiCall, email: string, password: string): Promise<string> {
  if (!enrolled.has(email)) {
    const pending = await tokens(call, { email, password });
    const me = json<{ twoFactorEnrolmentRequired?: boolean }>(await call('GET', '/v1/me', undefined, pending), 'GET /v1/me');
    if (!me.twoFactorEnrolmentRequired) throw new Error(`${email} is enrolled already with a seed this process does not know: start from a fresh database`);
    const { secret } = json<{ secret: string }>(await call('POST', '/v1/auth/2fa/enrolment', {}, pending), 'starting the 2FA enrolment');
    codes.remember(email, secret);
    json(await call('POST', '/v1/auth/2fa/enrolment/confirm', { otp: await codes.code(email) }, pending), 'confirming the 2FA enrolment');
    enrolled.add(email);
  }
  return tokens(call, { email, password, otp: await codes.code(email) });
}

async function tokens(call: ApiCall, credentials: Record<string, string>): Promise<string> {
  return json<{ accessToken: string }>(await call('POST', '/v1/auth/login', credentials), `login of ${credentials.email}`).accessToken;
}

function json<T>(response: { status: number; body: string }, what: string): T {
  if (response.status < 200 || response.status >= 300) throw new Error(`${what}: ${response.status} ${response.body.slice(0, 300)}`);
  return (response.body ? JSON.parse(response.body) : {}) as T;
}

/** An ApiCall over fetch, for scripts without a client of their own. */
export function fetchCall(baseUrl: string): ApiCall {
  return async (method, path, body, token) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.text() };
  };
}
