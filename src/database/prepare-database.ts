import { Client } from 'pg';
import { grantJobQueue, installJobQueueSchema } from '../jobs/job-queue-schema';
import { runMigrations } from './migrate';
import { ensureLoginRole, grantRuntimePrivileges } from './runtime-role';

/** Arbitrary constant: the advisory lock that serialises GRANTs of concurrent starters (they would collide on the catalog rows). */
const GRANT_LOCK = 7_263_103;

export interface RuntimeRole {
  name: string;
  /** Create the role (the embedded database, the tests); otherwise it must exist (a DBA made it). */
  create: boolean;
  /** Set on creation: the embedded server asks for one (a trust-auth server ignores it). */
  password?: string;
  /** Set the password on an existing role too (one process owns the server: the embedded one). */
  resetPassword?: boolean;
}

/**
 * Everything that needs the owner of the schema, before the API starts: migrations, the job
 * queue's tables and, when the API runs as a role of its own, that role's privileges. The API then
 * connects as `runtime` and can do nothing a table owner alone can. Without `runtime` the API runs
 * as the owner (a single DATABASE_URL, as before; README, Configuration).
 */
export async function prepareDatabase(ownerUrl: string, runtime?: RuntimeRole): Promise<string[]> {
  const applied = await runMigrations(ownerUrl);
  await installJobQueueSchema(ownerUrl);
  const owner = new Client({ connectionString: ownerUrl, application_name: 'kaiji-migrate' });
  await owner.connect();
  try {
    // Outside the transaction: a concurrent creator's CREATE ROLE fails ours, which is then found.
    if (runtime?.create) await ensureLoginRole(owner, runtime.name, runtime.password, runtime.resetPassword);
    await owner.query('BEGIN');
    await owner.query('SELECT pg_advisory_xact_lock($1)', [GRANT_LOCK]);
    if (runtime) await grantRuntimePrivileges(owner, runtime.name);
    await grantJobQueue(owner, runtime?.name);
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await owner.end().catch(() => undefined);
  }
  return applied;
}
