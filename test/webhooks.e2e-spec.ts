import { createHmac } from 'node:crypto';
import { HostResolver, ResolvedAddress } from '../src/webhooks/webhook-targets';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { bearer, Factory, TestUser } from './support/factories';
import { Publishing } from './support/publishing';
import { startTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';
import { fenceOutboundConnections } from './support/webhook-receiver';

/**
 * Names the stubbed resolver knows. No test asks real DNS except for `localhost`, and a
 * socket-layer fence refuses any connection beyond loopback: registration connects nowhere.
 */
const NAMES: Record<string, string[]> = {
  'hooks.pharmacy.example': ['93.184.215.14'],
  'internal.pharmacy.example': ['93.184.215.14', '10.0.0.7'],
  'metadata.pharmacy.example': ['169.254.169.254'],
  'compat.pharmacy.example': ['93.184.215.14', '::7f00:1'],
};

function stubResolver(app: TestApp, names: Record<string, string[]> = NAMES): jest.SpyInstance {
  const resolver = app.app.get(HostResolver);
  const real = resolver.lookup.bind(resolver);
  return jest.spyOn(resolver, 'lookup').mockImplementation(async (host: string): Promise<ResolvedAddress[]> => {
    if (host === 'localhost') return real(host);
    const addresses = names[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  });
}

const subscriptionsOf = (t: TestApp, orgId: string) => countRows(t.db, 'webhook_subscriptions WHERE organization_id = $1', [orgId]);

describe('webhook subscriptions', () => {
  let t: TestApp;
  let prod: TestApp;
  let f: Factory;
  let p: Publishing;
  let fence: ReturnType<typeof fenceOutboundConnections>;

  beforeAll(async () => {
    fence = fenceOutboundConnections();
    // Neither app runs workers: nothing registered here is ever delivered to.
    // One TOTP key for both apps (they share this file's operator, whose seed it seals), random-looking
    // because production refuses regular keys.
    const keys = { KAIJI_TOTP_KEY: '9c41d7e2b05fa38c6e1d94b27af0c58e3b61d2a947fe08c5d3a1b6e29f4c70d8' };
    t = await startTestApp(keys);
    prod = await startTestApp({
      ...keys,
      // The key the other test apps derive from the shared signing key: anchors in this database stay verifiable with one key.
      KAIJI_AUDIT_ANCHOR_KEY: createHmac('sha256', TEST_JWT_SECRET).update('kaiji audit anchor key').digest('base64url'),
      NODE_ENV: 'production',
      KAIJI_JOBS: 'off',
      LOG_LEVEL: 'silent',
    });
    stubResolver(t);
    stubResolver(prod);
    f = new Factory(t);
    p = new Publishing(t, f);
  });
  afterAll(async () => {
    await t?.close();
    await prod?.close();
    fence.restore();
    expect(fence.attempts).toEqual([]);
  });

  const create = (app: TestApp, user: TestUser | string, body: Record<string, unknown>) =>
    app.http.post('/v1/webhooks').set(bearer(typeof user === 'string' ? user : user.token)).send(body);

  describe('registration refuses targets that are not public', () => {
    let pharmacy: { org: { id: string }; admin: TestUser };
    beforeAll(async () => {
      pharmacy = await f.tenant('pharmacy');
    });

    it.each([
      ['http://10.0.0.1/hook', 'must not point at a private address (10.0.0.1)'],
      ['http://172.16.5.4/', 'must not point at a private address (172.16.5.4)'],
      ['http://192.168.0.10:8080/kaiji', 'must not point at a private address (192.168.0.10)'],
      ['http://100.64.1.1/', 'must not point at a shared (carrier-grade NAT) address (100.64.1.1)'],
      ['http://127.0.0.1:3000/', 'must not point at a loopback address (127.0.0.1)'],
      ['http://[::1]/', 'must not point at a loopback address (::1)'],
      ['http://0x7f.1/', 'must not point at a loopback address (127.0.0.1)'],
      ['http://2130706433/', 'must not point at a loopback address (127.0.0.1)'],
      ['http://169.254.169.254/latest/meta-data/', 'must not point at a link-local address (169.254.169.254)'],
      ['http://[fe80::1]/', 'must not point at a link-local address (fe80::1)'],
      ['http://[fd00::1]/', 'must not point at a unique-local (private) address (fd00::1)'],
      ['http://0.0.0.0/', 'must not point at the unspecified address (0.0.0.0)'],
      ['http://[::]/', 'must not point at the unspecified address (::)'],
      ['http://224.0.0.1/', 'must not point at a multicast address (224.0.0.1)'],
      ['http://[::ffff:10.0.0.1]/', 'must not point at a private address (::ffff:a00:1)'],
      // Issue 13, Low 15: the deprecated IPv4-compatible form (::/96) carries an IPv4 address too.
      ['http://[::127.0.0.1]/', 'must not point at a deprecated IPv4-compatible IPv6 address (::/96) (::7f00:1)'],
      ['http://[::7f00:1]:8080/hook', 'must not point at a deprecated IPv4-compatible IPv6 address (::/96) (::7f00:1)'],
      ['http://[::a00:7]/', 'must not point at a deprecated IPv4-compatible IPv6 address (::/96) (::a00:7)'],
      ['http://[::a9fe:a9fe]/latest/meta-data/', 'must not point at a deprecated IPv4-compatible IPv6 address (::/96) (::a9fe:a9fe)'],
      ['http://compat.pharmacy.example/hook', 'must not resolve to a deprecated IPv4-compatible IPv6 address (::/96) (compat.pharmacy.example is ::7f00:1)'],
      ['http://localhost:3000/hook', /^must not resolve to a loopback address \(localhost is (127\.0\.0\.1|::1)\)$/],
      ['http://internal.pharmacy.example/hook', 'must not resolve to a private address (internal.pharmacy.example is 10.0.0.7)'],
      ['http://metadata.pharmacy.example/', 'must not resolve to a link-local address (metadata.pharmacy.example is 169.254.169.254)'],
      ['http://nowhere.pharmacy.example/', 'names a host that does not resolve (nowhere.pharmacy.example)'],
      ['ftp://hooks.pharmacy.example/', 'must be an https URL'],
      ['http://user:pass@hooks.pharmacy.example/', 'must not contain credentials'],
      ['hooks.pharmacy.example/kaiji', 'must be an absolute https URL'],
    ])('refuses %s (400 listing url) and writes nothing', async (url, message) => {
      const response = await create(t, pharmacy.admin, { url, events: ['contract.proposed'] });
      expect(invalidFields(response)).toEqual(['url']);
      expect((response.body as { errors: { message: string }[] }).errors[0].message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
      expect(await subscriptionsOf(t, pharmacy.org.id)).toBe(0);
    });

    it('refuses bad event lists and unknown fields, writing nothing', async () => {
      const url = 'http://hooks.pharmacy.example/kaiji';
      expect(invalidFields(await create(t, pharmacy.admin, { url, events: [] }))).toEqual(['events']);
      expect(invalidFields(await create(t, pharmacy.admin, { url, events: ['contract.signed'] }))).toEqual(['events']);
      expect(invalidFields(await create(t, pharmacy.admin, { url, events: ['contract.proposed', 'contract.proposed'] }))).toEqual(['events']);
      expect(invalidFields(await create(t, pharmacy.admin, { url }))).toEqual(['events']);
      expect(invalidFields(await create(t, pharmacy.admin, { events: ['contract.proposed'] }))).toEqual(['url']);
      expect(invalidFields(await create(t, pharmacy.admin, { url, events: ['contract.proposed'], secret: 'mine' }))).toEqual(['secret']);
      expect(invalidFields(await create(t, pharmacy.admin, { url, events: ['contract.proposed'], description: 'x'.repeat(501) }))).toEqual(['description']);
      expect(await subscriptionsOf(t, pharmacy.org.id)).toBe(0);
      expect(await countRows(t.db, `audit_events WHERE organization_id = $1 AND action LIKE 'webhook.%'`, [pharmacy.org.id])).toBe(0);
    });
  });

  it('accepts a public host (DNS stubbed), answers the secret once and keeps it sealed', async () => {
    const { org, admin } = await f.tenant('pharmacy');
    const response = await create(t, admin, { url: 'http://hooks.pharmacy.example/kaiji', events: ['contract.proposed', 'disclosure.published'], description: 'レセコン連携' });
    expect(response.status).toBe(201);
    const body = response.body as { id: string; secret: string };
    expect(body).toEqual({
      id: expect.any(String),
      organizationId: org.id,
      url: 'http://hooks.pharmacy.example/kaiji',
      events: ['contract.proposed', 'disclosure.published'],
      description: 'レセコン連携',
      active: true,
      previousSecretExpiresAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      // Standard Webhooks: whsec_ + standard base64 of 32 random bytes.
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const [stored]: { secret_sealed: string }[] = await t.db.query('SELECT secret_sealed FROM webhook_subscriptions WHERE id = $1', [body.id]);
    expect(stored.secret_sealed).toMatch(/^v1\./);
    expect(stored.secret_sealed).not.toContain(body.secret.slice(6, -1));
    expect(await countRows(t.db, `audit_events WHERE action = 'webhook.create' AND target_id = $1 AND organization_id = $2`, [body.id, org.id])).toBe(1);

    const listed = await t.http.get('/v1/webhooks').set(bearer(admin.token));
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: body.id, active: true })]);
    expect(listed.body.items[0]).not.toHaveProperty('secret');
    const one = await t.http.get(`/v1/webhooks/${body.id}`).set(bearer(admin.token));
    expect(one.body).toEqual(expect.objectContaining({ id: body.id, url: 'http://hooks.pharmacy.example/kaiji' }));
    expect(one.body).not.toHaveProperty('secret');

    // A literal public address is accepted too (outside production plain http is allowed).
    expect((await create(t, admin, { url: 'http://93.184.215.14/kaiji', events: ['contract.accepted'] })).status).toBe(201);
  });

  it('requires https in production, and still refuses private targets there', async () => {
    const pf = new Factory(prod);
    const { org, admin } = await pf.tenant('pharmacy');
    const http = await create(prod, admin, { url: 'http://hooks.pharmacy.example/kaiji', events: ['contract.proposed'] });
    expect(invalidFields(http)).toEqual(['url']);
    expect(http.body.errors[0].message).toBe('must use https');
    expect(invalidFields(await create(prod, admin, { url: 'https://10.0.0.1/kaiji', events: ['contract.proposed'] }))).toEqual(['url']);
    expect(invalidFields(await create(prod, admin, { url: 'https://localhost/kaiji', events: ['contract.proposed'] }))).toEqual(['url']);
    expect(await subscriptionsOf(prod, org.id)).toBe(0);
    const https = await create(prod, admin, { url: 'https://hooks.pharmacy.example/kaiji', events: ['contract.proposed'] });
    expect(https.status).toBe(201);
  });

  it('lets admins change, deactivate (nothing deleted) and re-key a subscription; a private URL change is refused', async () => {
    const { admin } = await f.tenant('vendor');
    const created = (await create(t, admin, { url: 'http://hooks.pharmacy.example/v1', events: ['document_request.created'], description: '旧' })).body as { id: string; secret: string };
    const path = `/v1/webhooks/${created.id}`;

    const changed = await t.http.patch(path).set(bearer(admin.token)).send({ events: ['document_request.created', 'risk_thread.message'], description: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual(expect.objectContaining({ events: ['document_request.created', 'risk_thread.message'], description: null, active: true }));

    const refused = await t.http.patch(path).set(bearer(admin.token)).send({ url: 'http://192.168.1.1/hook' });
    expect(invalidFields(refused)).toEqual(['url']);
    expect((await t.http.get(path).set(bearer(admin.token))).body.url).toBe('http://hooks.pharmacy.example/v1');
    expect(invalidFields(await t.http.patch(path).set(bearer(admin.token)).send({ active: 'no' }))).toEqual(['active']);

    const deactivated = await t.http.delete(path).set(bearer(admin.token));
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toEqual(expect.objectContaining({ id: created.id, active: false }));
    expect(await countRows(t.db, 'webhook_subscriptions WHERE id = $1', [created.id])).toBe(1);
    expect((await t.http.get('/v1/webhooks?active=false').set(bearer(admin.token))).body.items.map((w: { id: string }) => w.id)).toEqual([created.id]);
    expect((await t.http.get('/v1/webhooks?active=true').set(bearer(admin.token))).body.items).toEqual([]);
    expect((await t.http.patch(path).set(bearer(admin.token)).send({ active: true })).body.active).toBe(true);

    const [before]: { secret_sealed: string }[] = await t.db.query('SELECT secret_sealed FROM webhook_subscriptions WHERE id = $1', [created.id]);
    // No body: the replaced secret keeps signing for the default 24 hours.
    const rotated = await t.http.post(`${path}/rotate-secret`).set(bearer(admin.token));
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(rotated.body.secret).not.toBe(created.secret);
    const overlapEnds = Date.parse(rotated.body.previousSecretExpiresAt as string);
    expect(Math.abs(overlapEnds - Date.now() - 24 * 3_600_000)).toBeLessThan(60_000);
    const [after]: { secret_sealed: string; previous_secret_sealed: string }[] = await t.db.query(
      'SELECT secret_sealed, previous_secret_sealed FROM webhook_subscriptions WHERE id = $1',
      [created.id],
    );
    expect(after.secret_sealed).not.toBe(before.secret_sealed);
    expect(after.previous_secret_sealed).toBe(before.secret_sealed);
    expect((await t.http.get(path).set(bearer(admin.token))).body.previousSecretExpiresAt).toBe(rotated.body.previousSecretExpiresAt);

    // A chosen overlap (0–168 hours); 0 ends the old secret at once.
    const week = await t.http.post(`${path}/rotate-secret`).set(bearer(admin.token)).send({ overlapHours: 168 });
    expect(Math.abs(Date.parse(week.body.previousSecretExpiresAt as string) - Date.now() - 168 * 3_600_000)).toBeLessThan(60_000);
    const atOnce = await t.http.post(`${path}/rotate-secret`).set(bearer(admin.token)).send({ overlapHours: 0 });
    expect(atOnce.status).toBe(200);
    expect(atOnce.body.previousSecretExpiresAt).toBeNull();
    expect(await countRows(t.db, 'webhook_subscriptions WHERE id = $1 AND previous_secret_sealed IS NULL AND previous_secret_expires_at IS NULL', [created.id])).toBe(1);

    // Bad overlaps: 400, and the secret is not replaced.
    const [kept]: { secret_sealed: string }[] = await t.db.query('SELECT secret_sealed FROM webhook_subscriptions WHERE id = $1', [created.id]);
    for (const overlapHours of [-1, 169, 1.5, '24', null]) {
      const bad = await t.http.post(`${path}/rotate-secret`).set(bearer(admin.token)).send({ overlapHours });
      expect([overlapHours, invalidFields(bad)]).toEqual([overlapHours, ['overlapHours']]);
    }
    expect(invalidFields(await t.http.post(`${path}/rotate-secret`).set(bearer(admin.token)).send({ overlap: 3 }))).toEqual(['overlap']);
    expect((await t.db.query('SELECT secret_sealed FROM webhook_subscriptions WHERE id = $1', [created.id]))[0]).toEqual(kept);

    const actions: { action: string; details: { overlapHours?: number } }[] = await t.db.query('SELECT action, details FROM audit_events WHERE target_id = $1 ORDER BY id', [created.id]);
    expect(actions.map((a) => a.action)).toEqual([
      'webhook.create',
      'webhook.update',
      'webhook.deactivate',
      'webhook.update',
      'webhook.rotate_secret',
      'webhook.rotate_secret',
      'webhook.rotate_secret',
    ]);
    expect(actions.slice(4).map((a) => a.details.overlapHours)).toEqual([24, 168, 0]);
  });

  it('answers 404 to other organizations, 403 to members, viewers and clients without webhooks:manage', async () => {
    const owner = await f.tenant('pharmacy');
    const created = (await create(t, owner.admin, { url: 'http://hooks.pharmacy.example/kaiji', events: ['contract.proposed'] })).body as { id: string };
    const path = `/v1/webhooks/${created.id}`;
    const snapshot = async () => (await t.db.query('SELECT url, events, active, secret_sealed, updated_at FROM webhook_subscriptions WHERE id = $1', [created.id]))[0] as unknown;
    const before = await snapshot();

    const outsiders = [(await f.tenant('pharmacy')).admin.token, (await f.tenant('vendor')).admin.token, (await f.tenant('chain')).admin.token, await f.operator()];
    for (const token of outsiders) {
      expectProblem(await t.http.get(path).set(bearer(token)), 404, 'not_found');
      expectProblem(await t.http.patch(path).set(bearer(token)).send({ active: false }), 404, 'not_found');
      expectProblem(await t.http.delete(path).set(bearer(token)), 404, 'not_found');
      expectProblem(await t.http.post(`${path}/rotate-secret`).set(bearer(token)), 404, 'not_found');
      expectProblem(await t.http.get(`${path}/deliveries`).set(bearer(token)), 404, 'not_found');
      expectProblem(await t.http.post(`${path}/ping`).set(bearer(token)), 404, 'not_found');
      // The operator's organization is shared by every suite (the access matrix may subscribe in it): outsiders see none of the owner's.
      expect(((await t.http.get('/v1/webhooks').set(bearer(token))).body.items as { id: string }[]).map((item) => item.id)).not.toContain(created.id);
    }
    expectProblem(await t.http.get('/v1/webhooks/00000000-0000-4000-8000-000000000000').set(bearer(owner.admin.token)), 404, 'not_found');
    expectProblem(await t.http.get('/v1/webhooks/not-a-uuid').set(bearer(owner.admin.token)), 404, 'not_found');

    const member = await f.user(owner.org.id, 'member');
    const viewer = await f.user(owner.org.id, 'viewer');
    for (const user of [member, viewer]) {
      expectProblem(await t.http.get('/v1/webhooks').set(bearer(user.token)), 403, 'role_required');
      expectProblem(await t.http.get(`${path}/deliveries`).set(bearer(user.token)), 403, 'role_required');
      expectProblem(await create(t, user, { url: 'http://hooks.pharmacy.example/x', events: ['contract.proposed'] }), 403, 'role_required');
      expectProblem(await t.http.patch(path).set(bearer(user.token)).send({ active: false }), 403, 'role_required');
    }

    const reader = await p.clientToken(owner.admin, ['contracts:write']);
    expectProblem(await create(t, reader, { url: 'http://hooks.pharmacy.example/x', events: ['contract.proposed'] }), 403, 'insufficient_scope');
    expectProblem(await t.http.get('/v1/webhooks').set(bearer(reader)), 403, 'insufficient_scope');
    expectProblem(await t.http.get(`${path}/deliveries`).set(bearer(reader)), 403, 'insufficient_scope');
    expectProblem(await t.http.post(`${path}/rotate-secret`).set(bearer(reader)), 403, 'insufficient_scope');
    expectProblem(await t.http.post(`${path}/ping`).set(bearer(reader)), 403, 'insufficient_scope');
    for (const user of [member, viewer]) expectProblem(await t.http.post(`${path}/ping`).set(bearer(user.token)), 403, 'role_required');
    expect(await snapshot()).toEqual(before);
    expect(await countRows(t.db, `domain_events WHERE type = 'webhook.ping' AND subject_id = $1`, [created.id])).toBe(0);
    expect(await subscriptionsOf(t, owner.org.id)).toBe(1);

    const manager = await p.clientToken(owner.admin, ['webhooks:manage']);
    const byClient = await create(t, manager, { url: 'http://hooks.pharmacy.example/system', events: ['checklist.submitted'] });
    expect(byClient.status).toBe(201);
    const listed = await t.http.get('/v1/webhooks?limit=1').set(bearer(manager));
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.id })]);
    const next = await t.http.get(`/v1/webhooks?limit=1&cursor=${listed.body.nextCursor}`).set(bearer(manager));
    expect(next.body).toEqual({ items: [expect.objectContaining({ id: byClient.body.id })], nextCursor: null });
  });
});
