import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { prepareDatabase } from './prepare-database';
import { asRole, EMBEDDED_RUNTIME_ROLE, roleOf } from './runtime-role';

export interface OpenedDatabase {
  /** What the API connects with: a role that owns nothing, except with a single DATABASE_URL. */
  runtimeUrl: string;
  embedded?: EmbeddedDatabase;
  /** Migrations applied by this start. */
  applied: string[];
  /** One line for the start-up banner. */
  description: string;
}

/**
 * Gets the database ready as its owner (migrations, the job queue's tables, the API role's
 * privileges) and says which URL the API connects with:
 * - no DATABASE_URL: the embedded server; its superuser prepares, the API runs as kaiji_runtime
 *   (a password generated into the data folder);
 * - DATABASE_URL and KAIJI_MIGRATION_DATABASE_URL: the second (the owner) prepares, the API runs as
 *   the first, which must be another role (created by the DBA; it is granted what it needs here);
 * - DATABASE_URL alone: that role prepares and the API runs as it, owner of the tables, as before
 *   this change (README says what that leaves open).
 */
export async function openDatabase(config: AppConfig, say: (line: string) => void = () => undefined): Promise<OpenedDatabase> {
  if (!config.databaseUrl) {
    const embedded = await startEmbeddedPostgres(config.dataDir, say);
    try {
      const password = embeddedRuntimePassword(config.dataDir);
      const applied = await prepareDatabase(embedded.url, { name: EMBEDDED_RUNTIME_ROLE, create: true, password, resetPassword: true });
      return { runtimeUrl: asRole(embedded.url, EMBEDDED_RUNTIME_ROLE, password), embedded, applied, description: `embedded PostgreSQL in ${config.dataDir} (the API connects as ${EMBEDDED_RUNTIME_ROLE})` };
    } catch (error) {
      await embedded.stop().catch(() => undefined);
      throw error;
    }
  }
  if (config.migrationDatabaseUrl) {
    const role = roleOf(config.databaseUrl) as string; // loadConfig requires a user name in this case
    const applied = await prepareDatabase(config.migrationDatabaseUrl, { name: role, create: false });
    return { runtimeUrl: config.databaseUrl, applied, description: `DATABASE_URL (as ${role}; migrations as KAIJI_MIGRATION_DATABASE_URL)` };
  }
  const applied = await prepareDatabase(config.databaseUrl);
  return { runtimeUrl: config.databaseUrl, applied, description: 'DATABASE_URL (one role owns the tables and runs the API: set KAIJI_MIGRATION_DATABASE_URL to separate them)' };
}

/** The embedded API role's password: generated once, kept (mode 0600) beside the database files. */
function embeddedRuntimePassword(dataDir: string): string {
  const file = join(dataDir, 'runtime-role-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}
