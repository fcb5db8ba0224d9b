import { authenticator } from 'otplib';
import { baseUrl } from './browser';
import { operatorCode } from './operator-totp';

export const DEMO_PASSWORD = 'Kaiji-demo-2025!';
export const DEMO_OPERATOR = 'operator@kaiji.example';

/** A minimal client of the public API, acting as someone other than the browser's user. */
export class Api {
  constructor(private readonly token: string) {}

  static async login(email: string, password = DEMO_PASSWORD, otp?: string): Promise<Api> {
    return (await Api.loginWithTokens(email, password, otp)).api;
  }

  static async loginWithTokens(email: string, password = DEMO_PASSWORD, otp?: string): Promise<{ api: Api; accessToken: string; expiresIn: number }> {
    const tokens = await call<{ accessToken: string; expiresIn: number }>('POST', '/v1/auth/login', undefined, { email, password, otp });
    return { api: new Api(tokens.accessToken), accessToken: tokens.accessToken, expiresIn: tokens.expiresIn };
  }

  /** The demo operator, with a fresh 2FA code (see operator-totp.ts). */
  static async operator(): Promise<Api> {
    return Api.login(DEMO_OPERATOR, DEMO_PASSWORD, await operatorCode());
  }

  /** A vendor system: OAuth 2.0 client credentials. */
  static async client(clientId: string, clientSecret: string): Promise<Api> {
    const token = await call<{ access_token: string }>('POST', '/v1/auth/token', undefined, { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    return new Api(token.access_token);
  }

  get<T>(path: string): Promise<T> {
    return call<T>('GET', path, this.token);
  }
  post<T>(path: string, body: unknown = {}): Promise<T> {
    return call<T>('POST', path, this.token, body);
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return call<T>('PUT', path, this.token, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return call<T>('PATCH', path, this.token, body);
  }
}

async function call<T>(method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * A TOTP code for the next 30-second step: the server accepts one step ahead and refuses a step
 * already used (the enrolment's), so this works at once after enrolling.
 */
export function nextTotp(secret: string): string {
  const next = authenticator.clone({ step: 30, window: 1, digits: 6, epoch: Date.now() + 30_000 });
  return next.generate(secret);
}

export function currentTotp(secret: string): string {
  return authenticator.clone({ step: 30, window: 1, digits: 6 }).generate(secret);
}

/** Unique enough for names, e-mails and 10-digit 保険薬局コード within one run. */
export function uniqueSuffix(): string {
  return `${Date.now() % 1_000_000}`.padStart(6, '0');
}
