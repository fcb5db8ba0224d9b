import type { Principal } from '../access/principal';
import { documentRequestVisible, riskThreadVisible, SqlParams } from '../access/visibility';
import { todayInJapan } from '../common/fiscal-year';
import { REQUEST_KIND_LABELS, REQUEST_STATUS_LABELS, RequestKind, RequestStatus } from '../document-requests/document-requests.dto';
import { isOverdue } from '../risk-threads/risk-thread-row';
import { RISK_THREAD_STATUS_LABELS, RiskThreadStatus } from '../risk-threads/risk-threads.dto';
import { FOLLOWUP_KIND_LABELS, FollowupKind } from './chain-followups.dto';
import type { StoredFollowup } from './followup-coverage';
import type { FollowupDto, FollowupItemDto } from './followup-views.dto';

export interface FollowupRow {
  id: string;
  kind: FollowupKind;
  chain_id: string;
  chain_name: string;
  vendor_id: string;
  vendor_name: string;
  request: StoredFollowup;
  total: number | null;
  open: number | null;
  by_status: Record<string, number> | null;
  created_at: Date;
}

/**
 * Follow-ups with their progress: the store requests or threads of each, counted through the same
 * predicates that decide who sees a request or thread (so a vendor counts only what it was asked).
 */
export function selectFollowups(principal: Principal, params: SqlParams): string {
  return `
  SELECT cf.id, cf.kind, cf.chain_id, ch.name AS chain_name, cf.vendor_id, v.name AS vendor_name, cf.request, cf.created_at,
         p.total, p.open, p.by_status
    FROM chain_followups cf
    JOIN organizations ch ON ch.id = cf.chain_id
    JOIN organizations v ON v.id = cf.vendor_id
    LEFT JOIN LATERAL (
      SELECT sum(g.n)::int AS total, coalesce(sum(g.n) FILTER (WHERE g.open), 0)::int AS open, jsonb_object_agg(g.status, g.n) AS by_status
        FROM (SELECT i.status, i.open, count(*)::int AS n
                FROM (SELECT r.status, r.status = 'open' AS open FROM document_requests r
                       WHERE r.followup_id = cf.id AND ${documentRequestVisible(principal, 'r', params)}
                      UNION ALL
                      SELECT t.status, t.status <> 'resolved' AS open FROM risk_threads t
                       WHERE t.followup_id = cf.id AND ${riskThreadVisible(principal, 't', params)}) i
               GROUP BY i.status, i.open) g
    ) p ON true`;
}

export function toFollowupDto(row: FollowupRow, principal: Principal): FollowupDto {
  const stored = row.request;
  const total = row.total ?? 0;
  const open = row.open ?? 0;
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: FOLLOWUP_KIND_LABELS[row.kind],
    chain: { id: row.chain_id, name: row.chain_name },
    vendor: { id: row.vendor_id, name: row.vendor_name },
    request: stored.request
      ? {
          kind: stored.request.kind as RequestKind,
          kindLabel: REQUEST_KIND_LABELS[stored.request.kind as RequestKind],
          productId: stored.request.productId,
          fiscalYear: stored.request.fiscalYear,
          message: stored.request.message,
          dueOn: stored.request.dueOn,
        }
      : null,
    thread: stored.thread ? { ...stored.thread, documentType: stored.thread.documentType as 'disclosure' | 'checklist' } : null,
    progress: { total, open, closed: total - open, byStatus: row.by_status ?? {} },
    yourSide: principal.organizationKind === 'vendor' ? 'vendor' : 'chain',
    createdAt: row.created_at.toISOString(),
  };
}

export interface FollowupItemRow {
  type: FollowupKind;
  id: string;
  store_id: string;
  store_name: string;
  pharmacy_code: string | null;
  contract_id: string | null;
  status: string;
  due_on: string | null;
  document_id: string | null;
  closed_at: Date | null;
  updated_at: Date;
}

/** Each store's own request or thread of one follow-up ($1), visible to the principal. */
export function selectFollowupItems(principal: Principal, params: SqlParams): string {
  return `
  SELECT 'document_request' AS type, r.id, r.customer_id AS store_id, s.name AS store_name, s.pharmacy_code, r.contract_id::text AS contract_id, r.status,
         to_char(r.due_on, 'YYYY-MM-DD') AS due_on, coalesce(r.fulfilled_disclosure_id, r.fulfilled_checklist_id)::text AS document_id, r.decided_at AS closed_at, r.updated_at
    FROM document_requests r JOIN organizations s ON s.id = r.customer_id
   WHERE r.followup_id = $1 AND ${documentRequestVisible(principal, 'r', params)}
  UNION ALL
  SELECT 'risk_thread', t.id, t.customer_id, s.name, s.pharmacy_code, t.snapshot->>'contractId', t.status,
         to_char(t.due_on, 'YYYY-MM-DD'), coalesce(t.disclosure_id, t.checklist_id)::text, t.resolved_at, t.updated_at
    FROM risk_threads t JOIN organizations s ON s.id = t.customer_id
   WHERE t.followup_id = $1 AND ${riskThreadVisible(principal, 't', params)}
  ORDER BY store_name, store_id, contract_id, id`;
}

export function toItemDto(row: FollowupItemRow, today = todayInJapan()): FollowupItemDto {
  const request = row.type === 'document_request';
  const open = request ? row.status === 'open' : row.status !== 'resolved';
  return {
    type: row.type,
    id: row.id,
    store: { id: row.store_id, name: row.store_name, pharmacyCode: row.pharmacy_code },
    contractId: row.contract_id,
    status: row.status,
    statusLabel: request ? REQUEST_STATUS_LABELS[row.status as RequestStatus] : RISK_THREAD_STATUS_LABELS[row.status as RiskThreadStatus],
    open,
    overdue: request ? open && row.due_on !== null && row.due_on < today : isOverdue(row.status as RiskThreadStatus, row.due_on, today),
    dueOn: row.due_on,
    documentId: row.document_id,
    closedAt: row.closed_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
  };
}
