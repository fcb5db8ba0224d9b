/**
 * Two API instances on one database, with job workers (pg-boss) on both, a loopback webhook
 * receiver that holds each delivery 1–2 s, and one instance SIGKILLed while deliveries are in
 * flight (a replacement starts, as an orchestrator would). Passes when every event addressed to the
 * subscriber is delivered at least once, duplicates carry the same event id, every signature
 * verifies, and the inactive-accounts schedule — set to every minute for the test — runs exactly
 * once per occurrence with both instances up.
 * Usage: npm run fault:two-instances   (WEBHOOK_EVENTS=150)
 */
import { join } from 'node:path';
import { Client } from 'pg';
import { ApiProcess, ApiOptions } from './support/api-process';
import { mapLimit, runScript, ScriptContext, secondsFromEnv, sleep } from './support/harness';
import { expectJson, HttpClient } from './support/http';
import { OwnPostgres } from './support/own-postgres';
import { table } from './support/report';
import { signatureValid, SlowReceiver } from './support/slow-receiver';
import { operatorLogin, pharmacyCode, proposeAndAccept, tenant } from './support/world';

const EVENTS = secondsFromEnv('WEBHOOK_EVENTS', 150);
const PHARMACIES = 5;
/** A killed instance's delivery expires after 60 s and pg-boss's maintenance (every 5 s here) hands it back. */
const DELIVERY_DEADLINE_SECONDS = 150;
const SWEEP_QUEUE = 'inactive-accounts-sweep';
const JOB_ENV = {
  KAIJI_JOBS: 'on',
  KAIJI_JOBS_POLL_SECONDS: '0.5',
  KAIJI_JOBS_MAINTENANCE_SECONDS: '5',
  KAIJI_WEBHOOK_ALLOW_PRIVATE: 'true', // loopback receiver: this test only
  KAIJI_WEBHOOK_RETRY_DELAY_SECONDS: '1',
};

