/**
 * PostgreSQL stopped (fast shutdown) in the middle of mixed traffic and started again ~5 s later on
 * the same port and data folder. Passes when, while it is down, the API answers 503 problem+json
 * (and no other 5xx), the same API process recovers by itself, every acknowledged write is in the
 * database, and each bulk submission that got no 2xx, retried with its Idempotency-Key, completes
 * exactly once (one revision per contract) and then replays.
 * Usage: npm run fault:pg-restart   (LOAD_SECONDS=30, PG_DOWN_AT=10, PG_DOWN_SECONDS=5, LOAD_CONNECTIONS, …)
 */
import { mapLimit, runScript, secondsFromEnv, sleep } from './support/harness';
import { retryUntilComplete, revisionsByManager } from './support/idempotent-retry';
import { loadSettings, setUpLoad } from './support/load-setup';
import { timelineLines, trafficTable } from './support/report';
import { runTraffic, TrafficLog } from './support/traffic';
import { allFound, describeVerification, verifyAcknowledgedWrites } from './support/verify-writes';

const settings = loadSettings(30);
const DOWN_AT = secondsFromEnv('PG_DOWN_AT', 10);
const DOWN_SECONDS = secondsFromEnv('PG_DOWN_SECONDS', 5);
/** Requests must succeed again within this long after PostgreSQL accepts connections. */
const RECOVERY_LIMIT_SECONDS = 10;
/** The idempotency lease is 30 s here (api-process.ts): a retry may have to wait that out. */
const RETRY_DEADLINE_SECONDS = 90;

