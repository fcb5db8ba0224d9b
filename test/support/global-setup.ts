import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';
import { adminQuery, isReachable, LOCAL_SERVER_URL, withDatabase } from './test-database';

/**
 * One fresh database per test run, on DATABASE_URL's server, else the local server on :5432,
 * else an embedded PostgreSQL started here (not inside a worker). Its URL reaches the workers
 * through the environment.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL ?? ((await isReachable(LOCAL_SERVER_URL)) ? LOCAL_SERVER_URL : undefined);
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres(mkdtempSync(join(tmpdir(), 'kaiji-test-')));
    (globalThis as { kaijiEmbedded?: typeof embedded }).kaijiEmbedded = embedded;
    serverUrl = embedded.url;
  }
  const database = `kaiji_test_${Date.now()}_${process.pid}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${database}`);
  const url = withDatabase(serverUrl, database);
  await runMigrations(url);
  process.env.KAIJI_TEST_SERVER_URL = serverUrl;
  process.env.KAIJI_TEST_DATABASE = database;
  process.env.KAIJI_TEST_DATABASE_URL = url;
  process.stdout.write(`\ntests use database ${database} on ${new URL(serverUrl).host}${(globalThis as { kaijiEmbedded?: unknown }).kaijiEmbedded ? ' (embedded)' : ''}\n`);
}
