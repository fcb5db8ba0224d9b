import type { Principal } from '../access/principal';
import { fiscalYearLabel, todayInJapan } from '../common/fiscal-year';
import type { DomainEvent } from '../events/events.service';
import { DocumentRequestDto, REQUEST_KIND_LABELS, REQUEST_STATUS_LABELS, RequestKind, RequestStatus } from './document-requests.dto';

export interface DocumentRequestRow {
  id: string;
  contract_id: string;
  kind: RequestKind;
  status: RequestStatus;
  customer_id: string;
  customer_name: string;
  customer_pharmacy_code: string | null;
  addressee_id: string;
  addressee_name: string;
  requested_by_org: string;
  requested_by_name: string;
  product_id: string | null;
  product_name: string | null;
  fiscal_year: number | null;
  message: string | null;
  due_on: string | null;
  fulfilled_disclosure_id: string | null;
  disclosure_revision: number | null;
  disclosure_version: string | null;
  fulfilled_checklist_id: string | null;
  checklist_revision: number | null;
  fulfilled_automatically: boolean;
  decline_reason: string | null;
  decided_at: Date | null;
  followup_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export const SELECT_REQUEST = `
  SELECT r.id, r.contract_id, r.kind, r.status, r.customer_id, cu.name AS customer_name, cu.pharmacy_code AS customer_pharmacy_code,
         r.addressee_id, ad.name AS addressee_name, r.requested_by_org, rb.name AS requested_by_name,
         r.product_id, p.name AS product_name, r.fiscal_year, r.message, to_char(r.due_on, 'YYYY-MM-DD') AS due_on,
         r.fulfilled_disclosure_id, d.revision AS disclosure_revision, d.product_version AS disclosure_version,
         r.fulfilled_checklist_id, vc.revision AS checklist_revision, r.fulfilled_automatically,
         r.decline_reason, r.decided_at, r.followup_id, r.created_at, r.updated_at
    FROM document_requests r
    JOIN organizations cu ON cu.id = r.customer_id
    JOIN organizations ad ON ad.id = r.addressee_id
    JOIN organizations rb ON rb.id = r.requested_by_org
    LEFT JOIN products p ON p.id = r.product_id
    LEFT JOIN disclosures d ON d.id = r.fulfilled_disclosure_id
    LEFT JOIN vendor_checklists vc ON vc.id = r.fulfilled_checklist_id`;

export function toRequestDto(row: DocumentRequestRow, principal: Principal, today = todayInJapan()): DocumentRequestDto {
  return {
    id: row.id,
    contractId: row.contract_id,
    kind: row.kind,
    kindLabel: REQUEST_KIND_LABELS[row.kind],
    status: row.status,
    statusLabel: REQUEST_STATUS_LABELS[row.status],
    overdue: row.status === 'open' && row.due_on !== null && row.due_on < today,
    customer: { id: row.customer_id, name: row.customer_name, pharmacyCode: row.customer_pharmacy_code },
    addressee: { id: row.addressee_id, name: row.addressee_name },
    requestedBy: { id: row.requested_by_org, name: row.requested_by_name },
    product: row.product_id ? { id: row.product_id, name: row.product_name as string } : null,
    fiscalYear: row.fiscal_year,
    fiscalYearLabel: row.fiscal_year === null ? null : fiscalYearLabel(row.fiscal_year),
    message: row.message,
    dueOn: row.due_on,
    fulfilledDocument: row.fulfilled_disclosure_id
      ? { type: 'disclosure', id: row.fulfilled_disclosure_id, revision: Number(row.disclosure_revision), productVersion: row.disclosure_version, automatically: row.fulfilled_automatically }
      : row.fulfilled_checklist_id
        ? { type: 'checklist', id: row.fulfilled_checklist_id, revision: Number(row.checklist_revision), productVersion: null, automatically: row.fulfilled_automatically }
        : null,
    declineReason: row.decline_reason,
    decidedAt: row.decided_at?.toISOString() ?? null,
    yourRole: row.addressee_id === principal.organizationId ? 'addressee' : 'customer',
    followupId: row.followup_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What a request is about, in a few words: "SDS", "令和7年度 事業者確認用チェックリスト". */
export function requestSubject(kind: RequestKind, fiscalYear: number | null): string {
  return kind === 'checklist' ? `${fiscalYear === null ? '' : `${fiscalYearLabel(fiscalYear)} `}事業者確認用チェックリスト` : kind;
}

/** The facts of a request its events carry (ids and facts, no message text: webhooks get no contents). */
export interface RequestFacts {
  id: string;
  contract_id: string;
  customer_id: string;
  addressee_id: string;
  kind: RequestKind;
  product_id: string | null;
  fiscal_year: number | null;
}

function basePayload(r: RequestFacts): Record<string, unknown> {
  return { requestId: r.id, contractId: r.contract_id, customerId: r.customer_id, addresseeId: r.addressee_id, kind: r.kind, productId: r.product_id, fiscalYear: r.fiscal_year };
}

export function requestCreated(r: RequestFacts & { due_on: string | null }, customerName: string): DomainEvent {
  return {
    type: 'document_request.created',
    recipients: [r.addressee_id],
    subject: { type: 'document_request', id: r.id },
    payload: { ...basePayload(r), dueOn: r.due_on },
    notification: {
      title: `${requestSubject(r.kind, r.fiscal_year)}の提出依頼が届きました`,
      body: `${customerName}${r.due_on ? `（期限 ${r.due_on}）` : ''}`,
      link: `/document-requests/${r.id}`,
    },
  };
}

export function requestFulfilled(r: RequestFacts, document: { type: 'disclosure' | 'checklist'; id: string }, automatically: boolean): DomainEvent {
  return {
    type: 'document_request.fulfilled',
    recipients: [r.customer_id],
    subject: { type: 'document_request', id: r.id },
    payload: { ...basePayload(r), document, automatically },
    notification: {
      title: `依頼した${requestSubject(r.kind, r.fiscal_year)}が提出されました`,
      link: document.type === 'disclosure' ? `/disclosures/${document.id}` : `/contracts/${r.contract_id}/checklists/${r.fiscal_year}`,
    },
  };
}

export function requestDeclined(r: RequestFacts, reason: string): DomainEvent {
  return {
    type: 'document_request.declined',
    recipients: [r.customer_id],
    subject: { type: 'document_request', id: r.id },
    payload: basePayload(r),
    notification: { title: `${requestSubject(r.kind, r.fiscal_year)}の依頼が辞退されました`, body: reason.slice(0, 200), link: `/document-requests/${r.id}` },
  };
}
