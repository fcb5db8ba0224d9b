/**
 * The API process SIGKILLed while a 2,000-customer bulk submission is in flight, at moments seen
 * from the database: once its Idempotency-Key is claimed (entries being checked), twice inside its
 * transaction (writing the answers, publishing the events), as soon as the commit is visible, and
 * once the key holds the answer. After each kill the API restarts on the same database.
 * Passes when every submission is wholly present or wholly absent (never partial), and a retry with
 * the same Idempotency-Key and body completes it with exactly one revision per contract, then replays.
 * Usage: npm run fault:kill-bulk   (KILL_ENTRIES=2000)
 */
import { join } from 'node:path';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { ApiProcess } from './support/api-process';
import { runScript, secondsFromEnv, sleep, withTimeout } from './support/harness';
import { HttpClient, HttpResult } from './support/http';
import { retryUntilComplete, revisionsByManager } from './support/idempotent-retry';
import { OwnPostgres } from './support/own-postgres';
import { table } from './support/report';
import { checklistEntry, clientToken, CHECKLIST_FORM, FISCAL_YEAR, operatorLogin, tenant } from './support/world';

const ENTRIES = secondsFromEnv('KILL_ENTRIES', 2000);
const BATCH_PATH = '/v1/checklists/batch';
/** The lease of a dead request's key is 30 s here (api-process.ts): retries may wait that out. */
const RETRY_DEADLINE_SECONDS = 90;

/** A moment of the submission, as seen from the database: the kill follows it within ~10 ms. */
interface Moment {
  label: string;
  /** A query answering `seen` (boolean) once the moment has come. */
  probe: (submission: Submission) => { text: string; values: unknown[] };
  /** The answer is sent within milliseconds of this moment: it may reach the client before the kill. */
  answerMayWin?: boolean;
}

/** The batch's transaction, seen from outside: a session of the API that has written (holds an xid), at a statement matching `pattern`. */
const inTransaction = (pattern: string) => () => ({
  text: `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                         AND backend_xid IS NOT NULL AND query ~ $1) AS seen`,
  values: [pattern],
});

const MOMENTS: Moment[] = [
  {
    label: 'key claimed, entries being checked (before the transaction)',
    probe: (s) => ({ text: 'SELECT EXISTS (SELECT 1 FROM idempotency_keys WHERE key = $1) AS seen', values: [s.key] }),
  },
  { label: 'in the transaction: writing the answers', probe: inTransaction('INSERT INTO vendor_checklist_answers') },
  { label: 'in the transaction: audit and events, last statements', probe: inTransaction('INSERT INTO (audit_events|domain_events|notifications)|pgboss') },
  { label: 'as soon as the commit is visible', probe: (s) => ({ text: 'SELECT EXISTS (SELECT 1 FROM vendor_checklists WHERE manager_name = $1) AS seen', values: [s.managerName] }) },
  {
    label: 'once the key holds the answer (before it is sent)',
    probe: (s) => ({ text: `SELECT EXISTS (SELECT 1 FROM idempotency_keys WHERE key = $1 AND status = 'completed') AS seen`, values: [s.key] }),
    answerMayWin: true,
  },
];

interface Submission {
  key: string;
  managerName: string;
  body: { fiscalYear: number; entries: ReturnType<typeof checklistEntry>[] };
}

interface Attempt {
  moment: Moment;
  submission: Submission;
  killedAfterMs: number;
  answeredBeforeKill: boolean;
  checklists: number;
  contractsTouched: number;
  keyState: string;
}

