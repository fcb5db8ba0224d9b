import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { adminQuery, isReachable, LOCAL_SERVER_URL, prepareTestDatabase, withDatabase } from './test-database';

/**
 * One fresh database per test run, on DATABASE_URL's server, else the local server on :5432,
 * else an embedded PostgreSQL started here (not inside a worker), in a throw-away folder. Its URL reaches the workers
 * through the environment.
 */
export default async function globalSetup(): Promise<void> {
  // KAIJI_TEST_EMBEDDED=1 checks the fresh-machine path on a machine that has a server.
  const forceEmbedded = process.env.KAIJI_TEST_EMBEDDED === '1';
  let serverUrl = forceEmbedded ? undefined : (process.env.DATABASE_URL ?? ((await isReachable(LOCAL_SERVER_URL)) ? LOCAL_SERVER_URL : undefined));
  if (!serverUrl) {
    const folder = mkdtempSync(join(tmpdir(), 'kaiji-test-'));
    const embedded = await startEmbeddedPostgres(folder);
    (globalThis as { kaijiEmbedded?: unknown }).kaijiEmbedded = { embedded, folder };
    serverUrl = embedded.url;
  }
  const database = `kaiji_test_${Date.now()}_${process.pid}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${database}`);
  const ownerUrl = withDatabase(serverUrl, database);
  // Test apps connect as a role that owns nothing, as the API does in production; the owner's URL
  // is there for tests that play someone holding the owner's role.
  const url = await prepareTestDatabase(ownerUrl, { createRole: true });
  process.env.KAIJI_TEST_SERVER_URL = serverUrl;
  process.env.KAIJI_TEST_DATABASE = database;
  process.env.KAIJI_TEST_DATABASE_URL = url;
  process.env.KAIJI_TEST_OWNER_DATABASE_URL = ownerUrl;
  process.stdout.write(`\ntests use database ${database} on ${new URL(serverUrl).host}${(globalThis as { kaijiEmbedded?: unknown }).kaijiEmbedded ? ' (embedded)' : ''}\n`);
}
