import type { Response } from 'supertest';
import { bearer, Factory, totp } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { fenceOutboundConnections } from './support/webhook-receiver';

/**
 * Issue 13, Low 16: every answer that carries a credential (tokens, API-client and webhook secrets,
 * TOTP seeds, recovery codes) tells caches not to keep it: Cache-Control: no-store, and Pragma:
 * no-cache for HTTP/1.0 caches as OAuth token responses do (RFC 6749 §5.1).
 */
function expectNotStored(response: Response, what: string): void {
  expect({ what, status: response.status < 300, cacheControl: response.headers['cache-control'], pragma: response.headers.pragma }).toEqual({
    what,
    status: true,
    cacheControl: 'no-store',
    pragma: 'no-cache',
  });
}

describe('answers that carry credentials are not stored', () => {
  let t: TestApp;
  let f: Factory;
  let fence: ReturnType<typeof fenceOutboundConnections>;
  beforeAll(async () => {
    fence = fenceOutboundConnections();
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(async () => {
    await t.close();
    fence.restore();
    expect(fence.attempts).toEqual([]);
  });

  it('login and refresh', async () => {
    const { admin } = await f.tenant('pharmacy');
    const login = await t.http.post('/v1/auth/login').send({ email: admin.email, password: admin.password });
    expectNotStored(login, 'POST /v1/auth/login');
    expectNotStored(await t.http.post('/v1/auth/refresh').send({ refreshToken: login.body.refreshToken as string }), 'POST /v1/auth/refresh');
  });

  it('the client-credentials token, and the API client secret at creation', async () => {
    const { admin } = await f.tenant('vendor');
    const created = await t.http
      .post(`/v1/organizations/${admin.organizationId}/api-clients`)
      .set(bearer(admin.token))
      .send({ name: 'キャッシュ検査', scopes: ['products:write'], allowedCidrs: ['127.0.0.0/8', '::1/128'] });
    expectNotStored(created, 'POST /v1/organizations/{id}/api-clients');
    const token = await t.http.post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: created.body.clientId, client_secret: created.body.clientSecret });
    expectNotStored(token, 'POST /v1/auth/token');
  });

  it('the 2FA seed and recovery codes', async () => {
    const { admin } = await f.tenant('chain');
    const started = await t.http.post('/v1/auth/2fa/enrolment').set(bearer(admin.token));
    expectNotStored(started, 'POST /v1/auth/2fa/enrolment');
    const secret = started.body.secret as string;
    expectNotStored(await t.http.post('/v1/auth/2fa/enrolment/confirm').set(bearer(admin.token)).send({ otp: totp(secret) }), 'POST /v1/auth/2fa/enrolment/confirm');
    expectNotStored(await t.http.post('/v1/auth/2fa/recovery-codes').set(bearer(admin.token)).send({ otp: totp(secret, 1) }), 'POST /v1/auth/2fa/recovery-codes');
  });

  it('the webhook signing secret, at creation and rotation (a literal public address: registration connects nowhere)', async () => {
    const { admin } = await f.tenant('vendor');
    const created = await t.http.post('/v1/webhooks').set(bearer(admin.token)).send({ url: 'http://93.184.215.14/kaiji', events: ['contract.proposed'] });
    expectNotStored(created, 'POST /v1/webhooks');
    expectNotStored(await t.http.post(`/v1/webhooks/${created.body.id as string}/rotate-secret`).set(bearer(admin.token)), 'POST /v1/webhooks/{id}/rotate-secret');
  });
});
