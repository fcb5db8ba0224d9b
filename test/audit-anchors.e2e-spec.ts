import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { Client } from 'pg';
import { AuditAnchorService } from '../src/audit/audit-anchors.service';
import { bearer, Factory, TestUser } from './support/factories';
import { startIsolatedTestApp } from './support/isolated-app';
import type { TestApp } from './support/test-app';
import { TEST_AUDIT_ANCHOR_KEY, TEST_JWT_SECRET } from './support/test-app';
import { withOwner } from './support/test-database';

interface Verification {
  chain: string;
  valid: boolean;
  checked: number;
  firstBroken: { eventId: string | null; sequence: number; reason: string } | null;
  anchoredThrough: number | null;
  anchoredAt: string | null;
}

type World = TestApp & { ownerUrl: string };

/**
 * Issue 13, Medium 9: the tables' owner could rewrite the audit chain — disable the trigger, edit a
 * row, recompute every hash after it and the chain head — and verification passed. Chain heads are
 * now signed every few minutes with a key the database does not hold; a rewrite without that key
 * is reported at the first anchor that no longer matches. The tests play the owner on a database
 * of this file's own (a pass signs every chain that moved, and tampering with passes would disturb
 * other files); the tests that tamper with passes themselves come last.
 */
describe('audit chain anchors', () => {
  let t: World;
  let f: Factory;
  const anchor = () => t.app.get(AuditAnchorService).anchorPass();
  beforeAll(async () => {
    t = await startIsolatedTestApp('anchors');
    f = new Factory(t);
  });
  afterAll(() => t?.close());

  const verify = async (admin: TestUser): Promise<Verification> =>
    (await t.http.get('/v1/audit-events/verification').set(bearer(admin.token)).expect(200)).body as Verification;

  /** Adds events to the admin's chain (each rename is audited). */
  const act = async (admin: TestUser, times = 1) => {
    for (let i = 0; i < times; i++) await t.http.patch(`/v1/organizations/${admin.organizationId}`).set(bearer(admin.token)).send({ name: `改名 ${Date.now()} ${i}` }).expect(200);
  };

  const chain = async (organizationId: string): Promise<{ id: string; seq: number; hash: string }[]> =>
    (await t.db.query('SELECT id, chain_seq, hash FROM audit_events WHERE chain_key = $1 ORDER BY chain_seq', [organizationId])).map(
      (row: { id: string; chain_seq: string; hash: string }) => ({ id: String(row.id), seq: Number(row.chain_seq), hash: row.hash }),
    );

  /** As the owner: in one transaction, with the append-only triggers set aside. */
  const asOwner = (work: (owner: Client) => Promise<unknown>) =>
    withOwner(async (owner) => {
      await owner.query('BEGIN');
      await owner.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
      await owner.query('ALTER TABLE audit_chain_anchors DISABLE TRIGGER audit_chain_anchors_no_update');
      await work(owner);
      await owner.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
      await owner.query('ALTER TABLE audit_chain_anchors ENABLE TRIGGER audit_chain_anchors_no_update');
      await owner.query('COMMIT');
    }, t.ownerUrl);

  /** The rewrite the review did: change a row, recompute its hash and every later one, move the head. */
  const rewrite = (organizationId: string, seq: number) =>
    asOwner(async (owner) => {
      await owner.query(`UPDATE audit_events SET details = '{"forged": true}', source_ip = '203.0.113.9' WHERE chain_key = $1 AND chain_seq = $2`, [organizationId, seq]);
      const { rows } = await owner.query('SELECT id, prev_hash FROM audit_events WHERE chain_key = $1 AND chain_seq >= $2 ORDER BY chain_seq', [organizationId, seq]);
      let prev = rows[0].prev_hash as string;
      for (const row of rows as { id: string }[]) {
        const updated = await owner.query('UPDATE audit_events e SET prev_hash = $1, hash = audit_event_hash($1, audit_event_payload(e)) WHERE id = $2 RETURNING hash', [prev, row.id]);
        prev = updated.rows[0].hash as string;
      }
      await owner.query('UPDATE audit_chain_heads SET last_hash = $2 WHERE chain_key = $1', [organizationId, prev]);
    });

  it('signs moved chain heads, says which rows are anchored, and verifies', async () => {
    const { admin } = await f.tenant('vendor');
    await act(admin, 2);
    const signed = await anchor();
    expect(signed).toEqual({ passNo: expect.stringMatching(/^\d+$/), anchoredAt: expect.any(String), chains: expect.any(Number), mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const anchored = (await chain(admin.organizationId)).length;
    const first = await verify(admin);
    expect(first).toEqual({ chain: admin.organizationId, valid: true, checked: anchored, firstBroken: null, anchoredThrough: anchored, anchoredAt: signed?.anchoredAt });
    await act(admin);
    const later = await verify(admin);
    expect(later).toMatchObject({ valid: true, anchoredThrough: anchored, firstBroken: null });
    expect(later.checked).toBeGreaterThan(anchored);
    const next = await anchor();
    expect(Number(next?.passNo)).toBe(Number(signed?.passNo) + 1);
    expect((await verify(admin)).anchoredThrough).toBeGreaterThan(anchored);
    // Nothing moved since: no empty pass.
    const rows = await t.db.query('SELECT count(*)::int AS n FROM audit_anchor_passes');
    expect(await anchor()).toBeNull();
    expect(await t.db.query('SELECT count(*)::int AS n FROM audit_anchor_passes')).toEqual(rows);
    // The anchors themselves are append-only to the API.
    await expect(t.db.query('DELETE FROM audit_chain_anchors')).rejects.toThrow('permission denied for table audit_chain_anchors');
    await expect(t.db.query('UPDATE audit_anchor_passes SET chain_count = 1')).rejects.toThrow('permission denied for table audit_anchor_passes');
  });

  it('reports a rewrite with recomputed hashes and head at the first anchor that no longer matches', async () => {
    const { admin } = await f.tenant('vendor');
    await act(admin, 2);
    await anchor();
    const firstAnchor = (await chain(admin.organizationId)).at(-1) as { seq: number };
    await act(admin, 2);
    await anchor();
    const rows = await chain(admin.organizationId);
    const secondAnchor = rows.at(-1) as { id: string; seq: number };
    expect((await verify(admin)).valid).toBe(true);

    // A row between the two anchors: its hash and every later one recomputed, the head moved.
    await rewrite(admin.organizationId, firstAnchor.seq + 1);
    const result = await verify(admin);
    expect(result).toMatchObject({
      valid: false,
      firstBroken: { eventId: secondAnchor.id, sequence: secondAnchor.seq, reason: 'anchor_mismatch' },
      anchoredThrough: firstAnchor.seq,
    });
    // The hashes alone say nothing: every row links and recomputes.
    const walk = await t.db.query(
      `SELECT bool_and(hash = audit_event_hash(prev_hash, audit_event_payload(e))) AS ok FROM audit_events e WHERE chain_key = $1`,
      [admin.organizationId],
    );
    expect(walk).toEqual([{ ok: true }]);
    // The next pass signs the rewritten head, but the earlier anchor still tells.
    await act(admin);
    await anchor();
    expect((await verify(admin)).firstBroken).toEqual({ eventId: secondAnchor.id, sequence: secondAnchor.seq, reason: 'anchor_mismatch' });

    // The operator's CLI says the same (exit 1), with the API's role and the owner's URL as in production.
    const cli = join(__dirname, '..', 'dist', 'src', 'cli.js');
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (npm run build, as npm test does)`);
    const run = spawnSync(process.execPath, [cli, 'audit:verify'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        DATABASE_URL: t.config.databaseUrl as string,
        KAIJI_MIGRATION_DATABASE_URL: t.ownerUrl,
        KAIJI_JWT_SECRET: TEST_JWT_SECRET,
        KAIJI_TOTP_KEY: 'a1'.repeat(32),
        KAIJI_AUDIT_ANCHOR_KEY: TEST_AUDIT_ANCHOR_KEY,
      },
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: '' });
    expect(run.stdout).toContain(`BROKEN ${admin.organizationId}: `);
    expect(run.stdout).toContain(`first broken at sequence ${secondAnchor.seq} (anchor_mismatch, event ${secondAnchor.id})`);
    expect(run.stdout).toMatch(/latest anchor pass: \d+ at \S+, MAC [0-9a-f]{64}/);
  }, 90_000);

  it('reports the rewrite when the attacker also forges the anchor without the key, or removes the chain\'s anchors', async () => {
    const { admin } = await f.tenant('vendor');
    await act(admin, 2);
    await anchor();
    await rewrite(admin.organizationId, 2);
    const head = (await chain(admin.organizationId)).at(-1) as { seq: number; hash: string };
    // Re-signed with a key of the attacker's choosing (the real one is not in the database).
    await asOwner(async (owner) => {
      const [signed] = (await owner.query('SELECT pass_no, prev_pass_no FROM audit_chain_anchors WHERE chain_key = $1', [admin.organizationId])).rows;
      const mac = createHmac('sha256', 'a key the attacker chose, not the real one')
        .update(['kaiji-audit-anchor/1', admin.organizationId, String(signed.pass_no), String(head.seq), head.hash, signed.prev_pass_no ?? ''].join('\n'))
        .digest('hex');
      await owner.query('UPDATE audit_chain_anchors SET head_hash = $2, chain_seq = $3, mac = $4 WHERE chain_key = $1', [admin.organizationId, head.hash, head.seq, mac]);
    });
    expect(await verify(admin)).toMatchObject({ valid: false, firstBroken: { eventId: null, sequence: 1, reason: 'anchor_invalid' }, anchoredThrough: null });

    // Removed instead: the pass signed how many chains it anchored, so every chain of that pass tells.
    const victim = await f.tenant('vendor');
    const bystander = await f.tenant('vendor');
    await act(victim.admin, 2);
    await act(bystander.admin);
    await anchor();
    const bystanderAnchored = (await chain(bystander.admin.organizationId)).length;
    await rewrite(victim.admin.organizationId, 2);
    await asOwner((owner) => owner.query('DELETE FROM audit_chain_anchors WHERE chain_key = $1', [victim.admin.organizationId]));
    expect(await verify(victim.admin)).toMatchObject({ valid: false, firstBroken: { eventId: null, sequence: 1, reason: 'anchor_invalid' }, anchoredThrough: null });
    expect(await verify(bystander.admin)).toMatchObject({
      valid: false,
      firstBroken: { eventId: null, sequence: bystanderAnchored + 1, reason: 'anchor_invalid' },
      anchoredThrough: bystanderAnchored,
    });
  });

  it('recomputes hashes with built-ins only: replacing the database\'s hash function hides nothing', async () => {
    const { admin } = await f.tenant('vendor');
    await act(admin, 2);
    await anchor();
    const [target] = await chain(admin.organizationId);
    // The owner makes the SQL hash function agree with anything, then edits a row and leaves its hash.
    await asOwner(async (owner) => {
      // A stored row's own hash for any payload already stored (so recomputing in SQL agrees), the real one for new rows.
      await owner.query(`CREATE OR REPLACE FUNCTION audit_event_hash(prev_hash text, payload text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce((SELECT e.hash FROM audit_events e WHERE audit_event_payload(e) = payload LIMIT 1), encode(sha256(convert_to(prev_hash || payload, 'UTF8')), 'hex'))
      $$`);
      await owner.query(`UPDATE audit_events SET action = 'nothing.happened' WHERE id = $1`, [target.id]);
    });
    const sqlSays = await t.db.query(`SELECT bool_and(hash = audit_event_hash(prev_hash, audit_event_payload(e))) AS ok FROM audit_events e WHERE chain_key = $1`, [admin.organizationId]);
    expect(sqlSays).toEqual([{ ok: true }]);
    expect(await verify(admin)).toMatchObject({ valid: false, firstBroken: { eventId: target.id, sequence: target.seq, reason: 'row_altered' } });
  });

  it('logs when passes it wrote were removed (the log is the witness outside the database)', async () => {
    const { admin } = await f.tenant('vendor');
    await act(admin);
    const pass = await anchor();
    await act(admin);
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      await withOwner(async (owner) => {
        await owner.query('BEGIN');
        await owner.query('ALTER TABLE audit_chain_anchors DISABLE TRIGGER audit_chain_anchors_no_update');
        await owner.query('ALTER TABLE audit_anchor_passes DISABLE TRIGGER audit_anchor_passes_no_update');
        await owner.query('DELETE FROM audit_chain_anchors WHERE pass_no = $1', [pass?.passNo]);
        await owner.query('DELETE FROM audit_anchor_passes WHERE pass_no = $1', [pass?.passNo]);
        await owner.query('ALTER TABLE audit_chain_anchors ENABLE TRIGGER audit_chain_anchors_no_update');
        await owner.query('ALTER TABLE audit_anchor_passes ENABLE TRIGGER audit_anchor_passes_no_update');
        await owner.query('COMMIT');
      }, t.ownerUrl);
      await anchor();
      expect(errors).toHaveBeenCalledWith(expect.objectContaining({ pass: pass?.passNo }), expect.stringContaining('removed or altered'));
    } finally {
      errors.mockRestore();
    }
  });
});
