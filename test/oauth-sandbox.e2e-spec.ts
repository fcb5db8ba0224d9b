import { API_SCOPES } from '../src/auth/scopes';
import { DEMO_API_CLIENT, DemoApiClient } from '../src/startup/demo-api-client';
import { bearer, Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 16, the first hour: `npm run demo` gives the demo vendor an API client allowed from this
 * machine, and prints what to type to get a token and call the API with it.
 */
describe('the sandbox API client of the demo', () => {
  let t: TestApp;
  let sandbox: DemoApiClient;
  beforeAll(async () => {
    t = await startTestApp();
    sandbox = t.app.get(DemoApiClient);
  });
  afterAll(() => t.close());

  it('does nothing without the demo vendor (a database the demo did not load)', async () => {
    expect(await sandbox.ensure()).toBe(false);
    expect(await t.db.query('SELECT id FROM api_clients WHERE client_id = $1', [DEMO_API_CLIENT.clientId])).toEqual([]);
  });

  it('is created once, from loopback only, with every scope, and audited once', async () => {
    const { admin } = await new Factory(t).tenant('vendor');
    await sandbox.ensureFor(admin.organizationId);
    await sandbox.ensureFor(admin.organizationId);
    const rows = await t.db.query('SELECT id, organization_id, scopes, allowed_cidrs, revoked_at FROM api_clients WHERE client_id = $1', [DEMO_API_CLIENT.clientId]);
    expect(rows).toEqual([{ id: expect.any(String), organization_id: admin.organizationId, scopes: [...API_SCOPES], allowed_cidrs: ['127.0.0.1/32', '::1/128'], revoked_at: null }]);
    const audited = await t.db.query(`SELECT actor_type FROM audit_events WHERE action = 'api_client.create' AND target_id = $1`, [rows[0].id]);
    expect(audited).toEqual([{ actor_type: 'system' }]);

    // The vendor's admin sees it among the organization's clients, without its secret.
    const listed = await t.http.get(`/v1/organizations/${admin.organizationId}/api-clients`).set(bearer(admin.token)).expect(200);
    expect(JSON.stringify(listed.body)).toContain(DEMO_API_CLIENT.clientId);
    expect(JSON.stringify(listed.body)).not.toContain(DEMO_API_CLIENT.clientSecret);
  });

  it('works first try as printed: HTTP Basic and a form body, then the token on an API call', async () => {
    // What the printed curl line sends (curl -u … -d grant_type=client_credentials).
    const issued = await t.http.post('/v1/auth/token').auth(DEMO_API_CLIENT.clientId, DEMO_API_CLIENT.clientSecret).type('form').send('grant_type=client_credentials').expect(200);
    expect(issued.body.scope).toBe(API_SCOPES.join(' '));
    await t.http.get('/v1/contracts').set(bearer(issued.body.access_token as string)).expect(200);
  });

  it('prints the credentials, the metadata URL and two curl lines for the running server', () => {
    const lines = sandbox.describe('http://127.0.0.1:3000').join('\n');
    expect(lines).toContain(`client_id     ${DEMO_API_CLIENT.clientId}`);
    expect(lines).toContain(`client_secret ${DEMO_API_CLIENT.clientSecret}`);
    expect(lines).toContain('http://127.0.0.1:3000/.well-known/oauth-authorization-server');
    expect(lines).toContain(`curl -s -u ${DEMO_API_CLIENT.clientId}:${DEMO_API_CLIENT.clientSecret} -d grant_type=client_credentials http://127.0.0.1:3000/v1/auth/token`);
    expect(lines).toContain('curl -s -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/v1/contracts');
  });
});