runScript('pg-restart', settings.seconds + RETRY_DEADLINE_SECONDS + 300, async (context) => {
  const { log, checks, figures } = context;
  const { api, http, world, databaseUrl, postgres } = await setUpLoad(context, 'pg-restart', settings);
  const apiPid = api.pid;
  log(`traffic: ${settings.seconds} s at ${settings.connections} connections; PostgreSQL stops at t=${DOWN_AT} s for ${DOWN_SECONDS} s`);

  const traffic = new TrafficLog();
  const fault = (async () => {
    await sleep(DOWN_AT * 1000);
    const downAt = traffic.at();
    await postgres.stop();
    const stoppedAt = traffic.at();
    log(`PostgreSQL stopped (fast shutdown took ${(stoppedAt - downAt).toFixed(1)} s)`);
    await sleep(DOWN_SECONDS * 1000);
    await postgres.startServer();
    const upAt = traffic.at();
    log(`PostgreSQL started again on port ${postgres.port} (down ${(upAt - downAt).toFixed(1)} s)`);
    return { downAt, stoppedAt, upAt };
  })();
  api.startSampling();
  await runTraffic({ http, world, connections: settings.connections, seconds: settings.seconds, bulkEntries: settings.bulkEntries }, traffic);
  api.stopSampling();
  const { downAt, upAt } = await fault;

  const recoverySeconds = traffic.successAfter(upAt);
  const lastSeconds = traffic.timeline.slice(-5);
  const tailFailures = lastSeconds.reduce((sum, byStatus) => sum + [...(byStatus?.entries() ?? [])].filter(([s]) => s < 200 || s >= 300).reduce((n, [, c]) => n + c, 0), 0);

  process.stdout.write(`\n${trafficTable(traffic)}\n\nanswers per second around the outage (PostgreSQL down t=${downAt.toFixed(1)}–${upAt.toFixed(1)} s):\n`);
  process.stdout.write(`${timelineLines(traffic, Math.max(0, Math.floor(downAt) - 2), Math.min(traffic.timeline.length, Math.ceil(upAt) + RECOVERY_LIMIT_SECONDS)).join('\n')}\n`);
  for (const odd of traffic.odd.slice(0, 10)) process.stdout.write(`  unexpected: ${odd.kind} at ${odd.at.toFixed(1)} s → ${odd.status}: ${odd.detail}\n`);

  const unavailable = traffic.count((s) => s === 503);
  const otherServerErrors = traffic.count((s) => s >= 500 && s !== 503);
  const noAnswer = traffic.count((s) => s === 0);
  checks.check('503 answers while PostgreSQL was down', unavailable > 0, `${unavailable}`);
  checks.check('every 503 is application/problem+json', traffic.unavailableNotProblem === 0, `${traffic.unavailableNotProblem} were not`);
  checks.check('no other 5xx (500, 502, …)', otherServerErrors === 0, `${otherServerErrors}`);
  checks.check('no 4xx during the load', traffic.count((s) => s >= 400 && s < 500) === 0, `${traffic.count((s) => s >= 400 && s < 500)}`);
  checks.check('every request got an HTTP answer (the API never dropped connections)', noAnswer === 0, `${noAnswer} without an answer`);
  checks.check(`requests succeed again within ${RECOVERY_LIMIT_SECONDS} s of PostgreSQL being back`, recoverySeconds <= RECOVERY_LIMIT_SECONDS, `first 2xx ${recoverySeconds.toFixed(1)} s after`);
  checks.check('the last 5 s of the load had only 2xx answers', tailFailures === 0, `${tailFailures} other answers`);
  checks.check('the same API process served throughout (no restart)', api.alive && api.pid === apiPid, `pid ${api.pid}`);

  log(`retrying the ${traffic.unacknowledgedBulks.length} bulk submissions that got no 2xx, with their Idempotency-Keys`);
  const deadline = Date.now() + RETRY_DEADLINE_SECONDS * 1000;
  const retries = await mapLimit(traffic.unacknowledgedBulks, 8, (bulk) => retryUntilComplete(http, '/v1/checklists/batch', bulk.token, bulk.key, bulk.body, deadline));
  const written = await revisionsByManager(databaseUrl, traffic.unacknowledgedBulks.map((b) => b.managerName));
  const writtenOnce = (bulk: (typeof traffic.unacknowledgedBulks)[number]) => {
    const rows = written.get(bulk.managerName);
    const entries = bulk.body.entries.length;
    return rows?.checklists === entries && rows.contracts === entries && rows.answers === entries * world.checklistItemIds.length;
  };
  const exactlyOnce = traffic.unacknowledgedBulks.filter(writtenOnce).length;
  for (const [index, bulk] of traffic.unacknowledgedBulks.entries()) {
    if (writtenOnce(bulk)) continue;
    const retry = retries[index];
    process.stdout.write(`  not written exactly once: first answer ${bulk.status} at ${bulk.at.toFixed(1)} s; in the database ${JSON.stringify(written.get(bulk.managerName) ?? null)}; retry ${retry.status} (replayed: ${retry.replayed}) ${retry.result.body.slice(0, 300)}\n`);
  }
  const completed = retries.filter((r) => r.status === 200).length;
  const replays = retries.filter((r) => r.secondReplaySame).length;
  const waited = retries.filter((r) => r.inProgressAnswers > 0);
  process.stdout.write(
    `\nretried bulk submissions: ${retries.length}; completed ${completed}; written exactly once ${exactlyOnce}; replayed on a second retry ${replays}; ` +
      `answered 409 (key still held by the failed request) first: ${waited.length}` +
      (waited.length ? ` (waited up to ${Math.max(...waited.map((r) => r.waitedSeconds)).toFixed(0)} s; Retry-After seen: ${[...new Set(waited.flatMap((r) => r.retryAfterHeaders))].join(', ') || 'none'})` : '') +
      '\n',
  );
  for (const retry of retries.filter((r) => r.status !== 200).slice(0, 5)) process.stdout.write(`  retry of ${retry.key} ended with ${retry.status}: ${retry.result.body.slice(0, 200)}\n`);
  checks.check('some bulk submissions failed during the outage (so the retry path was exercised)', retries.length > 0, `${retries.length}`);
  checks.check('each failed bulk, retried with its key, completes', completed === retries.length, `${completed}/${retries.length}`);
  checks.check('each is written exactly once (one revision per contract)', exactlyOnce === retries.length, `${exactlyOnce}/${retries.length}`);
  checks.check('a second retry replays the same answer', replays === retries.length, `${replays}/${retries.length}`);

  const apiErrors = api.errorSummary();
  process.stdout.write(`API log: ${apiErrors.count} error lines${apiErrors.first.map((line) => `\n  ${line}`).join('')}\n`);

  const verification = await verifyAcknowledgedWrites(databaseUrl, traffic.bulks, traffic.messages, world.checklistItemIds.length);
  process.stdout.write(`acknowledged writes found in the database: ${describeVerification(verification)}\nAPI resident size, max: ${api.maxRssMb.toFixed(0)} MB\n`);
  checks.check('every acknowledged write is in the database', allFound(verification), `${describeVerification(verification)}${verification.missing.length ? `; e.g. ${verification.missing.slice(0, 3).join('; ')}` : ''}`);

  figures['503 answers'] = unavailable;
  figures['other 5xx'] = otherServerErrors;
  figures['recovery s'] = Number(recoverySeconds.toFixed(1));
  figures['writes verified'] = `${verification.checklistsFound + verification.messagesFound}/${verification.checklistsAcknowledged + verification.messagesAcknowledged}`;
  figures['503d bulks completed once'] = `${exactlyOnce}/${retries.length}`;
});
