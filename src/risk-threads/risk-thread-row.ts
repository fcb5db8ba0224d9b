import type { Principal } from '../access/principal';
import { todayInJapan } from '../common/fiscal-year';
import {
  RISK_OUTCOME_LABELS,
  RISK_THREAD_STATUS_LABELS,
  RiskDocumentType,
  RiskOutcome,
  RiskThreadActorDto,
  RiskThreadDto,
  RiskThreadHistoryDto,
  RiskThreadMessageDto,
  RiskThreadSnapshotDto,
  RiskThreadStatus,
} from './risk-threads.dto';

export interface RiskThreadRow {
  id: string;
  status: RiskThreadStatus;
  due_on: string | null;
  document_type: RiskDocumentType;
  document_id: string;
  item_id: string;
  customer_id: string;
  customer_name: string;
  vendor_id: string;
  vendor_name: string;
  opened_by_org: string;
  opened_by_org_name: string;
  opened_by: string | null;
  opened_by_user: string | null;
  opened_by_client: string | null;
  snapshot: RiskThreadSnapshotDto;
  outcome: RiskOutcome | null;
  outcome_note: string | null;
  fix_due_on: string | null;
  resolved_by: string | null;
  resolved_by_org: string | null;
  resolved_by_org_name: string | null;
  resolved_by_user: string | null;
  resolved_by_client: string | null;
  resolved_at: Date | null;
  message_count: string;
  last_message_at: Date | null;
  followup_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Threads with their parties, who opened and resolved them, and message counts. */
export const SELECT_RISK_THREAD = `
  SELECT t.id, t.status, to_char(t.due_on, 'YYYY-MM-DD') AS due_on, t.document_type,
         coalesce(t.disclosure_id, t.checklist_id) AS document_id, t.item_id,
         t.customer_id, cu.name AS customer_name, t.vendor_id, v.name AS vendor_name,
         t.opened_by_org, ob.name AS opened_by_org_name, t.opened_by, ou.display_name AS opened_by_user, oc.name AS opened_by_client,
         t.snapshot, t.outcome, t.outcome_note, to_char(t.fix_due_on, 'YYYY-MM-DD') AS fix_due_on,
         t.resolved_by, t.resolved_by_org, rb.name AS resolved_by_org_name, ru.display_name AS resolved_by_user, rc.name AS resolved_by_client, t.resolved_at,
         (SELECT count(*) FROM risk_thread_messages m WHERE m.thread_id = t.id) AS message_count,
         (SELECT max(m.created_at) FROM risk_thread_messages m WHERE m.thread_id = t.id) AS last_message_at,
         t.followup_id, t.created_at, t.updated_at
    FROM risk_threads t
    JOIN organizations cu ON cu.id = t.customer_id
    JOIN organizations v ON v.id = t.vendor_id
    JOIN organizations ob ON ob.id = t.opened_by_org
    LEFT JOIN users ou ON ou.id = t.opened_by
    LEFT JOIN api_clients oc ON oc.id = t.opened_by
    LEFT JOIN organizations rb ON rb.id = t.resolved_by_org
    LEFT JOIN users ru ON ru.id = t.resolved_by
    LEFT JOIN api_clients rc ON rc.id = t.resolved_by`;

export function sideOf(principal: Principal): 'vendor' | 'pharmacy' {
  return principal.organizationKind === 'vendor' ? 'vendor' : 'pharmacy';
}

export function isOverdue(status: RiskThreadStatus, dueOn: string | null, today = todayInJapan()): boolean {
  return status !== 'resolved' && dueOn !== null && dueOn < today;
}

function actor(organizationId: string, organizationName: string, id: string | null, user: string | null, client: string | null): RiskThreadActorDto {
  return { organizationId, organizationName, type: user !== null ? 'user' : 'client', id: id ?? '', label: user ?? client ?? '' };
}

export function toRiskThreadDto(row: RiskThreadRow, principal: Principal, today = todayInJapan()): RiskThreadDto {
  return {
    id: row.id,
    status: row.status,
    statusLabel: RISK_THREAD_STATUS_LABELS[row.status],
    dueOn: row.due_on,
    overdue: isOverdue(row.status, row.due_on, today),
    documentType: row.document_type,
    documentId: row.document_id,
    itemId: row.item_id,
    customer: { id: row.customer_id, name: row.customer_name },
    vendor: { id: row.vendor_id, name: row.vendor_name },
    openedBy: actor(row.opened_by_org, row.opened_by_org_name, row.opened_by, row.opened_by_user, row.opened_by_client),
    snapshot: row.snapshot,
    resolution:
      row.outcome && row.resolved_at && row.resolved_by_org
        ? {
            outcome: row.outcome,
            outcomeLabel: RISK_OUTCOME_LABELS[row.outcome],
            note: row.outcome_note,
            fixDueOn: row.fix_due_on,
            fixOverdue: row.outcome === 'fix_planned' && row.fix_due_on !== null && row.fix_due_on < today,
            resolvedBy: actor(row.resolved_by_org, row.resolved_by_org_name ?? '', row.resolved_by, row.resolved_by_user, row.resolved_by_client),
            resolvedAt: row.resolved_at.toISOString(),
          }
        : null,
    yourSide: sideOf(principal),
    messageCount: Number(row.message_count),
    lastMessageAt: row.last_message_at?.toISOString() ?? null,
    followupId: row.followup_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface MessageRow {
  id: string;
  author_org: string;
  author_org_name: string;
  author_type: 'user' | 'client';
  author_id: string;
  author_label: string;
  body: string;
  edited_at: Date | null;
  created_at: Date;
}

export const SELECT_MESSAGES = `
  SELECT m.id, m.author_org, o.name AS author_org_name, m.author_type, m.author_id, m.author_label, m.body, m.edited_at, m.created_at
    FROM risk_thread_messages m JOIN organizations o ON o.id = m.author_org
   WHERE m.thread_id = $1 ORDER BY m.created_at, m.id`;

export function toMessageDto(row: MessageRow, vendorId: string, principal: Principal): RiskThreadMessageDto {
  const principalId = principal.type === 'user' ? principal.userId : principal.clientId;
  return {
    id: row.id,
    side: row.author_org === vendorId ? 'vendor' : 'pharmacy',
    author: { organizationId: row.author_org, organizationName: row.author_org_name, type: row.author_type, id: row.author_id, label: row.author_label },
    body: row.body,
    editedAt: row.edited_at?.toISOString() ?? null,
    yours: row.author_type === principal.type && row.author_id === principalId,
    createdAt: row.created_at.toISOString(),
  };
}

export interface HistoryRow {
  id: string;
  kind: string;
  actor_org: string | null;
  actor_label: string | null;
  details: Record<string, unknown>;
  created_at: Date;
}

export function toHistoryDto(row: HistoryRow): RiskThreadHistoryDto {
  return { id: Number(row.id), kind: row.kind, actorOrganizationId: row.actor_org, actorLabel: row.actor_label, details: row.details, createdAt: row.created_at.toISOString() };
}
