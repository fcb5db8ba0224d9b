import { randomUUID } from 'node:crypto';
import { countRows, expectProblem, invalidFields, walkPages } from './support/assertions';
import { bearer, Factory, TestUser } from './support/factories';
import { expectOAuthError } from './support/oauth-errors';
import { startTestApp, TestApp } from './support/test-app';

interface ClientItem {
  id: string;
  clientId: string;
  name: string;
  scopes: string[];
  allowedCidrs: string[];
  revoked: boolean;
}

describe('API clients', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  const clientsOf = (admin: TestUser) => `/v1/organizations/${admin.organizationId}/api-clients`;
  const create = (admin: TestUser, body: Record<string, unknown>) => t.http.post(clientsOf(admin)).set(bearer(admin.token)).send(body);
  const clientToken = (clientId: string, clientSecret: string) =>
    t.http.post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  const list = async (admin: TestUser) =>
    (await walkPages<ClientItem>((cursor) => t.http.get(`${clientsOf(admin)}?limit=1${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(admin.token)).expect(200).then((r) => r.body)))
      .items;
  const nothingNamed = async (name: string) => ({
    clients: await countRows(t.db, 'api_clients WHERE name = $1', [name]),
    audit: await countRows(t.db, `audit_events WHERE action = 'api_client.create' AND details->>'name' = $1`, [name]),
  });

  it('shows the secret once, stores only its hash, and lists the client without it', async () => {
    const { org, admin } = await f.tenant('vendor');
    const created = await create(admin, { name: ' レセコン連携 ', scopes: ['checklists:write', 'disclosures:write', 'checklists:write'], allowedCidrs: ['203.0.113.0/24', '127.0.0.1', '::1/128'] }).expect(201);
    const body = created.body;
    expect(body).toEqual(
      expect.objectContaining({ name: 'レセコン連携', scopes: ['checklists:write', 'disclosures:write'], allowedCidrs: ['203.0.113.0/24', '127.0.0.1', '::1/128'], revoked: false, lastUsedAt: null }),
    );
    expect(body.clientId).toMatch(/^kc_/);
    expect(body.clientSecret).toMatch(/^ks_.{40,}$/);

    const [row] = await t.db.query('SELECT organization_id, client_id, secret_hash, created_by FROM api_clients WHERE id = $1', [body.id]);
    expect(row.organization_id).toBe(org.id);
    expect(row.client_id).toBe(body.clientId);
    expect(row.created_by).toBe(admin.id);
    expect(row.secret_hash).not.toBe(body.clientSecret);
    expect(row.secret_hash).not.toContain(body.clientSecret.slice(3));
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);

    const listed = await list(admin);
    expect(listed.map((c) => c.id)).toEqual([body.id]);
    expect(listed[0]).not.toHaveProperty('clientSecret');
    expect(JSON.stringify(listed)).not.toContain(body.clientSecret);
    expect(JSON.stringify(listed)).not.toContain(row.secret_hash);

    const [audit] = await t.db.query(`SELECT actor_id, organization_id, details FROM audit_events WHERE action = 'api_client.create' AND target_id = $1`, [body.id]);
    expect(audit.actor_id).toBe(admin.id);
    expect(audit.organization_id).toBe(org.id);
    expect(JSON.stringify(audit)).not.toContain(body.clientSecret);

    const token = await clientToken(body.clientId, body.clientSecret).expect(200);
    expect(token.body).toEqual(expect.objectContaining({ token_type: expect.stringMatching(/^bearer$/i), expires_in: expect.any(Number) }));
    expectOAuthError(await clientToken(body.clientId, `${body.clientSecret}x`), 400, 'invalid_client');
  });

  it.each([
    ['an invalid CIDR', { allowedCidrs: ['10.0.0.0/33'] }, ['allowedCidrs']],
    ['a CIDR that is not an address', { allowedCidrs: ['example.com/24'] }, ['allowedCidrs']],
    ['no CIDR at all', { allowedCidrs: [] }, ['allowedCidrs']],
    ['an unknown scope', { scopes: ['admin:everything'] }, ['scopes']],
    ['scopes that are not a list', { scopes: 'checklists:write' }, ['scopes']],
    ['an empty name', { name: '  ' }, ['name']],
    ['an unknown field', { clientSecret: 'my-own-secret' }, ['clientSecret']],
  ])('refuses %s with 400 listing the field, creating nothing', async (_label, override, fields) => {
    const { admin } = await f.tenant('vendor');
    const name = `client ${randomUUID()}`;
    const response = await create(admin, { name, scopes: ['checklists:write'], allowedCidrs: ['192.0.2.0/24'], ...override });
    expect(invalidFields(response)).toEqual(fields);
    expect(await nothingNamed(name)).toEqual({ clients: 0, audit: 0 });
    expect(await countRows(t.db, 'api_clients WHERE organization_id = $1', [admin.organizationId])).toBe(0);
  });

  it('revokes a client: its token and its credentials stop working at once; revoking again is harmless', async () => {
    const { org, admin } = await f.tenant('vendor');
    const client = await f.apiClient(admin);
    const kept = await f.apiClient(admin);
    const token = (await clientToken(client.clientId, client.clientSecret).expect(200)).body.access_token as string;
    await t.http.get(`/v1/organizations/${org.id}`).set(bearer(token)).expect(200);

    const revoked = await t.http.post(`${clientsOf(admin)}/${client.id}/revoke`).set(bearer(admin.token)).expect(200);
    expect(revoked.body).toEqual(expect.objectContaining({ id: client.id, clientId: client.clientId, revoked: true }));
    expect(revoked.body).not.toHaveProperty('clientSecret');
    expectProblem(await t.http.get(`/v1/organizations/${org.id}`).set(bearer(token)), 401);
    expectOAuthError(await clientToken(client.clientId, client.clientSecret), 400, 'invalid_client');
    await clientToken(kept.clientId, kept.clientSecret).expect(200);

    const [{ revoked_at: first }] = await t.db.query('SELECT revoked_at FROM api_clients WHERE id = $1', [client.id]);
    const again = await t.http.post(`${clientsOf(admin)}/${client.id}/revoke`).set(bearer(admin.token)).expect(200);
    expect(again.body.revoked).toBe(true);
    const [{ revoked_at: second }] = await t.db.query('SELECT revoked_at FROM api_clients WHERE id = $1', [client.id]);
    expect(second).toEqual(first);

    const listed = await list(admin);
    expect(listed.map((c) => [c.id, c.revoked])).toEqual([
      [client.id, true],
      [kept.id, false],
    ]);
    const events = await t.db.query(`SELECT actor_id FROM audit_events WHERE action = 'api_client.revoke' AND target_id = $1`, [client.id]);
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events[0].actor_id).toBe(admin.id);
    expectProblem(await t.http.post(`${clientsOf(admin)}/${randomUUID()}/revoke`).set(bearer(admin.token)), 404);
    expectProblem(await t.http.post(`${clientsOf(admin)}/not-a-uuid/revoke`).set(bearer(admin.token)), 404);
  });

  it('refuses a token request from outside the allowed ranges', async () => {
    const { admin } = await f.tenant('vendor');
    const client = await f.apiClient(admin, { allowedCidrs: ['203.0.113.0/24'] });
    expectOAuthError(await clientToken(client.clientId, client.clientSecret), 400, 'unauthorized_client');
  });

  it('paginates clients with a capped page size', async () => {
    const { admin } = await f.tenant('vendor');
    const made = [await f.apiClient(admin), await f.apiClient(admin), await f.apiClient(admin)];
    expect((await list(admin)).map((c) => c.id)).toEqual(made.map((c) => c.id));
    expect(invalidFields(await t.http.get(`${clientsOf(admin)}?limit=500`).set(bearer(admin.token)))).toEqual(['limit']);
  });
  // Issue 13, finding 18 (checklist 2-⑬): a range that admits (nearly) any source is no restriction.
  it.each([
    ['0.0.0.0/0', ['0.0.0.0/0']],
    ['::/0', ['::/0']],
    ['the two halves of IPv4', ['0.0.0.0/1', '128.0.0.0/1']],
    ['a /4 beside a real range', ['203.0.113.0/24', '64.0.0.0/4']],
    ['2000::/3 (all global IPv6)', ['2000::/3']],
  ])('refuses %s unless confirmed with allowAnySource, writing nothing', async (_label, allowedCidrs) => {
    const { admin } = await f.tenant('vendor');
    for (const confirm of [{}, { allowAnySource: false }]) {
      const name = `open-${randomUUID().slice(0, 8)}`;
      const response = await create(admin, { name, scopes: ['checklists:write'], allowedCidrs, ...confirm });
      const problem = expectProblem(response, 400, 'validation_failed');
      expect(invalidFields(response)).toEqual(['allowedCidrs']);
      expect(JSON.stringify(problem)).toContain('allowAnySource');
      expect(problem.detail).toMatch(/2-⑬/);
      expect(await nothingNamed(name)).toEqual({ clients: 0, audit: 0 });
    }
  });

  it('creates an any-source client when confirmed, shows the risk wherever the client is shown, and audits the confirmation', async () => {
    const { admin } = await f.tenant('vendor');
    const name = `open-${randomUUID().slice(0, 8)}`;
    const created = (await create(admin, { name, scopes: ['checklists:write'], allowedCidrs: ['203.0.113.0/24', '0.0.0.0/0', '::/0'], allowAnySource: true }).expect(201)).body;
    const risk = { code: 'any_source', message: expect.stringMatching(/接続元.*2-⑬/), allowedCidrs: ['0.0.0.0/0', '::/0'] };
    expect(created.risks).toEqual([risk]);
    const [listed] = await list(admin);
    expect(listed).toMatchObject({ id: created.id, risks: [risk] });
    const revoked = (await t.http.post(`${clientsOf(admin)}/${created.id}/revoke`).set(bearer(admin.token)).expect(200)).body;
    expect(revoked.risks).toEqual([risk]);
    const [audit] = await t.db.query(`SELECT details FROM audit_events WHERE action = 'api_client.create' AND target_id = $1`, [created.id]);
    expect(audit.details).toMatchObject({ allowAnySource: true, allowedCidrs: ['203.0.113.0/24', '0.0.0.0/0', '::/0'] });

    // Narrow ranges carry no risk, and need no confirmation.
    const narrow = (await create(admin, { name: `${name}-narrow`, scopes: [], allowedCidrs: ['10.0.0.0/8', '2001:db8::/16', '127.0.0.1'] }).expect(201)).body;
    expect(narrow.risks).toEqual([]);
  });
});
