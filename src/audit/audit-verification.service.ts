import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AnchorRow, PassChainCheck, PassRow, VerifiedAnchor, verifyAnchors } from './audit-anchor-check';
import { AnchorKeyring } from './audit-anchor-mac';
import { ChainBreak, walkChain } from './audit-chain-walk';
import { AuditVerificationDto } from './audit.dto';

const PASS_BATCH = 5_000;

const CHAIN_ANCHORS = `
  SELECT a.pass_no, a.chain_seq, a.head_hash, a.prev_pass_no, a.key_id, a.mac, p.anchored_at
    FROM audit_chain_anchors a LEFT JOIN audit_anchor_passes p ON p.pass_no = a.pass_no
   WHERE a.chain_key = $1
   ORDER BY a.pass_no`;

const PASSES = `
  SELECT p.pass_no, p.anchored_at, p.chain_count, p.prev_mac, p.key_id, p.mac,
         (SELECT count(*) FROM audit_chain_anchors a WHERE a.pass_no = p.pass_no) AS anchors
    FROM audit_anchor_passes p
   WHERE p.pass_no > $1
   ORDER BY p.pass_no
   LIMIT $2`;

export interface LatestPass {
  passNo: string;
  anchoredAt: string;
  mac: string;
}

/** Built-ins first: neither a function nor an operator the tables' owner made can stand in for one. */
const TRUSTED_SEARCH_PATH = `SELECT pg_catalog.set_config('search_path', pg_catalog.concat('pg_catalog, ', pg_catalog.quote_ident(pg_catalog.current_schema()), ', pg_temp'), true)`;

/**
 * Verifies audit chains without trusting the functions the tables' owner controls: every hash is
 * recomputed with built-ins only (audit-chain-walk.ts), and the chain heads signed by the anchoring
 * passes are checked with the key the database does not hold (audit-anchor-check.ts), all in one
 * snapshot. A rewrite that recomputes the hashes
 * is found at the first anchor whose signed hash no longer matches; removed or forged anchors break
 * a signature, a link or a pass's count. Rows after the chain's last anchor (written since the last
 * pass) are proven by the hash chain alone: `anchoredThrough` says where that begins.
 */
@Injectable()
export class AuditVerificationService {
  private readonly keys: AnchorKeyring;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keys = new AnchorKeyring(config.auditAnchorKeys);
  }

  /** `brokenPasses`: passes already checked from pass 1 (verifyAll), else the chain's are checked here. */
  verifyChain(chainKey: string, brokenPasses?: readonly bigint[]): Promise<AuditVerificationDto> {
    return this.inSnapshot((manager) => this.verifyIn(manager, chainKey, brokenPasses));
  }

  private async verifyIn(manager: EntityManager, chainKey: string, brokenPasses?: readonly bigint[]): Promise<AuditVerificationDto> {
    const anchorRows: AnchorRow[] = await manager.query(CHAIN_ANCHORS, [chainKey]);
    // An anchor whose pass is gone proves nothing: its signing round was removed.
    const present = anchorRows.findIndex((row) => row.anchored_at === null);
    const anchors = verifyAnchors(chainKey, present < 0 ? anchorRows : anchorRows.slice(0, present), this.keys);
    const anchorsRemoved = anchors.broken || present >= 0;
    const last = anchors.valid.at(-1);
    // Passes after the chain's last anchor must be whole: one of them may have held a removed anchor of this chain.
    const from = last?.passNo ?? 1n;
    const broken = brokenPasses ?? (await this.brokenPasses(manager, from));
    const passesBroken = broken.some((passNo) => passNo >= from);

    const walk = await walkChain(manager, chainKey, anchors.valid);
    const [head]: { last_seq: string; last_hash: string }[] = await manager.query('SELECT last_seq, last_hash FROM audit_chain_heads WHERE chain_key = $1', [chainKey]);
    const headMoved = Number(head?.last_seq ?? 0) !== walk.lastSeq || (head?.last_hash ?? null) !== walk.lastHash;

    const candidates: (ChainBreak | null)[] = [
      walk.hashBreak,
      walk.anchorBreak,
      // The newest rows were removed: the chain head still remembers them.
      headMoved ? { eventId: null, sequence: walk.lastSeq + 1, reason: 'tail_missing' } : null,
      anchorsRemoved || passesBroken ? { eventId: null, sequence: (last?.seq ?? 0) + 1, reason: 'anchor_invalid' } : null,
    ];
    const firstBroken = candidates.reduce<ChainBreak | null>((first, c) => (c && (!first || c.sequence < first.sequence) ? c : first), null);
    const proven = provenThrough(anchors.valid, walk.anchorBreak);
    return {
      chain: chainKey,
      valid: firstBroken === null,
      checked: walk.checked,
      firstBroken,
      anchoredThrough: proven?.seq ?? null,
      anchoredAt: proven?.anchoredAt?.toISOString() ?? null,
    };
  }

  /** Every chain in the database (the CLI's full verification), the passes checked once for all. */
  async verifyAll(): Promise<AuditVerificationDto[]> {
    const { chains, broken } = await this.inSnapshot(async (manager) => ({
      chains: await manager.query<{ chain_key: string }[]>('SELECT chain_key FROM audit_chain_heads UNION SELECT DISTINCT chain_key FROM audit_chain_anchors ORDER BY chain_key'),
      broken: await this.brokenPasses(manager, 1n),
    }));
    const results: AuditVerificationDto[] = [];
    for (const { chain_key } of chains) results.push(await this.verifyChain(chain_key, broken));
    return results;
  }

  /** One consistent view of events, heads, anchors and passes, read with the built-ins first. */
  private inSnapshot<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      await manager.query(TRUSTED_SEARCH_PATH);
      return work(manager);
    });
  }

  /** The newest pass, to compare with the one the anchoring process logged last (README, Audit log). */
  async latestPass(): Promise<LatestPass | null> {
    const [row]: { pass_no: string; anchored_at: Date; mac: string }[] = await this.db.query('SELECT pass_no, anchored_at, mac FROM audit_anchor_passes ORDER BY pass_no DESC LIMIT 1');
    return row ? { passNo: String(row.pass_no), anchoredAt: row.anchored_at.toISOString(), mac: row.mac } : null;
  }

  /** Pass numbers from `from` on whose signature, count or link fails (pass `from - 1` read for the link). */
  private async brokenPasses(manager: EntityManager, from: bigint): Promise<bigint[]> {
    const check = new PassChainCheck(this.keys, from);
    let after = from - 2n;
    for (;;) {
      const rows: PassRow[] = await manager.query(PASSES, [String(after), PASS_BATCH]);
      check.feed(rows);
      if (rows.length < PASS_BATCH) return check.broken;
      after = BigInt(rows[rows.length - 1].pass_no);
    }
  }
}

/** The last anchor below the first mismatch: rows up to it are proven with the key. */
function provenThrough(anchors: readonly VerifiedAnchor[], mismatch: ChainBreak | null): VerifiedAnchor | undefined {
  const before = mismatch ? anchors.filter((a) => a.seq < mismatch.sequence) : anchors;
  return before.at(-1);
}