runScript('two-instances', DELIVERY_DEADLINE_SECONDS + 300, async (context) => {
  const { log, checks, figures, cleanup } = context;
  const folder = context.tempDir('two-instances');
  const postgres = await OwnPostgres.start(folder, cleanup);
  const databaseUrl = await postgres.createDatabase('kaiji');
  const db = new Client({ connectionString: databaseUrl });
  const options = (name: string): ApiOptions => ({ databaseUrl, logFile: join(folder, `api-${name}.log`), env: JOB_ENV });
  const first = await ApiProcess.start(options('a'), cleanup);
  const second = await ApiProcess.start(options('b'), cleanup);
  await db.connect();
  cleanup.add('checker connection', () => db.end());
  log(`instances: A pid ${first.pid} on ${first.baseUrl}, B pid ${second.pid} on ${second.baseUrl}, one database (embedded PostgreSQL on port ${postgres.port})`);

  const receiver = await new SlowReceiver(() => 1000 + Math.random() * 1000).start(cleanup);
  const viaA = new HttpClient(first.baseUrl, 8);
  const viaB = new HttpClient(second.baseUrl, 8);
  cleanup.add('HTTP clients', async () => {
    viaA.close();
    viaB.close();
  });

  // The vendor subscribes to every event type; pharmacies' contracts, threads and messages reach it.
  const operator = await operatorLogin(viaA);
  const vendor = await tenant(viaA, operator, 'vendor');
  const webhook = expectJson<{ id: string; secret: string }>(
    await viaA.send('POST', '/v1/webhooks', { token: vendor.token, body: { url: receiver.url('/kaiji'), events: (await eventTypes(viaA)).slice() } }),
    201,
    'register webhook',
  );
  const product = expectJson<{ id: string }>(await viaA.send('POST', '/v1/products', { token: vendor.token, body: { name: '二重化試験', category: 'レセコン', deployment: 'cloud', versions: ['6.0'] } }), 201, 'product');
  const pharmacies = await mapLimit(Array.from({ length: PHARMACIES }), 3, async () => {
    const code = pharmacyCode();
    const created = await tenant(viaB, operator, 'pharmacy', { pharmacyCode: code });
    return { id: created.id, code, token: created.token };
  });
  for (const pharmacy of pharmacies) await proposeAndAccept(viaA, vendor.token, product.id, pharmacy);
  const disclosure = await publishSds(viaA, vendor.token, product.id);
  const threads = await mapLimit(pharmacies, 3, async (pharmacy) => {
    const opened = await viaB.send('POST', '/v1/risk-threads', { token: pharmacy.token, body: { documentType: 'disclosure', documentId: disclosure, itemId: '2', message: '理由を教えてください。' } });
    return { id: expectJson<{ id: string }>(opened, 201, 'open thread').id, token: pharmacy.token };
  });

  log(`generating ${EVENTS} thread messages (each a risk_thread.message event to the vendor), half through each instance`);
  await mapLimit(Array.from({ length: EVENTS }), 6, async (_, i) => {
    const thread = threads[i % threads.length];
    const result = await (i % 2 === 0 ? viaA : viaB).send('POST', `/v1/risk-threads/${thread.id}/messages`, { token: thread.token, body: { body: `確認 ${i + 1}` } });
    expectJson(result, 201, 'message');
  });

  // Kill A once several deliveries are being held by the receiver (some of them A's).
  const killDeadline = Date.now() + 60_000;
  while (receiver.inFlight < 6 && Date.now() < killDeadline) await sleep(50);
  const inFlightAtKill = receiver.inFlight;
  await first.kill('SIGKILL');
  const killedAt = Date.now();
  log(`SIGKILLed instance A with ${inFlightAtKill} deliveries in flight at the receiver (${receiver.delivered().size} events delivered so far)`);
  const replacement = await ApiProcess.start(options('a2'), cleanup);
  log(`replacement A' pid ${replacement.pid} on ${replacement.baseUrl}`);

  const schedule = await observeSchedule(context, db);

  const expected = await expectedEvents(db, vendor.id, webhook.id);
  const deadline = killedAt + DELIVERY_DEADLINE_SECONDS * 1000;
  while (Date.now() < deadline && [...expected.keys()].some((id) => !receiver.delivered().has(id))) await sleep(500);
  const delivered = receiver.delivered();
  const missing = [...expected.keys()].filter((id) => !delivered.has(id));
  const lastDelivery = Math.max(...receiver.deliveries.filter((d) => d.answered).map((d) => d.receivedAt));

  const byEvent = new Map<string, typeof receiver.deliveries>();
  for (const d of receiver.deliveries) byEvent.set(d.eventId, [...(byEvent.get(d.eventId) ?? []), d]);
  const duplicated = [...byEvent.values()].filter((list) => list.length > 1);
  const sameIdInBody = receiver.deliveries.every((d) => (JSON.parse(d.body) as { id: string }).id === d.eventId);
  const duplicatesIdentical = duplicated.every((list) => list.every((d) => d.body === list[0].body));
  const badSignatures = receiver.deliveries.filter((d) => !signatureValid(webhook.secret, d)).length;
  const abandoned = receiver.deliveries.filter((d) => d.abandoned).length;
  const jobs = await deliveryJobs(db, webhook.id);

  process.stdout.write(
    `\n${table([
      ['figure', 'value'],
      ['events addressed to the subscriber', expected.size],
      ['delivered (answered 200) at least once', expected.size - missing.length],
      ['requests received', receiver.deliveries.length],
      ['cut off mid-delivery by the kill', abandoned],
      ['events delivered more than once', duplicated.length],
      ['delivery jobs (pg-boss)', `${jobs.total}, states: ${jobs.states}`],
      ['seconds from the kill to the last delivery', Number(((lastDelivery - killedAt) / 1000).toFixed(0))],
    ])}\n\n`,
  );
  process.stdout.write(`schedule (cron set to every minute at ${new Date(schedule.from).toISOString()}):\n${schedule.lines.join('\n')}\n`);

  checks.check('the kill landed mid-delivery (requests cut off at the receiver)', abandoned > 0, `${abandoned}`);
  checks.check('every event is delivered at least once', missing.length === 0, `${expected.size - missing.length}/${expected.size}${missing.length ? `; missing e.g. ${missing.slice(0, 3).join(', ')}` : ''}`);
  checks.check('every delivery job exists for the events (outbox)', jobs.events === expected.size, `${jobs.events}/${expected.size}`);
  checks.check('duplicates carry the same event id (header and body) and the same body', sameIdInBody && duplicatesIdentical, `${duplicated.length} duplicated events`);
  checks.check('every signature verifies', badSignatures === 0, `${badSignatures} bad of ${receiver.deliveries.length}`);
  checks.check('the survivor and the replacement kept serving', second.alive && replacement.alive);
  checks.check(`the schedule ran once per occurrence with two instances up (${schedule.expected} occurrences)`, schedule.runs === schedule.expected && schedule.allOnce, `${schedule.runs} runs`);
  figures.events = expected.size;
  figures.delivered = `${expected.size - missing.length}/${expected.size}`;
  figures.duplicates = duplicated.length;
  figures['cut off by kill'] = abandoned;
  figures['schedule runs/occurrences'] = `${schedule.runs}/${schedule.expected}`;
});

