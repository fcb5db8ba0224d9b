import type { Client } from 'pg';
import { countRows, sqlError } from './support/assertions';
import { bearer, Factory, TestUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { withOwner } from './support/test-database';

interface Verification {
  chain: string;
  valid: boolean;
  checked: number;
  firstBroken: { eventId: string | null; sequence: number; reason: string } | null;
  anchoredThrough: number | null;
  anchoredAt: string | null;
}

/**
 * The audit log is append-only (enforced by the database) and hash-chained per organization;
 * the verification finds the first altered, unlinked or missing row. Other test files share the
 * database, so tampering only ever touches the test's own fresh organization, in one transaction.
 * No anchoring pass runs in the shared database (test/audit-anchors.e2e-spec.ts has its own), so
 * these chains are proven by their hashes alone.
 */
describe('audit log integrity', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  const verify = async (admin: TestUser): Promise<Verification> =>
    (await t.http.get('/v1/audit-events/verification').set(bearer(admin.token)).expect(200)).body as Verification;

  /**
   * Does what an attacker holding the tables' owner role would (the API's own role cannot:
   * test/database-roles.e2e-spec.ts): bypasses the append-only trigger, briefly, atomically.
   */
  const tamper = (work: (owner: Client) => Promise<unknown>) =>
    withOwner(async (owner) => {
      await owner.query('BEGIN');
      await owner.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
      await work(owner);
      await owner.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
      await owner.query('COMMIT');
    });

  /** A fresh tenant with a few events in its chain, oldest first. */
  const tenantWithEvents = async () => {
    const { org, admin } = await f.tenant('vendor');
    await f.user(org.id, 'member');
    await t.http.patch(`/v1/organizations/${org.id}`).set(bearer(admin.token)).send({ name: 'renamed' }).expect(200);
    const rows: { id: string; chain_seq: string }[] = await t.db.query('SELECT id, chain_seq FROM audit_events WHERE organization_id = $1 ORDER BY chain_seq', [org.id]);
    return { org, admin, rows };
  };

  it('refuses UPDATE, DELETE and TRUNCATE of audit events in the database itself: to the API by privilege, to the owner by trigger', async () => {
    const { org, rows } = await tenantWithEvents();
    const before = await t.db.query('SELECT id, action, hash FROM audit_events WHERE organization_id = $1 ORDER BY id', [org.id]);
    const lastId = rows[rows.length - 1].id;
    const statements = [
      [`UPDATE audit_events SET action = 'nothing.happened' WHERE organization_id = $1`, [org.id]],
      [`UPDATE audit_events SET source_ip = '10.0.0.1' WHERE id = $2 AND organization_id = $1`, [org.id, lastId]],
      [`DELETE FROM audit_events WHERE organization_id = $1`, [org.id]],
      [`DELETE FROM audit_events WHERE id = $2 AND organization_id = $1`, [org.id, lastId]],
      // Run in transactions that are always rolled back, so that a broken guard cannot wipe the shared log.
      ['TRUNCATE audit_events', []],
    ] as const;
    for (const [sql, params] of statements) {
      const error = await sqlError(t.db, sql, [...params]);
      expect({ sql, error: error?.message }).toEqual({ sql, error: 'permission denied for table audit_events' });
      const asOwner = await withOwner(async (owner) => {
        await owner.query('BEGIN');
        try {
          await owner.query(sql, [...params]);
          return undefined;
        } catch (caught) {
          return (caught as Error).message;
        } finally {
          await owner.query('ROLLBACK');
        }
      });
      expect({ sql, error: asOwner }).toEqual({ sql, error: expect.stringMatching(/append-only/) });
    }
    expect(await t.db.query('SELECT id, action, hash FROM audit_events WHERE organization_id = $1 ORDER BY id', [org.id])).toEqual(before);
  });

  it('chains each organization separately, from sequence 1, each row linked to the previous hash', async () => {
    const { org } = await tenantWithEvents();
    const chain: { chain_key: string; chain_seq: string; prev_hash: string; hash: string }[] = await t.db.query(
      'SELECT chain_key, chain_seq, prev_hash, hash FROM audit_events WHERE organization_id = $1 ORDER BY chain_seq',
      [org.id],
    );
    expect(chain.length).toBeGreaterThanOrEqual(4);
    expect(chain[0].prev_hash).toBe('0'.repeat(64));
    chain.forEach((row, i) => {
      expect(row.chain_key).toBe(org.id);
      expect(Number(row.chain_seq)).toBe(i + 1);
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      if (i > 0) expect(row.prev_hash).toBe(chain[i - 1].hash);
    });
  });

  it('reports a valid chain, then the first altered row after tampering', async () => {
    const { org, admin, rows } = await tenantWithEvents();
    const valid = await verify(admin);
    expect(valid).toEqual({ chain: org.id, valid: true, checked: rows.length, firstBroken: null, anchoredThrough: null, anchoredAt: null });

    const target = rows[1];
    await tamper((m) => m.query(`UPDATE audit_events SET source_ip = '198.51.100.7' WHERE id = $1 AND organization_id = $2`, [target.id, org.id]));
    const altered = await verify(admin);
    expect(altered).toEqual({ chain: org.id, valid: false, checked: rows.length, firstBroken: { eventId: String(target.id), sequence: 2, reason: 'row_altered' }, anchoredThrough: null, anchoredAt: null });

    // New events keep being chained, and the break stays reported.
    await t.http.patch(`/v1/organizations/${org.id}`).set(bearer(admin.token)).send({ name: 'again' }).expect(200);
    expect((await verify(admin)).firstBroken).toEqual({ eventId: String(target.id), sequence: 2, reason: 'row_altered' });
  });

  it('detects a changed detail, hash recomputed by the attacker, as a broken link', async () => {
    const { org, admin, rows } = await tenantWithEvents();
    const target = rows[1];
    const next = rows[2];
    await tamper(async (m) => {
      await m.query(`UPDATE audit_events SET details = '{"forged": true}' WHERE id = $1 AND organization_id = $2`, [target.id, org.id]);
      await m.query(`UPDATE audit_events e SET hash = audit_event_hash(e.prev_hash, audit_event_payload(e)) WHERE id = $1 AND organization_id = $2`, [target.id, org.id]);
    });
    const result = await verify(admin);
    expect(result.valid).toBe(false);
    expect(result.firstBroken).toEqual({ eventId: String(next.id), sequence: 3, reason: 'link_broken' });
  });

  it('detects a removed row in the middle and removed rows at the end', async () => {
    const middle = await tenantWithEvents();
    await tamper((m) => m.query('DELETE FROM audit_events WHERE id = $1 AND organization_id = $2', [middle.rows[1].id, middle.org.id]));
    const gap = await verify(middle.admin);
    expect(gap.valid).toBe(false);
    expect(gap.firstBroken).toEqual({ eventId: String(middle.rows[2].id), sequence: 3, reason: expect.stringMatching(/^(link_broken|row_missing)$/) });

    const tail = await tenantWithEvents();
    const last = tail.rows[tail.rows.length - 1];
    await tamper((m) => m.query('DELETE FROM audit_events WHERE id = $1 AND organization_id = $2', [last.id, tail.org.id]));
    expect(await countRows(t.db, 'audit_events WHERE organization_id = $1', [tail.org.id])).toBe(tail.rows.length - 1);
    expect(await verify(tail.admin)).toEqual({
      chain: tail.org.id,
      valid: false,
      checked: tail.rows.length - 1,
      firstBroken: { eventId: null, sequence: tail.rows.length, reason: 'tail_missing' },
      anchoredThrough: null,
      anchoredAt: null,
    });
  });
});
