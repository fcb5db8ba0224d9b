import { EntityManager } from 'typeorm';
import { actorId, Principal } from '../access/principal';
import { sideOf } from './risk-thread-row';
import type { RiskThreadStatus } from './risk-threads.dto';

/** A thread as the write paths lock it. */
export interface LockedThread {
  id: string;
  status: RiskThreadStatus;
  customer_id: string;
  vendor_id: string;
  document_type: string;
  document_id: string;
  item_id: string;
  due_on: string | null;
  outcome: string | null;
  outcome_note: string | null;
  fix_due_on: string | null;
  resolved_by: string | null;
  resolved_by_org: string | null;
  resolved_at: Date | null;
  /** For If-Match: the ETag derives from id and updated_at. */
  updated_at: Date;
}

/** The columns of LockedThread, from `risk_threads t`. */
export const LOCKED_THREAD_COLUMNS = `t.id, t.status, t.customer_id, t.vendor_id, t.document_type, coalesce(t.disclosure_id, t.checklist_id) AS document_id, t.item_id,
  to_char(t.due_on, 'YYYY-MM-DD') AS due_on, t.outcome, t.outcome_note, to_char(t.fix_due_on, 'YYYY-MM-DD') AS fix_due_on,
  t.resolved_by, t.resolved_by_org, t.resolved_at, t.updated_at`;

/** Serializes opening (and reopening) threads on one customer's item. */
export async function lockItem(manager: EntityManager, customerId: string, documentType: string, documentId: string, itemId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`risk_thread:${customerId}:${documentType}:${documentId}:${itemId}`]);
}

/** The thread open (not resolved) on one customer's item, if any: there is at most one. */
export async function openThreadOn(manager: EntityManager, customerId: string, documentType: string, documentId: string, itemId: string): Promise<string | null> {
  const [open]: { id: string }[] = await manager.query(
    `SELECT id FROM risk_threads WHERE customer_id = $1 AND document_type = $2 AND coalesce(disclosure_id, checklist_id) = $3 AND item_id = $4 AND status <> 'resolved'`,
    [customerId, documentType, documentId, itemId],
  );
  return open?.id ?? null;
}

export async function history(manager: EntityManager, principal: Principal, label: string, threadId: string, kind: string, details: Record<string, unknown>): Promise<void> {
  await manager.query('INSERT INTO risk_thread_history (thread_id, kind, actor_org, actor_id, actor_label, details) VALUES ($1, $2, $3, $4, $5, $6)', [
    threadId,
    kind,
    principal.organizationId,
    actorId(principal),
    label,
    JSON.stringify({ ...details, actorType: principal.type }),
  ]);
}

/**
 * Who hears about a change: the vendor when the pharmacy side acts (and the store when its chain
 * acted for it); the customer when the vendor acts (its chain hears through the events service).
 */
export function otherParties(principal: Principal, customerId: string, vendorId: string): string[] {
  if (sideOf(principal) === 'vendor') return [customerId];
  return principal.organizationId === customerId ? [vendorId] : [vendorId, customerId];
}
