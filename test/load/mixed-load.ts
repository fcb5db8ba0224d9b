/**
 * 60 s of mixed traffic at 200 connections against the built API on its own PostgreSQL:
 * pharmacies pulling disclosures and standing, vendor systems submitting checklists in bulk,
 * thread messages both ways. Passes when no answer is a 5xx (nor an unexpected 4xx) and every
 * write the API acknowledged is in the database afterwards.
 * Usage: npm run load:mixed   (LOAD_SECONDS, LOAD_CONNECTIONS, LOAD_VENDORS, LOAD_PHARMACIES, LOAD_BULK_ENTRIES)
 */
import { runScript } from './support/harness';
import { loadSettings, setUpLoad } from './support/load-setup';
import { trafficTable } from './support/report';
import { runTraffic } from './support/traffic';
import { allFound, describeVerification, verifyAcknowledgedWrites } from './support/verify-writes';

const settings = loadSettings(60);

runScript('mixed-load', settings.seconds + 300, async (context) => {
  const { log, checks, figures } = context;
  const { api, http, world, databaseUrl } = await setUpLoad(context, 'mixed-load', settings);
  log(`traffic: ${settings.seconds} s at ${settings.connections} connections (bulk submissions of ${settings.bulkEntries} checklists)`);
  api.startSampling();
  const traffic = await runTraffic({ http, world, connections: settings.connections, seconds: settings.seconds, bulkEntries: settings.bulkEntries });
  api.stopSampling();
  log('traffic done; looking for every acknowledged write in the database');
  const verification = await verifyAcknowledgedWrites(databaseUrl, traffic.bulks, traffic.messages, world.checklistItemIds.length);

  process.stdout.write(`\n${trafficTable(traffic)}\n\n`);
  process.stdout.write(`acknowledged writes found in the database: ${describeVerification(verification)}\n`);
  process.stdout.write(`API resident size, max: ${api.maxRssMb.toFixed(0)} MB\n`);
  const apiErrors = api.errorSummary();
  process.stdout.write(`API log: ${apiErrors.count} error lines${apiErrors.first.map((line) => `\n  ${line}`).join('')}\n`);
  for (const odd of traffic.odd.slice(0, 10)) process.stdout.write(`  unexpected: ${odd.kind} at ${odd.at.toFixed(1)} s → ${odd.status}: ${odd.detail}\n`);

  const total = traffic.count(() => true);
  const serverErrors = traffic.count((s) => s >= 500);
  const clientErrors = traffic.count((s) => s >= 400 && s < 500 && s !== 429);
  const noAnswer = traffic.count((s) => s === 0);
  figures.requests = total;
  figures['req/s'] = Number((total / traffic.elapsedSeconds).toFixed(0));
  figures['max RSS MB'] = Number(api.maxRssMb.toFixed(0));
  figures['writes verified'] = `${verification.checklistsFound + verification.messagesFound}/${verification.checklistsAcknowledged + verification.messagesAcknowledged}`;

  checks.check('no 5xx answer', serverErrors === 0, `${serverErrors} of ${total}`);
  checks.check('no 4xx answer (none is expected in this mix; 429 reported separately)', clientErrors === 0, `${clientErrors} of ${total}; 429: ${traffic.count((s) => s === 429)}`);
  checks.check('every request got an answer', noAnswer === 0, `${noAnswer} without an answer`);
  checks.check('every acknowledged write is in the database', allFound(verification), `${describeVerification(verification)}${verification.missing.length ? `; e.g. ${verification.missing.slice(0, 3).join('; ')}` : ''}`);
  checks.check('writes happened (the load was real)', verification.checklistsAcknowledged > 0 && verification.messagesAcknowledged > 0, describeVerification(verification));
  checks.check('the API process stayed up', api.alive, `pid ${api.pid}`);
  checks.check('API resident size under 300 MB', api.maxRssMb < 300, `${api.maxRssMb.toFixed(0)} MB`);
});
