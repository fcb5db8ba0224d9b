import { randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { webhookDocumentation, webhookSchemaName } from '../src/webhooks/webhook-openapi';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { bearer, Factory, TestUser } from './support/factories';
import { startIsolatedTestApp } from './support/isolated-app';
import { Publishing, Tenant } from './support/publishing';
import type { TestApp } from './support/test-app';
import { fenceOutboundConnections, ReceivedWebhook, waitFor, WebhookReceiver } from './support/webhook-receiver';

interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  attempt: number;
  kind: string;
  redeliveryOf: string | null;
  status: string;
  responseStatus: number | null;
  error: string | null;
}
interface Envelope {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, unknown>;
}

/** What a receiver does with a delivery: the standardwebhooks library's verify over the raw body. */
const verify = (secret: string, request: ReceivedWebhook): unknown => new Webhook(secret).verify(request.body, request.headers as Record<string, string>);

/** The payload schemas the OpenAPI document publishes (its `webhooks`), compiled to check what is really sent. */
function payloadValidator(): (type: string, body: unknown) => unknown[] {
  const { schemas } = webhookDocumentation();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'https://kaiji.test/openapi', components: { schemas } });
  return (type, body) => {
    const validate = ajv.getSchema(`https://kaiji.test/openapi#/components/schemas/${webhookSchemaName(type)}`);
    if (!validate) throw new Error(`no schema for ${type}`);
    return validate(body) ? [] : (validate.errors ?? []);
  };
}

/**
 * Standard Webhooks end to end: a receiver on loopback (KAIJI_WEBHOOK_ALLOW_LOOPBACK, as in the
 * demo, without KAIJI_WEBHOOK_ALLOW_PRIVATE) verifies every delivery with the standardwebhooks
 * library; rotation overlap; ping; redelivery. Every connection is fenced to loopback.
 */
