import type { EntityManager } from 'typeorm';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainBreak {
  eventId: string | null;
  sequence: number;
  reason: 'row_altered' | 'link_broken' | 'row_missing' | 'tail_missing' | 'anchor_mismatch' | 'anchor_invalid';
}

export interface ChainWalk {
  checked: number;
  lastSeq: number;
  lastHash: string | null;
  /** The first row whose hash, link or sequence does not follow. */
  hashBreak: ChainBreak | null;
  /** The first anchored sequence whose row is gone or no longer has the anchored hash. */
  anchorBreak: ChainBreak | null;
}

/**
 * What audit_event_hash(prev_hash, audit_event_payload(e)) computes (migration 1763700000000),
 * written with built-in functions only: the tables' owner can replace those two functions (and
 * make them agree with any row), not the built-ins, which belong to the database system.
 */
const RECOMPUTED_HASH = `pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.textcat(e.prev_hash,
  pg_catalog.jsonb_build_array(e.chain_key, e.chain_seq, e.organization_id, e.actor_type, e.actor_id, e.actor_label,
    e.action, e.target_type, e.target_id, e.outcome, e.source_ip, e.user_agent, e.details,
    pg_catalog.to_char(pg_catalog.timezone('UTC', e.occurred_at), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text), 'UTF8')), 'hex')`;

const WALK = `
  WITH ordered AS MATERIALIZED (
    SELECT e.id, e.chain_seq, e.prev_hash, e.hash, ${RECOMPUTED_HASH} AS recomputed,
           lag(e.hash) OVER w AS previous_hash, lag(e.chain_seq) OVER w AS previous_seq
      FROM audit_events e
     WHERE e.chain_key = $1
    WINDOW w AS (ORDER BY e.chain_seq)),
  summary AS (
    SELECT count(*) AS checked, coalesce(max(chain_seq), 0) AS last_seq,
           (SELECT hash FROM ordered ORDER BY chain_seq DESC LIMIT 1) AS last_hash
      FROM ordered),
  hash_break AS (
    SELECT id, chain_seq,
           CASE WHEN hash <> recomputed THEN 'row_altered'
                WHEN prev_hash <> coalesce(previous_hash, $2) THEN 'link_broken'
                ELSE 'row_missing' END AS reason
      FROM ordered
     WHERE hash <> recomputed OR prev_hash <> coalesce(previous_hash, $2) OR chain_seq <> coalesce(previous_seq, 0) + 1
     ORDER BY chain_seq
     LIMIT 1),
  anchor_break AS (
    SELECT a.seq, o.id,
           CASE WHEN o.id IS NOT NULL THEN 'anchor_mismatch'
                WHEN a.seq > (SELECT last_seq FROM summary) THEN 'tail_missing'
                ELSE 'row_missing' END AS reason
      FROM unnest($3::bigint[], $4::text[]) AS a(seq, hash)
      LEFT JOIN ordered o ON o.chain_seq = a.seq
     WHERE o.id IS NULL OR o.hash <> a.hash
     ORDER BY a.seq
     LIMIT 1)
  SELECT s.checked, s.last_seq, s.last_hash,
         h.id AS hash_break_id, h.chain_seq AS hash_break_seq, h.reason AS hash_break_reason,
         a.id AS anchor_break_id, a.seq AS anchor_break_seq, a.reason AS anchor_break_reason
    FROM summary s LEFT JOIN hash_break h ON true LEFT JOIN anchor_break a ON true`;

interface WalkRow {
  checked: string;
  last_seq: string;
  last_hash: string | null;
  hash_break_id: string | null;
  hash_break_seq: string | null;
  hash_break_reason: ChainBreak['reason'] | null;
  anchor_break_id: string | null;
  anchor_break_seq: string | null;
  anchor_break_reason: ChainBreak['reason'] | null;
}

/**
 * Recomputes one chain (in the database, with built-ins only: see RECOMPUTED_HASH) and checks that
 * each anchored sequence (`anchored`, already verified with the key) still carries its signed hash.
 * Run it in the verification's transaction, whose search path puts pg_catalog first, so that no
 * operator of the owner's can stand in for a built-in one either.
 */
export async function walkChain(manager: EntityManager, chainKey: string, anchored: readonly { seq: number; hash: string }[]): Promise<ChainWalk> {
  const [row]: WalkRow[] = await manager.query(WALK, [chainKey, GENESIS_HASH, anchored.map((a) => a.seq), anchored.map((a) => a.hash)]);
  const lastSeq = Number(row.last_seq);
  return {
    checked: Number(row.checked),
    lastSeq,
    lastHash: row.last_hash,
    hashBreak: row.hash_break_reason ? { eventId: String(row.hash_break_id), sequence: Number(row.hash_break_seq), reason: row.hash_break_reason } : null,
    anchorBreak: row.anchor_break_reason
      ? row.anchor_break_reason === 'tail_missing'
        ? { eventId: null, sequence: lastSeq + 1, reason: 'tail_missing' }
        : { eventId: row.anchor_break_id === null ? null : String(row.anchor_break_id), sequence: Number(row.anchor_break_seq), reason: row.anchor_break_reason }
      : null,
  };
}
