import { AnchorKeyring, anchorMac, passMac, sameMac } from './audit-anchor-mac';

/** One chain's anchor as stored, with its pass's time. */
export interface AnchorRow {
  pass_no: string;
  chain_seq: string;
  head_hash: string;
  prev_pass_no: string | null;
  key_id: string;
  mac: string;
  anchored_at: Date | null;
}

export interface VerifiedAnchor {
  passNo: bigint;
  seq: number;
  hash: string;
  anchoredAt: Date | null;
}

/**
 * A chain's anchors, oldest first, up to the first that does not verify: signed with a known key,
 * naming the previous anchor's pass (so none was removed between them), at a later sequence.
 * `broken`: an anchor after `valid` failed; nothing after the last valid one is proven.
 */
export function verifyAnchors(chainKey: string, rows: readonly AnchorRow[], keys: AnchorKeyring): { valid: VerifiedAnchor[]; broken: boolean } {
  const valid: VerifiedAnchor[] = [];
  let prevPassNo: string | null = null;
  let lastSeq = 0;
  for (const row of rows) {
    const key = keys.key(row.key_id);
    const fields = { chainKey, passNo: String(row.pass_no), chainSeq: String(row.chain_seq), headHash: row.head_hash, prevPassNo: row.prev_pass_no === null ? null : String(row.prev_pass_no) };
    const signed = key !== undefined && sameMac(anchorMac(key, fields), row.mac);
    if (!signed || fields.prevPassNo !== prevPassNo || Number(row.chain_seq) <= lastSeq) return { valid, broken: true };
    valid.push({ passNo: BigInt(row.pass_no), seq: Number(row.chain_seq), hash: row.head_hash, anchoredAt: row.anchored_at });
    prevPassNo = fields.passNo;
    lastSeq = Number(row.chain_seq);
  }
  return { valid, broken: false };
}

/** A pass as stored, with the number of anchors it holds now. */
export interface PassRow {
  pass_no: string;
  anchored_at: Date;
  chain_count: number;
  prev_mac: string;
  key_id: string;
  mac: string;
  anchors: string;
}

/**
 * Checks passes in order, fed in batches from pass `from - 1` on. A pass from `from` on is broken
 * when its signature fails (or its key is unknown), when it holds fewer or more anchors than it
 * signed (anchors were removed or added), or when it does not follow the pass before (number and
 * MAC: a pass was removed). The newest passes removed all together leave no trace here; the
 * anchoring process logs each pass and notices (audit-anchors.service.ts).
 */
export class PassChainCheck {
  readonly broken: bigint[] = [];
  private previous?: { passNo: bigint; mac: string };

  constructor(
    private readonly keys: AnchorKeyring,
    private readonly from: bigint,
  ) {}

  feed(rows: readonly PassRow[]): void {
    for (const row of rows) {
      const passNo = BigInt(row.pass_no);
      if (passNo >= this.from && !this.holds(row, passNo)) this.broken.push(passNo);
      this.previous = { passNo, mac: row.mac };
    }
  }

  private holds(row: PassRow, passNo: bigint): boolean {
    const key = this.keys.key(row.key_id);
    const fields = { passNo: String(row.pass_no), anchoredAt: row.anchored_at.toISOString(), chainCount: Number(row.chain_count), prevMac: row.prev_mac };
    if (key === undefined || !sameMac(passMac(key, fields), row.mac)) return false;
    if (Number(row.anchors) !== Number(row.chain_count)) return false;
    if (passNo === 1n) return row.prev_mac === '';
    return this.previous !== undefined && this.previous.passNo === passNo - 1n && this.previous.mac === row.prev_mac;
  }
}
