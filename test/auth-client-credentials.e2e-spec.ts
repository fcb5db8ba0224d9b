import { bearer, Factory, TestUser } from './support/factories';
import { claimsOf, expectProblem } from './support/auth-helpers';
import { expectOAuthError } from './support/oauth-errors';
import { startTestApp, TestApp } from './support/test-app';

type Client = { id: string; clientId: string; clientSecret: string };

/** OAuth 2.0 client credentials (RFC 6749 §4.4) for vendor systems, with source restriction (2-⑬). */
describe('client-credentials grant', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  const tokenRequest = (body: Record<string, string>) => t.http.post('/v1/auth/token').send({ grant_type: 'client_credentials', ...body });
  const issue = (client: Client, extra: Record<string, string> = {}) => tokenRequest({ client_id: client.clientId, client_secret: client.clientSecret, ...extra });

  async function vendorWithClient(options: { scopes?: string[]; allowedCidrs?: string[] } = {}): Promise<{ admin: TestUser; client: Client }> {
    const { admin } = await f.tenant('vendor');
    return { admin, client: await f.apiClient(admin, options) };
  }

  function expectTokenResponse(response: { status: number; body: Record<string, unknown>; headers: Record<string, string> }, scope: string) {
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: expect.any(Number), scope });
    expect(response.body.expires_in as number).toBeLessThanOrEqual(900);
    expect(response.headers['cache-control']).toBe('no-store');
  }

  it('issues a token for a JSON body', async () => {
    const { client } = await vendorWithClient({ scopes: ['checklists:write', 'disclosures:write'] });
    const response = await issue(client);
    expectTokenResponse(response, 'checklists:write disclosures:write');
    expect(claimsOf(response.body.access_token as string)).toMatchObject({ sub: client.id, typ: 'client', iss: 'kaiji', aud: 'kaiji-api' });
  });

  it('issues a token for a form-encoded body', async () => {
    const { client } = await vendorWithClient();
    const response = await t.http
      .post('/v1/auth/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    expectTokenResponse(response, 'checklists:write');
    await t.http.get('/v1/me').set(bearer(response.body.access_token as string)).expect(200);
  });

  it('issues a token for HTTP Basic client authentication', async () => {
    const { client } = await vendorWithClient();
    const response = await t.http.post('/v1/auth/token').auth(client.clientId, client.clientSecret).type('form').send({ grant_type: 'client_credentials' });
    expectTokenResponse(response, 'checklists:write');
    const wrong = await t.http.post('/v1/auth/token').auth(client.clientId, `${client.clientSecret}x`).type('form').send({ grant_type: 'client_credentials' });
    expectOAuthError(wrong, 401, 'invalid_client');
  });

  it('answers a malformed HTTP Basic header with invalid_client, not a server error', async () => {
    const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
    for (const header of [basic('%E0%A4%A:secret'), basic('kc_x:%zz'), basic('no-separator')]) {
      const response = await t.http.post('/v1/auth/token').set('Authorization', header).send({ grant_type: 'client_credentials' });
      expectOAuthError(response, 401, 'invalid_client');
    }
  });

  it('refuses a wrong secret, an unknown client and a revoked client alike, with invalid_client', async () => {
    const { admin, client } = await vendorWithClient();
    await t.http.post(`/v1/organizations/${admin.organizationId}/api-clients/${client.id}/revoke`).set(bearer(admin.token)).expect(200);
    const { client: live } = await vendorWithClient();
    const attempts = [
      // Change the last character (to something it is not: a fixed 'A' equals it one time in 64).
      issue(live, { client_secret: `${live.clientSecret.slice(0, -1)}${live.clientSecret.endsWith('A') ? 'B' : 'A'}` }),
      issue(live, { client_secret: 'short' }),
      issue({ ...live, clientId: 'kc_doesnotexist' }),
      issue(client),
    ];
    for (const response of await Promise.all(attempts)) {
      // Credentials in the body, not HTTP Basic: 400 (RFC 6749 §5.2).
      expectOAuthError(response, 400, 'invalid_client');
    }
    const failures = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.token' AND outcome = 'failure' AND actor_label = $1`, [live.clientId]);
    expect(failures[0].n).toBe(2);
  });

  it('refuses requests from outside the allowed source ranges, at issue', async () => {
    const { admin, client } = await vendorWithClient({ allowedCidrs: ['203.0.113.0/24', '2001:db8::/32'] });
    const response = await issue(client);
    expectOAuthError(response, 400, 'unauthorized_client');
    const [audit] = await t.db.query(`SELECT organization_id, outcome, target_id, details FROM audit_events WHERE action = 'auth.token' AND target_id = $1`, [client.id]);
    expect(audit).toEqual({ organization_id: admin.organizationId, outcome: 'failure', target_id: client.id, details: { reason: 'source_not_allowed' } });
  });

  it('accepts a single allowed address, IPv4 loopback as our own requests come from', async () => {
    const { client } = await vendorWithClient({ allowedCidrs: ['127.0.0.1/32'] });
    const response = await issue(client);
    expectTokenResponse(response, 'checklists:write');
    await t.http.get('/v1/me').set(bearer(response.body.access_token as string)).expect(200);
  });

  it('checks the source on every request made with a token', async () => {
    const { client } = await vendorWithClient();
    const token = (await issue(client).expect(200)).body.access_token as string;
    await t.db.query(`UPDATE api_clients SET allowed_cidrs = ARRAY['203.0.113.0/24'] WHERE id = $1`, [client.id]);
    expectProblem(await t.http.get('/v1/me').set(bearer(token)), 403, 'source_not_allowed');
  });

  it('shows the client, its organization and scopes on GET /v1/me', async () => {
    const { admin, client } = await vendorWithClient({ scopes: ['checklists:write', 'threads:write'] });
    const token = (await issue(client).expect(200)).body.access_token as string;
    const me = await t.http.get('/v1/me').set(bearer(token)).expect(200);
    expect(me.body).toMatchObject({ type: 'client', id: client.id, displayName: 'レセコン連携', scopes: ['checklists:write', 'threads:write'], organization: { id: admin.organizationId, kind: 'vendor' } });
    expect(me.body).not.toHaveProperty('email');
    expect(me.body).not.toHaveProperty('role');
  });

  it('narrows a token to the requested scopes, and refuses scopes the client lacks', async () => {
    const { client } = await vendorWithClient({ scopes: ['checklists:write', 'threads:write'] });
    const narrowed = await issue(client, { scope: 'threads:write' });
    expectTokenResponse(narrowed, 'threads:write');
    const me = await t.http.get('/v1/me').set(bearer(narrowed.body.access_token as string)).expect(200);
    expect(me.body.scopes).toEqual(['threads:write']);

    for (const scope of ['webhooks:manage', 'threads:write disclosures:write', 'admin']) {
      const refused = await issue(client, { scope });
      expectOAuthError(refused, 400, 'invalid_scope');
    }
  });

  it('keeps client tokens off routes for portal users', async () => {
    const { admin, client } = await vendorWithClient();
    const token = (await issue(client).expect(200)).body.access_token as string;
    await t.http.get('/v1/organizations').set(bearer(token)).expect(200);
    expectProblem(await t.http.get(`/v1/organizations/${admin.organizationId}/users`).set(bearer(token)), 403, 'users_only');
    expectProblem(await t.http.post(`/v1/organizations/${admin.organizationId}/api-clients`).set(bearer(token)).send({ name: 'x', scopes: [], allowedCidrs: ['127.0.0.1/32'] }), 403, 'users_only');
    expectProblem(await t.http.post('/v1/auth/password').set(bearer(token)).send({ currentPassword: 'a', newPassword: 'Another-pass-42!' }), 403, 'users_only');
    expectProblem(await t.http.post('/v1/auth/2fa/enrolment').set(bearer(token)), 403, 'users_only');
    expectProblem(await t.http.post('/v1/auth/logout').set(bearer(token)), 403, 'users_only');
  });

  it('validates the grant request itself', async () => {
    const { client } = await vendorWithClient();
    expectOAuthError(await tokenRequest({ grant_type: 'password', client_id: client.clientId, client_secret: client.clientSecret }), 400, 'unsupported_grant_type');
    expectOAuthError(await tokenRequest({ client_id: client.clientId }), 400, 'invalid_client');
    expectOAuthError(await t.http.post('/v1/auth/token').send({ client_id: client.clientId, client_secret: client.clientSecret }), 400, 'invalid_request');
  });

  it('records each token issue in the audit log', async () => {
    const { admin, client } = await vendorWithClient({ scopes: ['checklists:write', 'threads:write'] });
    await issue(client, { scope: 'checklists:write' }).set('User-Agent', 'recept-sync/1.0').expect(200);
    const rows = await t.db.query(
      `SELECT organization_id, actor_type, actor_id, actor_label, target_type, target_id, outcome, details, user_agent, source_ip
         FROM audit_events WHERE action = 'auth.token' AND target_id = $1`,
      [client.id],
    );
    expect(rows).toEqual([
      {
        organization_id: admin.organizationId,
        actor_type: 'client',
        actor_id: client.id,
        actor_label: 'レセコン連携',
        target_type: 'api_client',
        target_id: client.id,
        outcome: 'success',
        details: { scope: 'checklists:write' },
        user_agent: 'recept-sync/1.0',
        source_ip: expect.stringMatching(/127\.0\.0\.1|::1/),
      },
    ]);
    const [used] = await t.db.query('SELECT last_used_at IS NOT NULL AS used FROM api_clients WHERE id = $1', [client.id]);
    expect(used.used).toBe(true);
  });

  it('stores only a hash of the client secret', async () => {
    const { client } = await vendorWithClient();
    const [row] = await t.db.query('SELECT secret_hash FROM api_clients WHERE id = $1', [client.id]);
    expect(row.secret_hash).not.toContain(client.clientSecret);
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$|^[A-Za-z0-9_-]{43}$/);
  });
});
