import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { actorId, Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { EventsService } from '../events/events.service';
import { requestCreated, requestDeclined, requestFulfilled, RequestFacts } from './document-request-row';
import type { RequestContract, RequestTarget } from './document-request-rules';
import type { RequestKind } from './document-requests.dto';

/** One request to write under one contract (its rules already checked). */
export interface NewRequest {
  contract: Pick<RequestContract, 'id' | 'customer_id' | 'customer_name'>;
  target: RequestTarget;
  kind: RequestKind;
  fiscalYear: number | null;
  message: string | null;
  dueOn: string | null;
}

export type CreatedRequest = RequestFacts & { due_on: string | null };

export interface InsertedRequests {
  /** In the order asked. */
  created: CreatedRequest[];
  /** Requests not written because the same document is already asked for under that contract. */
  alreadyOpen: { contractId: string; requestId: string }[];
}

export interface FulfilledDocument {
  type: 'disclosure' | 'checklist';
  id: string;
}

/**
 * The writes of document requests, inside the caller's transaction and set-based, so one request
 * (the single-request routes) and a chain-wide follow-up covering thousands of stores take the
 * same path: the same duplicate rule, the same columns, one audit row and one event per request.
 */
@Injectable()
export class DocumentRequestWriter {
  constructor(
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  /**
   * Writes the requests that are not open already (at most one OPEN request per contract, kind,
   * product and 年度). Creates on a contract are serialized by locking the contract rows, in id
   * order so that two multi-contract writes cannot deadlock. `followupId` ties them to a chain-wide follow-up.
   */
  async insert(manager: EntityManager, principal: Principal, requests: NewRequest[], followupId: string | null = null): Promise<InsertedRequests> {
    if (requests.length === 0) return { created: [], alreadyOpen: [] };
    const contractIds = requests.map((r) => r.contract.id);
    if (new Set(contractIds).size !== contractIds.length) throw new Error('DocumentRequestWriter.insert takes at most one request per contract');
    await manager.query('SELECT 1 FROM contracts WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE', [contractIds]);
    const wanted = requests.map((r) => ({
      contract_id: r.contract.id,
      customer_id: r.contract.customer_id,
      addressee_id: r.target.addresseeId,
      kind: r.kind,
      product_id: r.target.productId,
      fiscal_year: r.fiscalYear,
      message: r.message,
      due_on: r.dueOn,
    }));
    const open: { contract_id: string; id: string }[] = await manager.query(
      `SELECT w.contract_id, r.id
         FROM jsonb_to_recordset($1::jsonb) AS w(contract_id uuid, kind text, product_id uuid, fiscal_year int)
         JOIN document_requests r ON r.contract_id = w.contract_id AND r.kind = w.kind AND r.product_id IS NOT DISTINCT FROM w.product_id
                                 AND r.fiscal_year IS NOT DISTINCT FROM w.fiscal_year AND r.status = 'open'`,
      [JSON.stringify(wanted)],
    );
    const openByContract = new Map(open.map((row) => [row.contract_id, row.id]));
    const toWrite = wanted.filter((w) => !openByContract.has(w.contract_id));
    const rows: CreatedRequest[] =
      toWrite.length === 0
        ? []
        : await manager.query(
            `WITH x AS (
               INSERT INTO document_requests (contract_id, customer_id, addressee_id, requested_by_org, requested_by, kind, product_id, fiscal_year, message, due_on, status, followup_id)
               SELECT w.contract_id, w.customer_id, w.addressee_id, $2, $3, w.kind, w.product_id, w.fiscal_year, w.message, w.due_on, 'open', $4
                 FROM jsonb_to_recordset($1::jsonb) AS w(contract_id uuid, customer_id uuid, addressee_id uuid, kind text, product_id uuid, fiscal_year int, message text, due_on date)
               RETURNING id, contract_id, customer_id, addressee_id, kind, product_id, fiscal_year, to_char(due_on, 'YYYY-MM-DD') AS due_on)
             SELECT * FROM x`,
            [JSON.stringify(toWrite), principal.organizationId, actorId(principal), followupId],
          );
    const byContract = new Map(rows.map((row) => [row.contract_id, row]));
    const created = requests.flatMap((r) => byContract.get(r.contract.id) ?? []);
    await this.audit.recordMany(
      created.map((row) => ({
        actor: principal,
        organizationId: principal.organizationId,
        action: 'document_request.create',
        target: { type: 'document_request', id: row.id },
        details: {
          contractId: row.contract_id,
          kind: row.kind,
          productId: row.product_id,
          fiscalYear: row.fiscal_year,
          addresseeId: row.addressee_id,
          dueOn: row.due_on,
          ...(followupId ? { followupId } : {}),
        },
      })),
      manager,
    );
    const names = new Map(requests.map((r) => [r.contract.id, r.contract.customer_name]));
    await this.events.publishMany(
      manager,
      created.map((row) => requestCreated(row, names.get(row.contract_id) as string)),
    );
    return { created, alreadyOpen: open.map((row) => ({ contractId: row.contract_id, requestId: row.id })) };
  }

  /** Fulfils open requests (locked by the caller) by hand, each with its document. */
  async fulfil(manager: EntityManager, principal: Principal, fulfilled: { request: RequestFacts; document: FulfilledDocument }[], followupId: string | null = null): Promise<void> {
    if (fulfilled.length === 0) return;
    const rows = fulfilled.map(({ request, document }) => ({
      id: request.id,
      disclosure_id: document.type === 'disclosure' ? document.id : null,
      checklist_id: document.type === 'checklist' ? document.id : null,
    }));
    await manager.query(
      `UPDATE document_requests r
          SET status = 'fulfilled', fulfilled_disclosure_id = w.disclosure_id, fulfilled_checklist_id = w.checklist_id, fulfilled_automatically = false,
              decided_at = now(), decided_by = $2, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS w(id uuid, disclosure_id uuid, checklist_id uuid)
        WHERE r.id = w.id`,
      [JSON.stringify(rows), actorId(principal)],
    );
    await this.audit.recordMany(
      fulfilled.map(({ request, document }) => ({
        actor: principal,
        organizationId: principal.organizationId,
        action: 'document_request.fulfil',
        target: { type: 'document_request', id: request.id },
        details: { document, ...(followupId ? { followupId } : {}) },
      })),
      manager,
    );
    await this.events.publishMany(
      manager,
      fulfilled.map(({ request, document }) => requestFulfilled(request, document, false)),
    );
  }

  /** Declines open requests (locked by the caller) with one reason; each pharmacy (and its chain) is told. */
  async decline(manager: EntityManager, principal: Principal, requests: RequestFacts[], reason: string, followupId: string | null = null): Promise<void> {
    if (requests.length === 0) return;
    await manager.query(
      `UPDATE document_requests SET status = 'declined', decline_reason = $2, decided_at = now(), decided_by = $3, updated_at = now()
        WHERE id = ANY($1::uuid[])`,
      [requests.map((r) => r.id), reason, actorId(principal)],
    );
    await this.audit.recordMany(
      requests.map((request) => ({
        actor: principal,
        organizationId: principal.organizationId,
        action: 'document_request.decline',
        target: { type: 'document_request', id: request.id },
        details: { reason, ...(followupId ? { followupId } : {}) },
      })),
      manager,
    );
    await this.events.publishMany(
      manager,
      requests.map((request) => requestDeclined(request, reason)),
    );
  }
}