describe('Standard Webhooks', () => {
  let t: TestApp;
  let f: Factory;
  let p: Publishing;
  let receiver: WebhookReceiver;
  let fence: ReturnType<typeof fenceOutboundConnections>;
  const payloadErrors = payloadValidator();

  beforeAll(async () => {
    fence = fenceOutboundConnections();
    receiver = await new WebhookReceiver().start();
    t = await startIsolatedTestApp('webhook_standard', {
      KAIJI_JOBS: 'on',
      KAIJI_JOBS_POLL_SECONDS: '0.5',
      KAIJI_WEBHOOK_ALLOW_LOOPBACK: 'true',
      KAIJI_WEBHOOK_RETRY_DELAY_SECONDS: '1',
      KAIJI_WEBHOOK_RETRY_LIMIT: '2',
    });
    f = new Factory(t);
    p = new Publishing(t, f);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    fence.restore();
    expect(fence.attempts).toEqual([]);
  });

  const subscribe = async (admin: TestUser, path: string, events: string[] = ['contract.proposed']): Promise<{ id: string; secret: string }> => {
    const response = await t.http.post('/v1/webhooks').set(bearer(admin.token)).send({ url: receiver.url(path), events });
    if (response.status !== 201) throw new Error(`subscribing failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; secret: string };
  };
  const deliveries = async (admin: TestUser, id: string, query = ''): Promise<Delivery[]> => {
    const response = await t.http.get(`/v1/webhooks/${id}/deliveries${query}`).set(bearer(admin.token));
    if (response.status !== 200) throw new Error(`listing deliveries failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.items as Delivery[];
  };
  const ping = async (admin: TestUser, id: string) => t.http.post(`/v1/webhooks/${id}/ping`).set(bearer(admin.token));
  /** Pings and answers the request the receiver got for it. */
  const pinged = async (admin: TestUser, id: string, path: string): Promise<ReceivedWebhook> => {
    const response = await ping(admin, id);
    expect(response.status).toBe(202);
    const eventId = response.body.eventId as string;
    const [request] = await waitFor('the ping', () => receiver.to(path).filter((r) => r.headers['webhook-id'] === eventId).length > 0 && receiver.to(path).filter((r) => r.headers['webhook-id'] === eventId));
    return request;
  };
  const proposeTo = async (pharmacy: Tenant) => {
    const vendor = await p.vendor();
    return p.contract(vendor.admin, pharmacy, [(await p.product(vendor.admin)).id], { accept: false });
  };

  it('loopback only: a local receiver is accepted, private networks still are not', async () => {
    const { org, admin } = await f.tenant('pharmacy');
    for (const url of ['http://10.0.0.1/hook', 'http://192.168.1.20/hook', 'http://[fd00::1]/hook', 'http://169.254.169.254/', 'http://[::ffff:10.0.0.1]/']) {
      expect([url, invalidFields(await t.http.post('/v1/webhooks').set(bearer(admin.token)).send({ url, events: ['contract.proposed'] }))]).toEqual([url, ['url']]);
    }
    expect(await countRows(t.db, 'webhook_subscriptions WHERE organization_id = $1', [org.id])).toBe(0);
    for (const url of [receiver.url('/local'), `http://localhost:${receiver.port}/local`, `http://[::1]:${receiver.port}/local`]) {
      expect([url, (await t.http.post('/v1/webhooks').set(bearer(admin.token)).send({ url, events: ['contract.proposed'] })).status]).toEqual([url, 201]);
    }
  });

  it('signs per Standard Webhooks: the library verifies the delivery, and the body follows the published schema', async () => {
    const pharmacy = await p.pharmacy();
    const path = `/standard/${randomUUID()}`;
    const subscription = await subscribe(pharmacy.admin, path);
    const contract = await proposeTo(pharmacy);

    const [request] = await waitFor('the delivery', () => receiver.to(path).length > 0 && receiver.to(path));
    const body = verify(subscription.secret, request) as Envelope;
    expect(body).toEqual({ id: expect.any(String), type: 'contract.proposed', createdAt: expect.any(String), data: { contractId: contract.id, kind: 'maintenance', proposedBy: 'vendor' } });
    expect(request.headers['webhook-id']).toBe(body.id);
    expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(Object.keys(request.headers).filter((name) => name.startsWith('kaiji-'))).toEqual([]);
    expect(payloadErrors('contract.proposed', body)).toEqual([]);
    // Another secret, or a changed body, does not verify.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(request.body, request.headers as Record<string, string>)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(subscription.secret).verify(request.body.replace('maintenance', 'operation'), request.headers as Record<string, string>)).toThrow(WebhookVerificationError);
  });

  it('rotation with overlap: both secrets verify during the window, only the new one after it', async () => {
    const { admin } = await f.tenant('vendor');
    const path = `/rotation/${randomUUID()}`;
    const original = await subscribe(admin, path);

    const rotated = await t.http.post(`/v1/webhooks/${original.id}/rotate-secret`).set(bearer(admin.token)).send({ overlapHours: 2 });
    expect(rotated.status).toBe(200);
    const during = await pinged(admin, original.id, path);
    expect((during.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    for (const secret of [rotated.body.secret as string, original.secret]) expect(verify(secret, during)).toEqual(expect.objectContaining({ type: 'webhook.ping' }));

    // The window ends (moved into the past here rather than waited for).
    await t.db.query(`UPDATE webhook_subscriptions SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`, [original.id]);
    expect((await t.http.get(`/v1/webhooks/${original.id}`).set(bearer(admin.token))).body.previousSecretExpiresAt).toBeNull();
    const after = await pinged(admin, original.id, path);
    expect((after.headers['webhook-signature'] as string).split(' ')).toHaveLength(1);
    expect(verify(rotated.body.secret as string, after)).toEqual(expect.objectContaining({ type: 'webhook.ping' }));
    expect(() => verify(original.secret, after)).toThrow(WebhookVerificationError);

    // overlapHours 0: the replaced secret stops at once.
    const abrupt = await t.http.post(`/v1/webhooks/${original.id}/rotate-secret`).set(bearer(admin.token)).send({ overlapHours: 0 });
    const next = await pinged(admin, original.id, path);
    expect(verify(abrupt.body.secret as string, next)).toBeTruthy();
    expect(() => verify(rotated.body.secret as string, next)).toThrow(WebhookVerificationError);
  });

  it('ping: a signed webhook.ping to that subscription only, logged with its result, audited; tried once when it fails', async () => {
    const { org, admin } = await f.tenant('pharmacy');
    const path = `/ping/${randomUUID()}`;
    const subscription = await subscribe(admin, path, ['risk_thread.message']);
    const other = await subscribe(admin, `/ping-other/${randomUUID()}`, ['risk_thread.message']);

    const response = await ping(admin, subscription.id);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ subscriptionId: subscription.id, eventId: expect.any(String), eventType: 'webhook.ping', kind: 'ping' });
    const eventId = response.body.eventId as string;
    const [request] = await waitFor('the ping', () => receiver.to(path).length > 0 && receiver.to(path));
    const body = verify(subscription.secret, request) as Envelope;
    expect(body).toEqual({ id: eventId, type: 'webhook.ping', createdAt: expect.any(String), data: { subscriptionId: subscription.id } });
    expect(payloadErrors('webhook.ping', body)).toEqual([]);

    const log = await waitFor('the logged ping', async () => {
      const items = await deliveries(admin, subscription.id, `?eventId=${eventId}`);
      return items.length > 0 && items;
    });
    expect(log).toEqual([expect.objectContaining({ eventId, eventType: 'webhook.ping', kind: 'ping', attempt: 1, status: 'succeeded', responseStatus: 200, redeliveryOf: null })]);
    expect(await countRows(t.db, 'webhook_deliveries WHERE subscription_id = $1', [other.id])).toBe(0);
    expect(await countRows(t.db, 'notifications WHERE event_id = $1', [eventId])).toBe(0);
    expect(await countRows(t.db, `audit_events WHERE action = 'webhook.ping' AND target_id = $1 AND organization_id = $2`, [subscription.id, org.id])).toBe(1);

    // A failing receiver: logged as failed, and not retried (someone is watching the result).
    const failing = `/ping-failing/${randomUUID()}`;
    const previous = receiver.respond;
    receiver.respond = (incoming, index, reply) => (incoming.path === failing ? reply.writeHead(503).end('down') : previous(incoming, index, reply));
    const broken = await subscribe(admin, failing, ['risk_thread.message']);
    const failed = await ping(admin, broken.id);
    const failedLog = await waitFor('the failed ping', async () => {
      const items = await deliveries(admin, broken.id, `?eventId=${failed.body.eventId as string}`);
      return items.length > 0 && items;
    });
    expect(failedLog).toEqual([expect.objectContaining({ kind: 'ping', status: 'failed', responseStatus: 503, error: 'the receiver answered HTTP 503' })]);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // longer than a retry would take here
    expect(receiver.to(failing)).toHaveLength(1);
    expect(await deliveries(admin, broken.id)).toHaveLength(1);
  });

  it('redelivery: the same event and webhook-id again, with a new timestamp and signature, logged as a new attempt and audited', async () => {
    const pharmacy = await p.pharmacy();
    const path = `/redeliver/${randomUUID()}`;
    const subscription = await subscribe(pharmacy.admin, path);
    await proposeTo(pharmacy);
    const [first] = await waitFor('the delivery', async () => {
      const items = await deliveries(pharmacy.admin, subscription.id);
      return items.length > 0 && items;
    });
    // Unsubscribed from the type since: a redelivery is still sent (someone asked for it).
    await t.http.patch(`/v1/webhooks/${subscription.id}`).set(bearer(pharmacy.admin.token)).send({ events: ['contract.accepted'] });

    const response = await t.http.post(`/v1/webhooks/${subscription.id}/deliveries/${first.id}/redeliver`).set(bearer(pharmacy.admin.token));
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ subscriptionId: subscription.id, eventId: first.eventId, eventType: 'contract.proposed', kind: 'redelivery' });
    const requests = await waitFor('the redelivery', () => receiver.to(path).length === 2 && receiver.to(path));
    expect(requests[1].body).toBe(requests[0].body);
    expect(requests[1].headers['webhook-id']).toBe(requests[0].headers['webhook-id']);
    expect(Number(requests[1].headers['webhook-timestamp'])).toBeGreaterThanOrEqual(Number(requests[0].headers['webhook-timestamp']));
    expect(verify(subscription.secret, requests[1])).toEqual(JSON.parse(requests[0].body));

    const log = await waitFor('the logged redelivery', async () => {
      const items = await deliveries(pharmacy.admin, subscription.id);
      return items.length === 2 && items;
    });
    expect(log[0]).toEqual(expect.objectContaining({ eventId: first.eventId, attempt: 2, kind: 'redelivery', redeliveryOf: first.id, status: 'succeeded' }));
    expect(log[1]).toEqual(expect.objectContaining({ id: first.id, attempt: 1, kind: 'event', redeliveryOf: null }));
    const [audited]: { details: Record<string, unknown> }[] = await t.db.query(`SELECT details FROM audit_events WHERE action = 'webhook.redeliver' AND target_id = $1`, [subscription.id]);
    expect(audited.details).toEqual({ deliveryId: first.id, eventId: first.eventId, eventType: 'contract.proposed' });
  });

  it("answers 404 for another organization's subscription or delivery, 409 when deactivated, 400 for a bad filter — writing nothing", async () => {
    const owner = await p.pharmacy();
    const path = `/guarded/${randomUUID()}`;
    const subscription = await subscribe(owner.admin, path);
    await proposeTo(owner);
    const [delivery] = await waitFor('the delivery', async () => {
      const items = await deliveries(owner.admin, subscription.id);
      return items.length > 0 && items;
    });
    const stranger = await f.tenant('pharmacy');
    const strangers = await t.http.post('/v1/webhooks').set(bearer(stranger.admin.token)).send({ url: receiver.url(`/stranger/${randomUUID()}`), events: ['contract.proposed'] });
    const snapshot = async () => ({
      events: await countRows(t.db, `domain_events WHERE type = 'webhook.ping'`),
      deliveries: await countRows(t.db, 'webhook_deliveries'),
      jobs: await countRows(t.db, `pgboss.job WHERE name = 'webhook-delivery'`),
      audit: await countRows(t.db, `audit_events WHERE action IN ('webhook.ping', 'webhook.redeliver')`),
    });
    const before = await snapshot();

    const redeliver = (token: string, subscriptionId: string, deliveryId: string) => t.http.post(`/v1/webhooks/${subscriptionId}/deliveries/${deliveryId}/redeliver`).set(bearer(token));
    expectProblem(await ping(stranger.admin, subscription.id), 404, 'not_found');
    expectProblem(await redeliver(stranger.admin.token, subscription.id, delivery.id), 404, 'not_found');
    // Its own subscription with the owner's delivery: still 404.
    expectProblem(await redeliver(stranger.admin.token, strangers.body.id as string, delivery.id), 404, 'not_found');
    expectProblem(await redeliver(owner.admin.token, subscription.id, randomUUID()), 404, 'not_found');
    expectProblem(await redeliver(owner.admin.token, subscription.id, 'not-a-uuid'), 404, 'not_found');
    expectProblem(await ping(owner.admin, randomUUID()), 404, 'not_found');
    expect(invalidFields(await t.http.get(`/v1/webhooks/${subscription.id}/deliveries?eventId=nope`).set(bearer(owner.admin.token)))).toEqual(['eventId']);

    await t.http.delete(`/v1/webhooks/${subscription.id}`).set(bearer(owner.admin.token));
    expectProblem(await ping(owner.admin, subscription.id), 409, 'webhook_inactive');
    expectProblem(await redeliver(owner.admin.token, subscription.id, delivery.id), 409, 'webhook_inactive');
    expect(await snapshot()).toEqual(before);
  });
});
