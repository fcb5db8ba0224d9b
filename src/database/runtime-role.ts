import { Client, escapeIdentifier, escapeLiteral } from 'pg';

/**
 * The role the API runs as, and what it may do. The schema is owned by the role that runs the
 * migrations; the API's role owns nothing, so it cannot ALTER, DISABLE TRIGGER, TRUNCATE or DROP
 * anything, and on the audit tables it may only read and append: the audit log cannot be rewritten
 * through the API's own connection (issue 13, Medium 9).
 */

/** Evidence: read and appended, never changed or removed (their triggers refuse that too). */
const APPEND_ONLY_TABLES = ['audit_events', 'audit_anchor_passes', 'audit_chain_anchors'];
/**
 * Read only: the chain heads are moved by the audit insert trigger, which runs as the owner
 * (SECURITY DEFINER, migration 1764360000000); the migrations table is the owner's record.
 */
const READ_ONLY_TABLES = ['audit_chain_heads', 'migrations'];

/** The role the embedded database's API connects as (its password is kept in the data folder). */
export const EMBEDDED_RUNTIME_ROLE = 'kaiji_runtime';

/** PostgreSQL error codes a concurrent CREATE ROLE of the same name ends with. */
const ROLE_EXISTS_CODES = new Set(['42710', '23505']);

/**
 * Creates a login role with no powers (roles are cluster-wide: many databases on one server share
 * it; creation is idempotent and tolerates a concurrent creator). `password` is set on creation,
 * and on an existing role too with `resetPassword` (only where one process owns the server, as the
 * embedded one: concurrent ALTER ROLEs of one role fail with "tuple concurrently updated").
 */
export async function ensureLoginRole(owner: Client, role: string, password?: string, resetPassword = false): Promise<void> {
  const passwordClause = password === undefined ? '' : ` PASSWORD ${escapeLiteral(password)}`;
  if (!(await existingRole(owner, role))) {
    try {
      await owner.query(`CREATE ROLE ${escapeIdentifier(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS${passwordClause}`);
      return;
    } catch (error) {
      if (!ROLE_EXISTS_CODES.has((error as { code?: string }).code ?? '')) throw error;
    }
  }
  if (password !== undefined && resetPassword) await owner.query(`ALTER ROLE ${escapeIdentifier(role)} WITH LOGIN${passwordClause}`);
}

async function existingRole(owner: Client, role: string): Promise<{ powerful: boolean } | undefined> {
  const [row]: { powerful: boolean }[] = (
    await owner.query('SELECT rolsuper OR rolcreaterole OR rolbypassrls AS powerful FROM pg_roles WHERE rolname = $1', [role])
  ).rows;
  return row;
}

/**
 * Grants `role` what the API needs in the current schema of the owner's database, and no more:
 * reading and writing the application's tables and sequences, reading and appending the audit
 * tables. Idempotent; run by the owner after the migrations at every start, so that a table a
 * migration adds is granted at once. GRANTs are per database: each database on a shared server gets its own.
 */
export async function grantRuntimePrivileges(owner: Client, role: string): Promise<void> {
  const grantee = escapeIdentifier(role);
  await refuseOwnerAsRuntime(owner, role);
  const tables: { name: string }[] = (await owner.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)).rows;
  const special = new Set([...APPEND_ONLY_TABLES, ...READ_ONLY_TABLES]);
  const list = (names: string[]) => names.map(escapeIdentifier).join(', ');
  const application = tables.map((t) => t.name).filter((name) => !special.has(name));
  const present = new Set(tables.map((t) => t.name));
  const appendOnly = APPEND_ONLY_TABLES.filter((name) => present.has(name));
  const readOnly = READ_ONLY_TABLES.filter((name) => present.has(name));

  await owner.query(`GRANT USAGE ON SCHEMA ${escapeIdentifier(await currentSchema(owner))} TO ${grantee}`);
  if (application.length > 0) {
    await owner.query(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON TABLE ${list(application)} FROM ${grantee}`);
    await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${list(application)} TO ${grantee}`);
  }
  if (appendOnly.length > 0) {
    await owner.query(`REVOKE ALL ON TABLE ${list(appendOnly)} FROM ${grantee}`);
    await owner.query(`GRANT SELECT, INSERT ON TABLE ${list(appendOnly)} TO ${grantee}`);
  }
  if (readOnly.length > 0) {
    await owner.query(`REVOKE ALL ON TABLE ${list(readOnly)} FROM ${grantee}`);
    await owner.query(`GRANT SELECT ON TABLE ${list(readOnly)} TO ${grantee}`);
  }
  // Serial columns draw from sequences (identity columns need no grant); no UPDATE: no setval.
  await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${escapeIdentifier(await currentSchema(owner))} TO ${grantee}`);
}

/**
 * A runtime role that is, or inherits, the owner, or that bypasses privileges, would keep every
 * power this is meant to take away: refused, naming what to do.
 */
async function refuseOwnerAsRuntime(owner: Client, role: string): Promise<void> {
  const found = await existingRole(owner, role);
  if (!found) throw new Error(`the database role ${role} does not exist: create it (CREATE ROLE ${role} LOGIN PASSWORD '…') or correct DATABASE_URL`);
  if (found.powerful) throw new Error(`the database role ${role} bypasses privileges (superuser, CREATEROLE or BYPASSRLS): give the API a role without them`);
  const [row]: { is_owner: boolean }[] = (await owner.query('SELECT pg_has_role($1, current_user, $2) AS is_owner', [role, 'USAGE'])).rows;
  if (row?.is_owner) {
    throw new Error(`the database role ${role} is, or inherits, the role that owns the tables: give the API a role of its own (see README, Configuration)`);
  }
}

async function currentSchema(owner: Client): Promise<string> {
  const [row]: { schema: string }[] = (await owner.query('SELECT current_schema() AS schema')).rows;
  return row.schema;
}

/** The same server and database as `url`, as another role. */
export function asRole(url: string, role: string, password?: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = password === undefined ? '' : encodeURIComponent(password);
  return parsed.toString();
}

/** The role a connection URL logs in as. */
export function roleOf(url: string): string | undefined {
  const user = new URL(url).username;
  return user ? decodeURIComponent(user) : undefined;
}
