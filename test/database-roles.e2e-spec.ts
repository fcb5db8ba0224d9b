import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { asRole } from '../src/database/runtime-role';
import { sqlError } from './support/assertions';
import { bearer, Factory } from './support/factories';
import { startTestApp, TEST_AUDIT_ANCHOR_KEY, TEST_JWT_SECRET, TestApp } from './support/test-app';
import { adminQuery, TEST_RUNTIME_ROLE, withDatabase, withOwner } from './support/test-database';

/**
 * Issue 13, Medium 9: the API connected as the role that owns the tables, so it could disable the
 * audit trigger and rewrite the log. It now runs as a role that owns nothing: the statements an
 * attacker would run through the API's own connection are refused by PostgreSQL itself.
 */
describe('the API\'s database role', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('is a role of its own, not a superuser and not the owner of the tables', async () => {
    const [role] = await t.db.query(
      `SELECT current_user AS name, r.rolsuper AS superuser, r.rolcreaterole AS createrole, r.rolbypassrls AS bypassrls,
              pg_has_role(current_user, c.relowner, 'USAGE') AS owns_audit
         FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = 'audit_events'::regclass`,
    );
    expect(role).toEqual({ name: TEST_RUNTIME_ROLE, superuser: false, createrole: false, bypassrls: false, owns_audit: false });
  });

  it.each([
    ['ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update', /must be owner of table audit_events/],
    ['ALTER TABLE audit_events DISABLE TRIGGER ALL', /must be owner of table audit_events/],
    ['DROP TRIGGER audit_events_no_update ON audit_events', /must be owner of (table|relation) audit_events/],
    ['ALTER TABLE audit_events DROP CONSTRAINT audit_events_chain_seq_key', /must be owner of table audit_events/],
    [`UPDATE audit_events SET action = 'nothing.happened' WHERE id = (SELECT max(id) FROM audit_events)`, /permission denied for table audit_events/],
    ['DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)', /permission denied for table audit_events/],
    ['TRUNCATE audit_events', /permission denied for table audit_events/],
    [`UPDATE audit_chain_heads SET last_hash = repeat('0', 64)`, /permission denied for table audit_chain_heads/],
    [`INSERT INTO audit_chain_heads (chain_key, last_seq, last_hash) VALUES ('forged', 0, '')`, /permission denied for table audit_chain_heads/],
    ['DELETE FROM audit_chain_anchors', /permission denied for table audit_chain_anchors/],
    ['UPDATE audit_anchor_passes SET chain_count = 1', /permission denied for table audit_anchor_passes/],
    [`CREATE OR REPLACE FUNCTION audit_event_hash(prev_hash text, payload text) RETURNS text LANGUAGE sql AS $$ SELECT prev_hash $$`, /permission denied for schema public|must be owner of function audit_event_hash/],
    ['ALTER FUNCTION audit_events_link() SECURITY INVOKER', /must be owner of function audit_events_link/],
    ['ALTER TABLE users ADD COLUMN backdoor text', /must be owner of table users/],
    ['ALTER TABLE vendor_checklists DISABLE TRIGGER vendor_checklists_submitted_are_final', /must be owner of table vendor_checklists/],
    ['TRUNCATE organizations CASCADE', /permission denied for table organizations/],
    ['CREATE TABLE shadow (a int)', /permission denied for schema public/],
    [`INSERT INTO migrations (timestamp, name) VALUES (1, 'Forged1')`, /permission denied for table migrations/],
    ['ALTER ROLE CURRENT_USER SUPERUSER', /permission denied to alter role|must be superuser/],
  ])('refuses, through the API\'s own connection: %s', async (sql, refusal) => {
    // In a transaction that is always rolled back: a broken guard must not change the shared database.
    const error = await sqlError(t.db, sql);
    expect({ sql, error: error?.message }).toEqual({ sql, error: expect.stringMatching(refusal) });
  });

  it('still writes the audit log through its trigger, which a temporary table of the API\'s cannot divert', async () => {
    const { org, admin } = await f.tenant('vendor');
    const before: { last_seq: string }[] = await t.db.query('SELECT last_seq FROM audit_chain_heads WHERE chain_key = $1', [org.id]);
    // The trigger runs as the owner with a fixed search path: a table of the caller's named like the heads is not used.
    const runner = t.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('CREATE TEMP TABLE audit_chain_heads (chain_key text PRIMARY KEY, last_seq bigint, last_hash text)');
      await runner.query(`INSERT INTO audit_events (chain_key, chain_seq, prev_hash, hash, organization_id, actor_type, action, outcome) VALUES ('', 0, '', '', $1, 'system', 'test.probe', 'success')`, [org.id]);
      expect(await runner.query('SELECT count(*)::int AS n FROM pg_temp.audit_chain_heads')).toEqual([{ n: 0 }]);
      await runner.query('DROP TABLE pg_temp.audit_chain_heads');
    } finally {
      await runner.release();
    }
    const after: { last_seq: string }[] = await t.db.query('SELECT last_seq FROM audit_chain_heads WHERE chain_key = $1', [org.id]);
    expect(Number(after[0].last_seq)).toBe(Number(before[0].last_seq) + 1);
    // Normal work goes on: writes, audited reads, and a verified chain.
    await t.http.patch(`/v1/organizations/${org.id}`).set(bearer(admin.token)).send({ name: '役割テスト' }).expect(200);
    const verification = await t.http.get('/v1/audit-events/verification').set(bearer(admin.token)).expect(200);
    expect(verification.body).toMatchObject({ valid: true, firstBroken: null });
  });
});

