import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { EventsService } from '../src/events/events.service';
import { WebhookDeliveryWorker } from '../src/webhooks/webhook-delivery.worker';
import { HostResolver, ResolvedAddress } from '../src/webhooks/webhook-targets';
import { countRows } from './support/assertions';
import { bearer, Factory, TestUser } from './support/factories';
import { Publishing, Tenant } from './support/publishing';
import { startIsolatedTestApp } from './support/isolated-app';
import { adminQuery } from './support/test-database';
import { startTestApp, TestApp } from './support/test-app';
import { fenceOutboundConnections, ReceivedWebhook, waitFor, WebhookReceiver } from './support/webhook-receiver';

interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  attempt: number;
  status: string;
  responseStatus: number | null;
  error: string | null;
  durationMs: number | null;
}

/** Resolves `names` from a table (mutable, so a test can change the answer: DNS rebinding). */
function stubResolver(app: TestApp, names: Record<string, string[]>): void {
  jest.spyOn(app.app.get(HostResolver), 'lookup').mockImplementation(async (host: string): Promise<ResolvedAddress[]> => {
    const addresses = names[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  });
}

/** The receiver's check: the standardwebhooks library, as the README tells integrators to use it. */
function expectSigned(request: ReceivedWebhook, secret: string): void {
  expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toEqual(JSON.parse(request.body));
  expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
}

/** The subscriptions that have a delivery job for the event, as `db` (a transaction, or the pool) sees them. */
const jobsFor = async (db: { query(sql: string, params: unknown[]): Promise<unknown> }, eventId: string): Promise<string[]> =>
  ((await db.query(`SELECT data->>'subscriptionId' AS id FROM pgboss.job WHERE name = 'webhook-delivery' AND data->>'eventId' = $1`, [eventId])) as { id: string }[])
    .map((row) => row.id)
    .sort();

describe('webhook delivery', () => {
  let t: TestApp & { ownerUrl: string; databaseUrl: string };
  let strict: TestApp;
  let f: Factory;
  let p: Publishing;
  let receiver: WebhookReceiver;
  let fence: ReturnType<typeof fenceOutboundConnections>;
  const names: Record<string, string[]> = {};

  beforeAll(async () => {
    fence = fenceOutboundConnections();
    receiver = await new WebhookReceiver().start();
    // Workers on, loopback receivers allowed, retries after ~1–2 s.
    t = await startIsolatedTestApp('webhook_delivery', { KAIJI_JOBS: 'on', KAIJI_JOBS_POLL_SECONDS: '0.5', KAIJI_WEBHOOK_ALLOW_PRIVATE: 'true', KAIJI_WEBHOOK_RETRY_DELAY_SECONDS: '1', KAIJI_WEBHOOK_RETRY_LIMIT: '3' });
    // The production address rules, no workers (its deliveries are run by hand below), on the same database.
    strict = await startTestApp({ DATABASE_URL: t.databaseUrl, KAIJI_JOBS: 'off' });
    stubResolver(t, names);
    stubResolver(strict, names);
    f = new Factory(t);
    p = new Publishing(t, f);
  });
  let appClosed = false;
  afterAll(async () => {
    // The last test closes the app itself; its database is dropped here either way.
    if (!appClosed) await t?.close();
    else await adminQuery(process.env.KAIJI_TEST_SERVER_URL as string, `DROP DATABASE IF EXISTS ${new URL(t.ownerUrl).pathname.slice(1)} WITH (FORCE)`);
    await strict?.close();
    await receiver?.close();
    fence.restore();
    expect(fence.attempts).toEqual([]);
  });

  const subscribe = async (app: TestApp, admin: TestUser, url: string, events: string[]): Promise<{ id: string; secret: string }> => {
    const response = await app.http.post('/v1/webhooks').set(bearer(admin.token)).send({ url, events });
    if (response.status !== 201) throw new Error(`subscribing failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; secret: string };
  };
  const deliveries = async (app: TestApp, admin: TestUser, id: string, query = ''): Promise<{ items: Delivery[]; nextCursor: string | null }> =>
    (await app.http.get(`/v1/webhooks/${id}/deliveries${query}`).set(bearer(admin.token))).body as { items: Delivery[]; nextCursor: string | null };
  const propose = async (vendor: Tenant, pharmacy: Tenant) => p.contract(vendor.admin, pharmacy, [(await p.product(vendor.admin)).id], { accept: false });

  it("signs each delivery: a vendor's proposal reaches the pharmacy's system as contract.proposed", async () => {
    const vendor = await p.vendor();
    const pharmacy = await p.pharmacy();
    const path = `/signed/${randomUUID()}`;
    const subscription = await subscribe(t, pharmacy.admin, receiver.url(path), ['contract.proposed']);
    const contract = await propose(vendor, pharmacy);

    const [request] = await waitFor('the delivery', () => receiver.to(path).length > 0 && receiver.to(path));
    expectSigned(request, subscription.secret);
    const body = JSON.parse(request.body) as { id: string; type: string; createdAt: string; data: Record<string, unknown> };
    expect(body).toEqual({ id: expect.any(String), type: 'contract.proposed', createdAt: expect.any(String), data: { contractId: contract.id, kind: 'maintenance', proposedBy: 'vendor' } });
    expect(request.headers['webhook-id']).toBe(body.id);
    expect(request.headers).not.toHaveProperty('kaiji-signature');
    expect(request.headers['content-type']).toBe('application/json');
    const [event]: { type: string; subject_id: string }[] = await t.db.query('SELECT type, subject_id FROM domain_events WHERE id = $1', [body.id]);
    expect(event).toEqual({ type: 'contract.proposed', subject_id: contract.id });

    const log = await waitFor('the delivery log', async () => {
      const page = await deliveries(t, pharmacy.admin, subscription.id);
      return page.items.length === 1 && page;
    });
    expect(log.items[0]).toEqual(expect.objectContaining({ eventId: body.id, eventType: 'contract.proposed', attempt: 1, status: 'succeeded', responseStatus: 200, error: null }));
    expect(log.items[0].durationMs).toEqual(expect.any(Number));

    // The pharmacy's acceptance is contract.accepted, which this subscription did not ask for: no job at all.
    const accepted = await t.http.post(`/v1/contracts/${contract.id}/accept`).set(bearer(pharmacy.admin.token)).send({});
    expect(accepted.status).toBe(200);
    const [acceptedEvent]: { id: string }[] = await t.db.query(`SELECT id FROM domain_events WHERE type = 'contract.accepted' AND subject_id = $1`, [contract.id]);
    expect(await jobsFor(t.db, acceptedEvent.id)).toEqual([]);
  });

  it('retries a failing receiver with backoff and logs every attempt (500, then 200)', async () => {
    const vendor = await p.vendor();
    const pharmacy = await p.pharmacy();
    const path = `/flaky/${randomUUID()}`;
    const previous = receiver.respond;
    receiver.respond = (request, index, response) => {
      if (request.path === path && receiver.to(path).length === 1) response.writeHead(500).end('not yet');
      else previous(request, index, response);
    };
    const subscription = await subscribe(t, pharmacy.admin, receiver.url(path), ['contract.proposed']);
    await propose(vendor, pharmacy);

    const log = await waitFor('two logged attempts', async () => {
      const page = await deliveries(t, pharmacy.admin, subscription.id);
      return page.items.length === 2 && page;
    });
    expect(log.items).toEqual([
      expect.objectContaining({ attempt: 2, status: 'succeeded', responseStatus: 200, error: null }),
      expect.objectContaining({ attempt: 1, status: 'failed', responseStatus: 500, error: 'the receiver answered HTTP 500' }),
    ]);
    const requests = receiver.to(path);
    expect(requests).toHaveLength(2);
    expect(requests[1].headers['webhook-id']).toBe(requests[0].headers['webhook-id']);
    expect(requests[1].body).toBe(requests[0].body);
    for (const request of requests) expectSigned(request, subscription.secret);

    const first = await deliveries(t, pharmacy.admin, subscription.id, '?limit=1');
    expect(first.items.map((d) => d.attempt)).toEqual([2]);
    const second = await deliveries(t, pharmacy.admin, subscription.id, `?limit=1&cursor=${first.nextCursor}`);
    expect(second).toEqual({ items: [expect.objectContaining({ attempt: 1 })], nextCursor: null });
    expect((await deliveries(t, pharmacy.admin, subscription.id, '?status=failed')).items.map((d) => d.attempt)).toEqual([1]);
  });

  it('refuses at delivery time a host that now resolves to a forbidden address, logging it without connecting', async () => {
    const vendor = await p.vendor();
    const pharmacy = await p.pharmacy();
    names['rebind.kaiji.test'] = ['127.0.0.1'];
    const subscription = await subscribe(t, pharmacy.admin, `http://rebind.kaiji.test:${receiver.port}/rebind`, ['contract.proposed']);
    names['rebind.kaiji.test'] = ['169.254.169.254']; // the cloud metadata address: refused even where loopback is allowed
    await propose(vendor, pharmacy);

    const log = await waitFor('a refused attempt', async () => {
      const page = await deliveries(t, pharmacy.admin, subscription.id);
      return page.items.length > 0 && page;
    });
    expect(log.items[0]).toEqual(
      expect.objectContaining({
        status: 'failed',
        responseStatus: null,
        error: 'refused without connecting: url must not resolve to a link-local address (rebind.kaiji.test is 169.254.169.254)',
      }),
    );
    expect(receiver.to('/rebind')).toEqual([]);
    expect(fence.attempts).toEqual([]);
    // Deactivated: the remaining retries find nothing to deliver.
    expect((await t.http.delete(`/v1/webhooks/${subscription.id}`).set(bearer(pharmacy.admin.token))).status).toBe(200);
  });

  it('with the production address rules, refuses a host rebound to a private address and writes the refusal', async () => {
    const sf = new Factory(strict);
    const pharmacy = await sf.tenant('pharmacy');
    names['rebound.pharmacy.example'] = ['93.184.215.14'];
    const subscription = await subscribe(strict, pharmacy.admin, 'http://rebound.pharmacy.example/kaiji', ['contract.proposed']);
    names['rebound.pharmacy.example'] = ['10.0.0.5'];
    // An event row without a job (this app runs no workers): the delivery is run here, by hand.
    const [event]: { id: string }[] = await strict.db.query(
      `INSERT INTO domain_events (type, recipients, subject_type, subject_id, payload) VALUES ('contract.proposed', ARRAY[$1::uuid], 'contract', gen_random_uuid(), '{}') RETURNING id`,
      [pharmacy.org.id],
    );
    const worker = strict.app.get(WebhookDeliveryWorker);
    await expect(worker.deliver({ id: randomUUID(), data: { subscriptionId: subscription.id, eventId: event.id }, attempt: 1, willRetry: true })).rejects.toThrow(/webhook delivery failed/);

    const log = await deliveries(strict, pharmacy.admin, subscription.id);
    expect(log.items).toEqual([
      expect.objectContaining({ eventId: event.id, status: 'failed', error: 'refused without connecting: url must not resolve to a private address (rebound.pharmacy.example is 10.0.0.5)' }),
    ]);
    expect(fence.attempts).toEqual([]);
    expect((await strict.http.delete(`/v1/webhooks/${subscription.id}`).set(bearer(pharmacy.admin.token))).status).toBe(200);

    // Deactivated: a late job for it delivers nothing and logs nothing.
    await worker.deliver({ id: randomUUID(), data: { subscriptionId: subscription.id, eventId: event.id }, attempt: 2, willRetry: true });
    expect(await countRows(strict.db, 'webhook_deliveries WHERE subscription_id = $1', [subscription.id])).toBe(1);
  });

  it('enqueues in the publishing transaction: one job per matching active subscription, chains included, none on rollback', async () => {
    const chain = await f.tenant('chain');
    const pharmacy = await p.pharmacy({ chainId: chain.org.id });
    const stranger = await p.pharmacy();
    const path = `/fanout/${randomUUID()}`;
    const own = await subscribe(t, pharmacy.admin, receiver.url(path), ['document_request.created', 'risk_thread.message']);
    const ownOther = await subscribe(t, pharmacy.admin, receiver.url(path), ['contract.accepted']);
    const ownInactive = await subscribe(t, pharmacy.admin, receiver.url(path), ['risk_thread.message']);
    await t.http.patch(`/v1/webhooks/${ownInactive.id}`).set(bearer(pharmacy.admin.token)).send({ active: false });
    const ofChain = await subscribe(t, chain.admin, receiver.url(path), ['risk_thread.message']);
    await subscribe(t, stranger.admin, receiver.url(path), ['risk_thread.message']);
    const events = t.app.get(EventsService);
    const event = {
      type: 'risk_thread.message' as const,
      recipients: [pharmacy.org.id],
      subject: { type: 'risk_thread', id: randomUUID() },
      payload: { threadId: 'x' },
      notification: { title: 'テスト' },
    };

    let rolledBack = '';
    await expect(
      t.db.transaction(async (manager) => {
        rolledBack = await events.publish(manager, event);
        expect(await jobsFor(manager, rolledBack)).toEqual([own.id, ofChain.id].sort()); // enqueued with the event…
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await countRows(t.db, 'domain_events WHERE id = $1', [rolledBack])).toBe(0);
    expect(await jobsFor(t.db, rolledBack)).toEqual([]); // …and gone with it

    const committed = await t.db.transaction((manager) => events.publish(manager, event));
    // Not the subscription to another type, not the inactive one, not another pharmacy's.
    expect(await jobsFor(t.db, committed)).toEqual([own.id, ofChain.id].sort());
    expect([ownOther.id, ownInactive.id]).not.toContain(own.id);
    await waitFor('both deliveries', () => receiver.to(path).filter((r) => r.headers['webhook-id'] === committed).length === 2);
  });

  // Last: it shuts the worker app down.
  it('shuts down gracefully: a delivery in progress finishes and is logged before close returns', async () => {
    const pharmacy = await p.pharmacy();
    const vendor = await p.vendor();
    const path = `/slow/${randomUUID()}`;
    const previous = receiver.respond;
    receiver.respond = (request, index, response) => {
      if (request.path === path) setTimeout(() => response.writeHead(200).end('late'), 1_500);
      else previous(request, index, response);
    };
    const subscription = await subscribe(t, pharmacy.admin, receiver.url(path), ['contract.proposed']);
    await propose(vendor, pharmacy);
    await waitFor('the delivery to start', () => receiver.to(path).length > 0);

    // The app alone (its database, dropped by t.close in afterAll, is read after it).
    appClosed = true;
    await t.app.close();
    const client = new Client({ connectionString: t.ownerUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT status, response_status FROM webhook_deliveries WHERE subscription_id = $1', [subscription.id]);
      expect(rows).toEqual([{ status: 'succeeded', response_status: 200 }]);
    } finally {
      await client.end();
    }
  });
});
