import { randomUUID } from 'node:crypto';
import { authenticator } from 'otplib';
import { enrolledCode, loginWithTotp, requiresTwoFactor, sharedSession } from './operator-login';
import type { TestApp } from './test-app';
import { TEST_OPERATOR } from './test-app';

export const STRONG_PASSWORD = 'Str0ng-pass!word';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  organizationId: string;
  token: string;
  refreshToken: string;
}

export interface TestOrganization {
  id: string;
  kind: 'vendor' | 'pharmacy' | 'chain';
  name: string;
}

export const uniqueEmail = (label = 'user') => `${label}-${randomUUID().slice(0, 8)}@example.test`;

/** A valid, unused 10-digit 保険薬局コード. */
export const uniquePharmacyCode = () => String(Math.floor(1e9 + Math.random() * 9e9));

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Builds tenants through the public API, as the operator and admins would: one fresh tenant per test. */
export class Factory {
  private operatorToken?: string;
  /** The admin that creates an organization's other accounts: the first one made here. */
  private readonly admins = new Map<string, TestUser>();
  private readonly creatorTokens = new Map<string, string>();

  constructor(private readonly t: TestApp) {}

  /** The operator's token. Its logins need 2FA: the first one enrols it (see operator-login.ts). */
  async operator(): Promise<string> {
    this.operatorToken ??= (await sharedSession(this.t, TEST_OPERATOR.email, TEST_OPERATOR.password)).accessToken;
    return this.operatorToken;
  }

  /** Logs in; an account the helpers enrolled in 2FA (the operator's) presents a fresh code unless one is given. */
  async login(email: string, password: string, otp?: string): Promise<{ accessToken: string; refreshToken: string }> {
    const code = otp ?? (await enrolledCode(email));
    const response = await this.t.http.post('/v1/auth/login').send({ email, password, ...(code ? { otp: code } : {}) });
    if (response.status !== 200) throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { accessToken: string; refreshToken: string };
  }

  async organization(kind: TestOrganization['kind'], extra: Record<string, unknown> = {}): Promise<TestOrganization> {
    const body = { kind, name: `${kind} ${randomUUID().slice(0, 6)}`, ...(kind === 'pharmacy' ? { pharmacyCode: uniquePharmacyCode() } : {}), ...extra };
    const response = await this.t.http.post('/v1/organizations').set(bearer(await this.operator())).send(body);
    if (response.status !== 201) throw new Error(`creating ${kind} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as TestOrganization;
  }

  /**
   * A user, logged in. As in production, the operator creates only an organization's first admin;
   * every other account is created by that admin (the first this factory made for the organization,
   * made first when there is none yet).
   */
  async user(organizationId: string, role: 'admin' | 'member' | 'viewer' = 'admin', password = STRONG_PASSWORD): Promise<TestUser> {
    const email = uniqueEmail(role);
    const creator = this.admins.get(organizationId) ?? (role === 'admin' ? undefined : await this.user(organizationId, 'admin'));
    const send = async (token: string) =>
      this.t.http.post(`/v1/organizations/${organizationId}/users`).set(bearer(token)).send({ email, displayName: `${role} テスト`, role, password });
    let response = await send(creator ? (this.creatorTokens.get(organizationId) ?? creator.token) : await this.operator());
    if (creator && response.status === 401) {
      // The creating admin's session ended (a test logged it out) or its token ran out: a session of the factory's own.
      this.creatorTokens.set(organizationId, (await this.login(creator.email, creator.password)).accessToken);
      response = await send(this.creatorTokens.get(organizationId) as string);
    }
    if (response.status !== 201) throw new Error(`creating user failed: ${response.status} ${JSON.stringify(response.body)}`);
    const tokens = requiresTwoFactor(organizationId) ? await loginWithTotp(this.t.http, email, password) : await this.login(email, password);
    const user = { id: response.body.id as string, email, password, organizationId, token: tokens.accessToken, refreshToken: tokens.refreshToken };
    if (role === 'admin' && !this.admins.has(organizationId)) this.admins.set(organizationId, user);
    return user;
  }

  /** An organization with its first admin, signed in. */
  async tenant(kind: TestOrganization['kind'], extra: Record<string, unknown> = {}): Promise<{ org: TestOrganization; admin: TestUser }> {
    const org = await this.organization(kind, extra);
    return { org, admin: await this.user(org.id, 'admin') };
  }

  /** An API client of the organization, and a token obtained with it. */
  async apiClient(admin: TestUser, options: { scopes?: string[]; allowedCidrs?: string[] } = {}) {
    const created = await this.t.http
      .post(`/v1/organizations/${admin.organizationId}/api-clients`)
      .set(bearer(admin.token))
      .send({ name: 'レセコン連携', scopes: options.scopes ?? ['checklists:write'], allowedCidrs: options.allowedCidrs ?? ['127.0.0.0/8', '::1/128'] });
    if (created.status !== 201) throw new Error(`creating API client failed: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body as { id: string; clientId: string; clientSecret: string };
  }
}

/**
 * A TOTP code `steps` periods from now. Kaiji accepts each time step once, so a test that needs
 * several codes in a row takes the next step each time (the verifier allows one step of drift).
 */
export function totp(secret: string, steps = 0): string {
  return authenticator.clone({ epoch: Date.now() + steps * 30_000 }).generate(secret);
}
