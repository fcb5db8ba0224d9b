import PgBoss from 'pg-boss';
import { Client, escapeIdentifier } from 'pg';

/** pg-boss's schema (its default). */
export const JOB_QUEUE_SCHEMA = 'pgboss';

/**
 * Creates or upgrades pg-boss's tables, as the role that owns the schema, before the API starts:
 * the API's own role may not create tables (JobsService starts pg-boss with `migrate: false`).
 */
export async function installJobQueueSchema(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: ownerUrl, application_name: 'kaiji-migrate', max: 1, migrate: true, supervise: false, schedule: false });
  boss.on('error', () => undefined); // start() rejects on what matters
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
}

/**
 * What the API's role needs in pg-boss's schema: rows of its tables, nothing else. A queue is a
 * partition table pg-boss creates on first use (`create_queue`), which the API may not do itself:
 * the function runs as its owner (SECURITY DEFINER, pg_temp last on its search path) and the
 * partitions it creates are readable and writable by the API (default privileges). Without a role
 * (the API runs as the owner) only the function is changed, which is harmless.
 */
export async function grantJobQueue(owner: Client, role?: string): Promise<void> {
  const schema = escapeIdentifier(JOB_QUEUE_SCHEMA);
  await owner.query(`ALTER FUNCTION ${schema}.create_queue(text, json) SECURITY DEFINER SET search_path = ${schema}, pg_temp`);
  if (!role) return;
  const grantee = escapeIdentifier(role);
  await owner.query(`GRANT USAGE ON SCHEMA ${schema} TO ${grantee}`);
  await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${grantee}`);
  await owner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${grantee}`);
}
