import { Client } from 'pg';
import { prepareDatabase } from '../../src/database/prepare-database';
import { asRole } from '../../src/database/runtime-role';

/** The server CI and developers' machines run; used when DATABASE_URL is not set. */
export const LOCAL_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/test';

export async function isReachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The role test apps connect as: it owns nothing (src/database/runtime-role.ts), as the API in
 * production. Roles are cluster-wide: every run (and every database of a run) on one server shares
 * it, each database granting it its own privileges. The password matters on the embedded server
 * only (the CI server trusts loopback).
 */
export const TEST_RUNTIME_ROLE = 'kaiji_test_runtime';
const TEST_RUNTIME_PASSWORD = 'kaiji-test-runtime';

/**
 * Prepares a fresh database as its owner (the server's admin): migrations, the job queue's tables,
 * the runtime role's grants; returns the URL test apps connect with. `createRole`: once per run
 * (global setup); other databases of the run only grant.
 */
export async function prepareTestDatabase(ownerUrl: string, options: { createRole: boolean } = { createRole: false }): Promise<string> {
  await prepareDatabase(ownerUrl, { name: TEST_RUNTIME_ROLE, create: options.createRole, password: TEST_RUNTIME_PASSWORD });
  return asRole(ownerUrl, TEST_RUNTIME_ROLE, TEST_RUNTIME_PASSWORD);
}

/**
 * A connection as the owner of a test database's tables (the run's by default), for what the
 * API's role may not do: tests that play an attacker holding the owner's role.
 */
export async function withOwner<T>(work: (owner: Client) => Promise<T>, url = process.env.KAIJI_TEST_OWNER_DATABASE_URL): Promise<T> {
  if (!url) throw new Error('KAIJI_TEST_OWNER_DATABASE_URL is not set: run the tests through jest (globalSetup)');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
