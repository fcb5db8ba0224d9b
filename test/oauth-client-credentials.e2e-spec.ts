import type { AddressInfo } from 'node:net';
import * as oauth from 'oauth4webapi';
import { API_SCOPES } from '../src/auth/scopes';
import { expectProblem } from './support/auth-helpers';
import { Factory } from './support/factories';
import { expectOAuthError } from './support/oauth-errors';
import { startTestApp, TestApp } from './support/test-app';

type Client = { id: string; clientId: string; clientSecret: string };
const insecure = { [oauth.allowInsecureRequests]: true } as const;

/**
 * Issue 16: a standard OAuth client (oauth4webapi, written by others) discovers Kaiji from its RFC
 * 8414 metadata, runs the client-credentials grant and reads refusals as RFC 6749 §5.2 errors.
 * Everything over loopback (http, hence allowInsecureRequests).
 */
describe('OAuth 2.0 for standard clients', () => {
  let t: TestApp;
  let f: Factory;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  async function vendorClient(options: { scopes?: string[]; allowedCidrs?: string[] } = {}): Promise<Client> {
    const { admin } = await f.tenant('vendor');
    return f.apiClient(admin, options);
  }

  async function discover(): Promise<oauth.AuthorizationServer> {
    const issuer = new URL(base);
    return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  }

  async function grant(client: Client, auth: oauth.ClientAuth, scope?: string) {
    const as = await discover();
    const parameters = new URLSearchParams(scope === undefined ? {} : { scope });
    const response = await oauth.clientCredentialsGrantRequest(as, { client_id: client.clientId }, auth, parameters, insecure);
    return oauth.processClientCredentialsResponse(as, { client_id: client.clientId }, response);
  }

  /** What oauth4webapi throws for a refused grant. */
  async function refusal(promise: Promise<unknown>): Promise<oauth.ResponseBodyError | oauth.WWWAuthenticateChallengeError> {
    const error = await promise.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (error instanceof oauth.ResponseBodyError || error instanceof oauth.WWWAuthenticateChallengeError) return error;
    throw new Error(`expected an OAuth refusal, got ${String(error)}`);
  }

  it('publishes RFC 8414 metadata outside /v1, for anyone, that oauth4webapi accepts', async () => {
    const response = await t.http.get('/.well-known/oauth-authorization-server').set('Authorization', 'Bearer not-a-token').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('public, max-age=3600');
    const as = await discover();
    expect(as).toEqual({
      issuer: base,
      token_endpoint: `${base}/v1/auth/token`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: [...API_SCOPES],
      response_types_supported: [],
    });
    expectProblem(await t.http.get('/v1/.well-known/oauth-authorization-server'), 404, 'not_found');
  });

  it.each([
    ['client_secret_basic', (secret: string) => oauth.ClientSecretBasic(secret)],
    ['client_secret_post', (secret: string) => oauth.ClientSecretPost(secret)],
  ])('runs the client-credentials grant with %s, and the token works on the API', async (_method, auth) => {
    const client = await vendorClient({ scopes: ['checklists:write', 'threads:write'] });
    const tokens = await grant(client, auth(client.clientSecret), 'threads:write');
    expect(tokens).toMatchObject({ token_type: 'bearer', scope: 'threads:write', expires_in: expect.any(Number) });
    const me = await oauth.protectedResourceRequest(tokens.access_token, 'GET', new URL(`${base}/v1/me`), undefined, undefined, insecure);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ type: 'client', id: client.id, scopes: ['threads:write'] });
  });

  it('reports a wrong secret as invalid_client: in the body (client_secret_post), with a Basic challenge (client_secret_basic)', async () => {
    const client = await vendorClient();
    const posted = await refusal(grant(client, oauth.ClientSecretPost(`${client.clientSecret}x`)));
    expect(posted).toBeInstanceOf(oauth.ResponseBodyError);
    expect({ status: posted.status, error: (posted as oauth.ResponseBodyError).error }).toEqual({ status: 400, error: 'invalid_client' });

    // RFC 6749 §5.2: a client that used HTTP Basic is answered 401 with a Basic challenge; the body still says invalid_client.
    const basic = await refusal(grant(client, oauth.ClientSecretBasic(`${client.clientSecret}x`)));
    expect(basic).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    expect(basic.status).toBe(401);
    expect((basic as oauth.WWWAuthenticateChallengeError).cause).toEqual([{ scheme: 'basic', parameters: { realm: 'kaiji' } }]);
    expect(await basic.response.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  it('reports a scope the client lacks, or one that does not exist, as invalid_scope', async () => {
    const client = await vendorClient({ scopes: ['checklists:write'] });
    for (const scope of ['webhooks:manage', 'checklists:write admin']) {
      const error = await refusal(grant(client, oauth.ClientSecretBasic(client.clientSecret), scope));
      expect(error).toBeInstanceOf(oauth.ResponseBodyError);
      expect({ status: error.status, error: (error as oauth.ResponseBodyError).error }).toEqual({ status: 400, error: 'invalid_scope' });
    }
  });

  describe('RFC 6749 §5.2 errors on the wire', () => {
    const token = () => t.http.post('/v1/auth/token').type('form');

    it('answers invalid_client 400 without HTTP Basic, 401 with a Basic challenge (never Bearer) with it', async () => {
      const client = await vendorClient();
      expectOAuthError(await token().send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'wrong' }), 400, 'invalid_client');
      expectOAuthError(await token().send({ grant_type: 'client_credentials' }), 400, 'invalid_client');
      expectOAuthError(await token().auth(client.clientId, 'wrong').send({ grant_type: 'client_credentials' }), 401, 'invalid_client');
      expectOAuthError(await token().set('Authorization', `Basic ${Buffer.from('no-separator').toString('base64')}`).send({ grant_type: 'client_credentials' }), 401, 'invalid_client');
    });

    it('answers unsupported_grant_type for another grant, invalid_request for none or for two ways of authenticating', async () => {
      const client = await vendorClient();
      const body = { client_id: client.clientId, client_secret: client.clientSecret };
      expect(expectOAuthError(await token().send({ grant_type: 'password', ...body }), 400, 'unsupported_grant_type').error_description).toContain('client_credentials');
      expect(expectOAuthError(await token().send(body), 400, 'invalid_request').error_description).toContain('grant_type');
      expectOAuthError(await token().auth(client.clientId, client.clientSecret).send({ grant_type: 'client_credentials', client_secret: client.clientSecret }), 400, 'invalid_request');
      expectOAuthError(await token().auth(client.clientId, client.clientSecret).send({ grant_type: 'client_credentials', client_id: 'kc_someone_else' }), 400, 'invalid_request');
      expectOAuthError(await token().send({ grant_type: 'client_credentials', ...body, surprise: 'x' }), 400, 'invalid_request');
    });

    it('answers bodies refused before the route runs (too deep) as invalid_request too, and keeps 415 a problem', async () => {
      const deep = `{"grant_type":"client_credentials","client_id":${'['.repeat(40)}${']'.repeat(40)}}`;
      const refused = await t.http.post('/v1/auth/token').set('Content-Type', 'application/json').send(deep);
      expect(expectOAuthError(refused, 400, 'invalid_request').error_description).toMatch(/deeper than/);
      expectProblem(await t.http.post('/v1/auth/token').set('Content-Type', 'application/pdf').send(Buffer.from('%PDF-1.7')), 415, 'unsupported_media_type');
    });

    it('refuses a source outside the client’s ranges with unauthorized_client naming the address, not a 403 problem', async () => {
      const client = await vendorClient({ allowedCidrs: ['192.0.2.0/24'] });
      const body = expectOAuthError(await token().send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }), 400, 'unauthorized_client');
      expect(body.error_description).toMatch(/127\.0\.0\.1|::1/);
    });

    it('keeps the login and refresh routes on problem+json', async () => {
      expectProblem(await t.http.post('/v1/auth/refresh').send({ refreshToken: 'x'.repeat(40) }), 401, 'invalid_refresh_token');
    });
  });
});

describe('OAuth metadata with KAIJI_PUBLIC_URL, and rate limits on the token route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ KAIJI_PUBLIC_URL: 'https://kaiji.example.jp/', KAIJI_AUTH_RATE_LIMIT: '3' });
  });
  afterAll(() => t.close());

  it('names the configured public URL as issuer, whatever Host the request came with', async () => {
    const response = await t.http.get('/.well-known/oauth-authorization-server').set('Host', 'elsewhere.example').expect(200);
    expect(response.body).toMatchObject({ issuer: 'https://kaiji.example.jp', token_endpoint: 'https://kaiji.example.jp/v1/auth/token' });
  });

  it('answers a rate limit as 429 problem+json with Retry-After, not as an OAuth error', async () => {
    const attempt = () => t.http.post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: 'kc_nobody', client_secret: 'x' });
    for (let n = 1; n <= 3; n++) expectOAuthError(await attempt(), 400, 'invalid_client');
    const limited = await attempt();
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
