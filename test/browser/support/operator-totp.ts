import { readFileSync, writeFileSync } from 'node:fs';
import { authenticator } from 'otplib';

/**
 * The demo operator's 2FA for the browser tests. The operator's logins always use 2FA, so the global
 * set-up enrols it once over the API and keeps the seed, with the last 30-second step used, in a
 * file (KAIJI_BROWSER_OPERATOR_TOTP): test files run one after another and each TOTP step is
 * accepted once per account, so every login takes a step no earlier one took.
 */
const STEP_MS = 30_000;
/** A code of the previous step expires at the next boundary: use one only this far from it. */
const PREVIOUS_STEP_MARGIN_MS = 5_000;

interface Stored {
  secret: string;
  lastStep: number | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function file(): string {
  const path = process.env.KAIJI_BROWSER_OPERATOR_TOTP;
  if (!path) throw new Error('KAIJI_BROWSER_OPERATOR_TOTP is not set: run the browser tests through jest (npm run test:browser)');
  return path;
}

/** A code for the demo operator that no earlier login used. */
export async function operatorCode(path = file()): Promise<string> {
  const stored = JSON.parse(readFileSync(path, 'utf8')) as Stored;
  for (;;) {
    const now = Math.floor(Date.now() / STEP_MS);
    const untilNext = STEP_MS - (Date.now() % STEP_MS);
    const step = Math.max((stored.lastStep ?? Number.NEGATIVE_INFINITY) + 1, untilNext < PREVIOUS_STEP_MARGIN_MS ? now : now - 1);
    if (step > now + 1) {
      await sleep(untilNext + 50);
      continue;
    }
    writeFileSync(path, JSON.stringify({ ...stored, lastStep: step }));
    return authenticator.clone({ epoch: step * STEP_MS + STEP_MS / 2 }).generate(stored.secret);
  }
}

/** Enrols the demo operator over the API (global set-up, once per run) and writes the seed to `path`. */
export async function enrolOperator(baseUrl: string, email: string, password: string, path: string): Promise<void> {
  const call = async (method: string, route: string, body?: unknown, token?: string): Promise<Record<string, unknown>> => {
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route} → ${response.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  };
  const pending = (await call('POST', '/v1/auth/login', { email, password })).accessToken as string;
  const { secret } = (await call('POST', '/v1/auth/2fa/enrolment', {}, pending)) as { secret: string };
  writeFileSync(path, JSON.stringify({ secret, lastStep: null } satisfies Stored), { mode: 0o600 });
  await call('POST', '/v1/auth/2fa/enrolment/confirm', { otp: await operatorCode(path) }, pending);
}