runScript('kill-during-bulk', RETRY_DEADLINE_SECONDS + 400, async (context) => {
  const { log, checks, figures, cleanup } = context;
  const folder = context.tempDir('kill-bulk');
  const postgres = await OwnPostgres.start(folder, cleanup);
  const databaseUrl = await postgres.createDatabase('kaiji');
  const startApi = async () => ApiProcess.start({ databaseUrl, logFile: join(folder, 'api.log') }, cleanup);
  let api = await startApi();
  const http = new HttpClient(api.baseUrl, 4);
  cleanup.add('HTTP client', async () => http.close());
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  cleanup.add('checker connection', () => db.end());

  const operator = await operatorLogin(http);
  const vendor = await tenant(http, operator, 'vendor');
  const product = JSON.parse((await http.send('POST', '/v1/products', { token: vendor.token, body: { name: '障害試験レセコン', category: 'レセコン', deployment: 'cloud' } })).body) as { id: string };
  const token = await clientToken(http, vendor.token, vendor.id, ['checklists:write']);
  const itemIds = (JSON.parse((await http.send('GET', `/v1/forms/${CHECKLIST_FORM}`, { token })).body) as { items: { id: string }[] }).items.map((i) => i.id);
  // Customers in bulk straight in SQL (the API path is what is under test, not the seeding); one set per submission.
  const contractSets = await seedContracts(db, vendor.id, product.id, MOMENTS.length + 1, ENTRIES);
  log(`seeded: a vendor with an API client and ${contractSets.length} × ${ENTRIES} active maintenance contracts`);

  const submissionFor = (contracts: string[], label: string): Submission => {
    const managerName = `障害試験 ${label}`;
    return { key: randomUUID(), managerName, body: { fiscalYear: FISCAL_YEAR, entries: contracts.map((id) => checklistEntry(id, managerName, itemIds)) } };
  };

  // A first, whole submission: the time it takes on this machine, for the report.
  const calibration = submissionFor(contractSets[MOMENTS.length], 'calibration');
  const calibrationStart = performance.now();
  const calibrated = await post(http, token, calibration);
  if (calibrated.status !== 200) throw new Error(`the first submission failed: ${calibrated.status} ${calibrated.body.slice(0, 300)}`);
  figures['whole submission ms'] = Math.round(performance.now() - calibrationStart);
  log(`a whole submission of ${ENTRIES} checklists takes ${figures['whole submission ms']} ms here`);

  const attempts: Attempt[] = [];
  for (const [index, moment] of MOMENTS.entries()) {
    const submission = submissionFor(contractSets[index], `attempt ${index + 1}`);
    http.retarget(api.baseUrl);
    const sent = performance.now();
    let answeredAt: number | undefined;
    const request = post(http, token, submission).then((result: HttpResult) => {
      answeredAt = performance.now();
      return result;
    });
    const watch = watchFor(db, moment.probe(submission));
    await Promise.race([watch.seen, request]);
    watch.cancel();
    await watch.seen;
    const killedAt = performance.now();
    await api.kill('SIGKILL');
    const result = await request;
    await untilSettled(db);
    const state = await submissionState(db, submission, contractSets[index]);
    const attempt: Attempt = { moment, submission, killedAfterMs: killedAt - sent, answeredBeforeKill: answeredAt !== undefined && answeredAt < killedAt && result.status !== 0, ...state };
    attempts.push(attempt);
    log(`attempt ${index + 1} (${moment.label}): killed after ${attempt.killedAfterMs.toFixed(0)} ms → ${state.checklists} checklists, key ${state.keyState}`);
    api = await startApi();
  }

  http.retarget(api.baseUrl);
  log(`retrying every submission with its Idempotency-Key on the restarted API (pid ${api.pid})`);
  const deadline = Date.now() + RETRY_DEADLINE_SECONDS * 1000;
  const retries = await Promise.all(attempts.map((a) => retryUntilComplete(http, BATCH_PATH, token, a.submission.key, a.submission.body, deadline)));
  const after = await revisionsByManager(databaseUrl, attempts.map((a) => a.submission.managerName));

  const rows: (string | number)[][] = [['kill moment', 'killed at ms', 'answered first', 'after the kill', 'key', 'retry', '409s waited', 'retry result', 'revisions after', 'replayed again']];
  attempts.forEach((attempt, i) => {
    const retry = retries[i];
    const summary = retry.status === 200 ? (JSON.parse(retry.result.body) as { created: number; unchanged: number; failed: number }) : undefined;
    const written = after.get(attempt.submission.managerName);
    rows.push([
      attempt.moment.label,
      Math.round(attempt.killedAfterMs),
      attempt.answeredBeforeKill ? 'yes' : 'no',
      attempt.checklists === 0 ? 'absent' : attempt.checklists === ENTRIES ? 'whole' : `PARTIAL ${attempt.checklists}`,
      attempt.keyState,
      retry.status,
      `${retry.inProgressAnswers} (${retry.waitedSeconds.toFixed(0)} s)`,
      summary ? `${retry.replayed ? 'replay: ' : ''}created ${summary.created}, unchanged ${summary.unchanged}` : retry.result.body.slice(0, 80),
      written ? `${written.checklists} on ${written.contracts} contracts` : '0',
      retry.secondReplaySame ? 'yes' : 'no',
    ]);
  });
  process.stdout.write(`\n${table(rows)}\n\n`);

  const wholeOrNothing = attempts.filter((a) => (a.checklists === 0 || a.checklists === ENTRIES) && a.contractsTouched === a.checklists);
  const completedOnce = attempts.filter((a) => {
    const written = after.get(a.submission.managerName);
    return written?.checklists === ENTRIES && written.contracts === ENTRIES && written.answers === ENTRIES * itemIds.length;
  });
  const inFlight = attempts.filter((a) => !a.answeredBeforeKill || a.moment.answerMayWin);
  checks.check(
    'the kills landed while the submission was in flight (the last moment may lose the race to the answer)',
    inFlight.length === attempts.length,
    `${attempts.filter((a) => !a.answeredBeforeKill).length}/${attempts.length} before the answer`,
  );
  checks.check('both outcomes were hit: absent (killed before commit) and whole (after)', attempts.some((a) => a.checklists === 0) && attempts.some((a) => a.checklists === ENTRIES));
  checks.check('after each kill the submission is wholly present or wholly absent', wholeOrNothing.length === attempts.length, `${wholeOrNothing.length}/${attempts.length}`);
  checks.check('each retry with the same Idempotency-Key completes (200)', retries.every((r) => r.status === 200), retries.map((r) => r.status).join(', '));
  checks.check('exactly one revision per contract from each submission', completedOnce.length === attempts.length, `${completedOnce.length}/${attempts.length}`);
  checks.check('a second retry replays the same answer', retries.every((r) => r.secondReplaySame), `${retries.filter((r) => r.secondReplaySame).length}/${retries.length}`);
  checks.check('a 409 while a dead request holds the key says when to retry (Retry-After)', retries.every((r) => r.inProgressAnswers === 0 || r.retryAfterHeaders.length > 0));
  figures['kills'] = attempts.length;
  figures['absent/whole/partial'] = `${attempts.filter((a) => a.checklists === 0).length}/${attempts.filter((a) => a.checklists === ENTRIES).length}/${attempts.length - wholeOrNothing.length}`;
  figures['retries completed once'] = `${completedOnce.length}/${attempts.length}`;
});