async function eventTypes(http: HttpClient): Promise<string[]> {
  const document = expectJson<{ components: { schemas: { CreateWebhookDto: { properties: { events: { items: { enum: string[] } } } } } } }>(
    await http.send('GET', '/docs/openapi.json'),
    200,
    'OpenAPI document',
  );
  return document.components.schemas.CreateWebhookDto.properties.events.items.enum;
}

async function publishSds(http: HttpClient, token: string, productId: string): Promise<string> {
  const answers = ['1', '1.1', '1.2', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].map((itemId) =>
    itemId === '1' ? { itemId, answer: '該当' } : itemId === '2' ? { itemId, answer: 'いいえ' } : itemId === '3' ? { itemId, answer: '対象外', remarks: '受託しない' } : { itemId, answer: 'はい' },
  );
  const draft = expectJson<{ id: string }>(await http.send('POST', '/v1/disclosures', { token, body: { productId, productVersion: '6.0', kind: 'SDS', audience: 'all_customers', answers } }), 201, 'disclosure');
  expectJson(await http.send('POST', `/v1/disclosures/${draft.id}/publish`, { token }), 200, 'publish');
  return draft.id;
}

/** Events the subscription should receive: addressed to the vendor since it subscribed (every type). */
async function expectedEvents(db: Client, vendorId: string, webhookId: string): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; type: string }>(
    `SELECT e.id, e.type FROM domain_events e, webhook_subscriptions s WHERE s.id = $2 AND $1 = ANY(e.recipients) AND e.created_at >= s.created_at`,
    [vendorId, webhookId],
  );
  return new Map(rows.map((row) => [row.id, row.type]));
}

async function deliveryJobs(db: Client, webhookId: string): Promise<{ total: number; events: number; states: string }> {
  const { rows } = await db.query<{ state: string; jobs: number; events: number }>(
    `SELECT state, count(*)::int AS jobs, count(DISTINCT data->>'eventId')::int AS events FROM
       (SELECT state, data FROM pgboss.job WHERE name = 'webhook-delivery' AND data->>'subscriptionId' = $1
        UNION ALL SELECT state, data FROM pgboss.archive WHERE name = 'webhook-delivery' AND data->>'subscriptionId' = $1) j
      GROUP BY ROLLUP (state)`,
    [webhookId],
  );
  const total = rows.find((r) => r.state === null);
  return { total: total?.jobs ?? 0, events: total?.events ?? 0, states: rows.filter((r) => r.state !== null).map((r) => `${r.state} ${r.jobs}`).join(', ') };
}

/**
 * The sweep's pg-boss schedule is daily; for the test it is set to every minute, just after a
 * minute begins (each instance re-registers the daily cron when it starts, so after the last
 * start). Until 50 s past the third minute boundary, three occurrences are due: the minute just
 * begun and the next two. Each must have produced exactly one job, completed on its first attempt.
 */
async function observeSchedule(context: ScriptContext, db: Client): Promise<{ from: number; expected: number; runs: number; allOnce: boolean; lines: string[] }> {
  const msIntoMinute = Date.now() % 60_000;
  if (msIntoMinute > 5_000) await sleep(61_000 - msIntoMinute);
  const from = Date.now();
  await db.query(`UPDATE pgboss.schedule SET cron = '* * * * *' WHERE name = $1`, [SWEEP_QUEUE]);
  const minuteStart = from - (from % 60_000);
  const until = minuteStart + 2 * 60_000 + 50_000;
  context.log(`schedule ${SWEEP_QUEUE} set to every minute; observing until ${new Date(until).toISOString()}`);
  await sleep(until - Date.now());
  const { rows } = await db.query<{ id: string; state: string; retry_count: number; created_on: Date; completed_on: Date | null }>(
    `SELECT id, state, retry_count, created_on, completed_on FROM
       (SELECT id, state, retry_count, created_on, completed_on FROM pgboss.job WHERE name = $1
        UNION ALL SELECT id, state, retry_count, created_on, completed_on FROM pgboss.archive WHERE name = $1) j
      WHERE created_on >= $2 ORDER BY created_on`,
    [SWEEP_QUEUE, new Date(from)],
  );
  await db.query(`UPDATE pgboss.schedule SET cron = '0 3 * * *' WHERE name = $1`, [SWEEP_QUEUE]);
  return {
    from,
    expected: 3,
    runs: rows.length,
    allOnce: rows.every((r) => r.state === 'completed' && r.retry_count === 0),
    lines: rows.map((r) => `  job ${r.id}: created ${r.created_on.toISOString()}, ${r.state}${r.completed_on ? ` ${r.completed_on.toISOString()}` : ''}, retries ${r.retry_count}`),
  };
}
