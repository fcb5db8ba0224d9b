import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signatures of audit anchors (issue 13, Medium 9). The key (KAIJI_AUDIT_ANCHOR_KEY) lives in
 * the application's environment, never in the database: whoever can rewrite the audit tables,
 * their owner included, cannot sign a rewritten chain head. Messages are fixed-field text, one
 * field per line, versioned, so that no two different anchors share a message.
 */

/** A pass: one signing round, numbered, linked to the previous pass, counting its anchors. */
export interface PassFields {
  passNo: string;
  /** ISO 8601, milliseconds, UTC. */
  anchoredAt: string;
  chainCount: number;
  /** The previous pass's MAC ('' for pass 1). */
  prevMac: string;
}

/** An anchor: one chain's head (sequence and hash) at a pass, linked to the chain's previous anchor. */
export interface AnchorFields {
  chainKey: string;
  passNo: string;
  chainSeq: string;
  headHash: string;
  /** The pass of this chain's previous anchor (null for its first). */
  prevPassNo: string | null;
}

export function passMac(key: string, pass: PassFields): string {
  return mac(key, ['kaiji-audit-pass/1', pass.passNo, pass.anchoredAt, String(pass.chainCount), pass.prevMac]);
}

export function anchorMac(key: string, anchor: AnchorFields): string {
  return mac(key, ['kaiji-audit-anchor/1', anchor.chainKey, anchor.passNo, anchor.chainSeq, anchor.headHash, anchor.prevPassNo ?? '']);
}

/** Names a key without revealing it, so that a verifier picks the key an anchor was signed with. */
export function keyId(key: string): string {
  return createHash('sha256').update(`kaiji-audit-anchor-key-id\n${key}`).digest('hex').slice(0, 16);
}

export function sameMac(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function mac(key: string, fields: string[]): string {
  return createHmac('sha256', key).update(fields.join('\n')).digest('hex');
}

/** The current key signs; earlier ones (after a rotation) still verify. */
export class AnchorKeyring {
  readonly current: { id: string; key: string };
  private readonly byId: Map<string, string>;

  constructor(keys: { current: string; previous: string[] }) {
    this.current = { id: keyId(keys.current), key: keys.current };
    this.byId = new Map([keys.current, ...keys.previous].map((key) => [keyId(key), key]));
  }

  key(id: string): string | undefined {
    return this.byId.get(id);
  }
}