function post(http: HttpClient, token: string, submission: Submission): Promise<HttpResult> {
  return http.send('POST', BATCH_PATH, { token, body: submission.body, headers: { 'idempotency-key': submission.key }, timeoutMs: 120_000 });
}

/** Polls every 10 ms until the probe answers true (resolving with performance.now()) or the watch is cancelled. */
function watchFor(db: Client, query: { text: string; values: unknown[] }): { seen: Promise<number>; cancel(): void } {
  let cancelled = false;
  const seen = (async () => {
    const deadline = performance.now() + 60_000;
    while (!cancelled && performance.now() < deadline) {
      const { rows } = await db.query<{ seen: boolean }>(query);
      if (rows[0].seen) return performance.now();
      await sleep(10);
    }
    return Infinity;
  })();
  return { seen, cancel: () => (cancelled = true) };
}

/** Waits until the killed API's database sessions are gone (a statement in progress runs to its end first). */
async function untilSettled(db: Client): Promise<void> {
  await withTimeout(
    (async () => {
      for (;;) {
        const { rows } = await db.query<{ busy: number }>(
          `SELECT count(*)::int AS busy FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        );
        if (rows[0].busy === 0) return;
        await sleep(50);
      }
    })(),
    30_000,
    'the killed API’s sessions to end',
  );
}

async function submissionState(db: Client, submission: Submission, contracts: string[]): Promise<{ checklists: number; contractsTouched: number; keyState: string }> {
  const { rows } = await db.query<{ checklists: number; touched: number; key_state: string | null }>(
    `SELECT (SELECT count(*)::int FROM vendor_checklists WHERE manager_name = $1) AS checklists,
            (SELECT count(DISTINCT contract_id)::int FROM vendor_checklists WHERE contract_id = ANY($2::uuid[])) AS touched,
            (SELECT status FROM idempotency_keys WHERE key = $3) AS key_state`,
    [submission.managerName, contracts, submission.key],
  );
  return { checklists: rows[0].checklists, contractsTouched: rows[0].touched, keyState: rows[0].key_state ?? 'none' };
}

async function seedContracts(db: Client, vendorId: string, productId: string, sets: number, perSet: number): Promise<string[][]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH p AS (
       INSERT INTO organizations (kind, name, pharmacy_code)
       SELECT 'pharmacy', '障害試験薬局 ' || n, lpad((8000000000 + n)::text, 10, '0') FROM generate_series(1, $1::int) n RETURNING id),
     c AS (
       INSERT INTO contracts (vendor_id, customer_id, kind, starts_on, status, proposed_by, decided_at)
       SELECT $2, p.id, 'maintenance', '2025-04-01', 'active', 'vendor', now() FROM p RETURNING id),
     cp AS (INSERT INTO contract_products (contract_id, product_id) SELECT c.id, $3 FROM c)
     SELECT id FROM c ORDER BY id`,
    [sets * perSet, vendorId, productId],
  );
  return Array.from({ length: sets }, (_, s) => rows.slice(s * perSet, (s + 1) * perSet).map((r) => r.id));
}
