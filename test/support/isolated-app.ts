import { startTestApp, TestApp } from './test-app';
import { adminQuery, prepareTestDatabase, withDatabase } from './test-database';

/**
 * The app on a fresh database of its own, on the run's server, dropped on close. For suites whose
 * writes would change what other files see in the shared run database: registering a form version
 * for the current 年度 (令和8年度) makes every 2026 checklist of every other suite outdated.
 * `databaseUrl` is the runtime role's URL, for a second instance on the same database.
 */
export async function startIsolatedTestApp(label: string, env: Record<string, string> = {}): Promise<TestApp & { ownerUrl: string; databaseUrl: string }> {
  const serverUrl = process.env.KAIJI_TEST_SERVER_URL;
  if (!serverUrl) throw new Error('KAIJI_TEST_SERVER_URL is not set: run the tests through jest (globalSetup)');
  const database = `kaiji_${label}_${Date.now()}_${process.pid}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${database}`);
  const drop = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  try {
    const ownerUrl = withDatabase(serverUrl, database);
    const url = await prepareTestDatabase(ownerUrl);
    const t = await startTestApp({ DATABASE_URL: url, ...env });
    return { ...t, ownerUrl, databaseUrl: url, close: async () => (await t.close(), await drop()) };
  } catch (error) {
    await drop();
    throw error;
  }
}
