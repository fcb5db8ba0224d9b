import { rmSync } from 'node:fs';
import type { EmbeddedDatabase } from '../../src/database/embedded-postgres';
import { adminQuery } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.KAIJI_TEST_SERVER_URL;
  const database = process.env.KAIJI_TEST_DATABASE;
  if (serverUrl && database) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
  const started = (globalThis as { kaijiEmbedded?: { embedded: EmbeddedDatabase; folder: string } }).kaijiEmbedded;
  if (started) {
    await started.embedded.stop();
    rmSync(started.folder, { recursive: true, force: true });
  }
}