/**
 * The real process (`node dist/src/main.js`) on each way of configuring the database: the embedded
 * default and two DATABASE_URLs run the API as a role that owns nothing; a single DATABASE_URL
 * keeps working as before and says what it leaves open.
 */
describe('the API process and its database role', () => {
  const ROOT = join(__dirname, '..');
  const MAIN = join(ROOT, 'dist', 'src', 'main.js');
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npm run build, as npm test does)`);
  });

  interface Running {
    child: ChildProcess;
    output: () => string;
    stop(): Promise<number | null>;
  }

  async function start(env: Record<string, string>): Promise<Running> {
    const port = await freePort();
    let output = '';
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', KAIJI_JOBS: 'off', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const running: Running = {
      child,
      output: () => output,
      stop: () =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve(child.exitCode);
          child.once('exit', (code) => resolve(code));
          child.kill('SIGTERM');
        }),
    };
    for (let attempt = 0; attempt < 200; attempt++) {
      if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output}`);
      if (await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok).catch(() => false)) return running;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await running.stop();
    throw new Error(`the API did not become ready:\n${output}`);
  }

  /** Who the API's connections log in as (its pool and its job queue's), seen by the server's admin. */
  async function apiRoles(adminUrl: string, database: string): Promise<string[]> {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid() ORDER BY usename`,
        [database],
      );
      return rows.map((row: { usename: string }) => row.usename);
    } finally {
      await client.end();
    }
  }

  const freePort = () =>
    new Promise<number>((resolve, reject) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
      });
    });

  const secrets = { NODE_ENV: 'test', KAIJI_JWT_SECRET: TEST_JWT_SECRET, KAIJI_TOTP_KEY: 'a1'.repeat(32), KAIJI_AUDIT_ANCHOR_KEY: TEST_AUDIT_ANCHOR_KEY };

  it('on the embedded default, connects as kaiji_runtime with a password kept in the data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kaiji-roles-'));
    try {
      const api = await start({ KAIJI_DATA_DIR: dataDir });
      try {
        expect(api.output()).toContain('(the API connects as kaiji_runtime)');
        const port = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
        expect(await apiRoles(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`, 'postgres')).toEqual(['kaiji_runtime']);
        expect(statSync(join(dataDir, 'runtime-role-password')).mode & 0o777).toBe(0o600);
        // The anchor key was generated with the other secrets, outside the database.
        expect(Object.keys(JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as object).sort()).toEqual(['auditAnchorKey', 'jwtSecret', 'totpKey']);
      } finally {
        expect(await api.stop()).toBe(0);
      }
      // A second start on the same folder finds the role and its password again.
      const again = await start({ KAIJI_DATA_DIR: dataDir });
      expect(await again.stop()).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  describe('on a server', () => {
    const serverUrl = process.env.KAIJI_TEST_SERVER_URL as string;
    const database = `kaiji_roles_${Date.now()}_${process.pid}`;
    const ownerUrl = withDatabase(serverUrl, database);
    beforeAll(() => adminQuery(serverUrl, `CREATE DATABASE ${database}`));
    afterAll(() => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));

    it('with KAIJI_MIGRATION_DATABASE_URL, migrates as the owner and runs as DATABASE_URL\'s role', async () => {
      const api = await start({ ...secrets, DATABASE_URL: asRole(ownerUrl, TEST_RUNTIME_ROLE, 'kaiji-test-runtime'), KAIJI_MIGRATION_DATABASE_URL: ownerUrl });
      try {
        expect(api.output()).toContain(`database: DATABASE_URL (as ${TEST_RUNTIME_ROLE}; migrations as KAIJI_MIGRATION_DATABASE_URL)`);
        expect(await apiRoles(serverUrl, database)).toEqual([TEST_RUNTIME_ROLE]);
        const owner = await withOwner(async (client) => (await client.query(`SELECT tableowner FROM pg_tables WHERE tablename = 'audit_events'`)).rows, ownerUrl);
        expect(owner).toEqual([{ tableowner: new URL(serverUrl).username || 'postgres' }]);
        expect(api.output()).not.toContain('owns the audit tables');
      } finally {
        expect(await api.stop()).toBe(0);
      }
    }, 60_000);

    it('with DATABASE_URL alone, runs as before, as the owner, and warns', async () => {
      const api = await start({ ...secrets, DATABASE_URL: ownerUrl });
      try {
        expect(api.output()).toContain('one role owns the tables and runs the API');
        expect(api.output()).toMatch(/the API connects as \S+, which (bypasses privileges|owns the audit tables)/);
      } finally {
        expect(await api.stop()).toBe(0);
      }
    }, 60_000);
  });
});
