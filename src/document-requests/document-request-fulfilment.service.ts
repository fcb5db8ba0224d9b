import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { disclosureVisibleToFacility } from '../access/visibility';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { DomainEvent, EventsService } from '../events/events.service';
import { requestFulfilled, RequestFacts } from './document-request-row';
import { matchingChecklist, matchingDisclosure } from './document-request-matching';
import { DocumentRequestWriter } from './document-request-writer.service';
import { DocumentRequestsService, lockForAddressee } from './document-requests.service';
import { DocumentRequestDto, FulfilDocumentRequestDto } from './document-requests.dto';

type PublishedEvent = DomainEvent & { id: string };
type FulfilledRow = RequestFacts & { document_type: 'disclosure' | 'checklist'; document_id: string };

const RETURNING = 'r.id, r.contract_id, r.customer_id, r.addressee_id, r.kind, r.product_id, r.fiscal_year';

/**
 * Fulfilling document requests.
 *
 * By hand: the addressee points at a document that must match the request — a PUBLISHED
 * disclosure of the request's kind (and product), written by the addressee and reaching the
 * requesting customer; or a SUBMITTED checklist (any submitted revision) of the request's contract
 * and 年度. Each mismatch answers 422 with its own code.
 *
 * Automatically: a matching publication fulfils the open requests it answers, inside the
 * publishing transaction (EventsService handlers), with set-based statements — a bulk checklist
 * submission of 1,000 contracts costs a few statements, one audit row per addressee and one
 * `document_request.fulfilled` event per request. Those events have no handler here, so
 * publishing them cannot recurse; a future handler of `document_request.fulfilled` must not
 * publish `disclosure.published` or `checklist.submitted` in turn.
 */
@Injectable()
export class DocumentRequestFulfilment implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly requests: DocumentRequestsService,
    private readonly writer: DocumentRequestWriter,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('disclosure.published', (manager, events) => this.onDisclosuresPublished(manager, events));
    this.events.subscribe('checklist.submitted', (manager, events) => this.onChecklistsSubmitted(manager, events));
  }

  async fulfil(principal: Principal, id: string, input: FulfilDocumentRequestDto): Promise<DocumentRequestDto> {
    if (Boolean(input.disclosureId) === Boolean(input.checklistId)) {
      throw AppError.invalid([{ field: input.disclosureId ? 'checklistId' : 'disclosureId', message: 'give either disclosureId or checklistId, not both or neither' }]);
    }
    return this.db.transaction(async (manager) => {
      const request = await lockForAddressee(manager, principal, id);
      const document = input.disclosureId
        ? await matchingDisclosure(manager, request, input.disclosureId.toLowerCase())
        : await matchingChecklist(manager, request, (input.checklistId as string).toLowerCase());
      await this.writer.fulfil(manager, principal, [{ request, document }]);
      return this.requests.find(manager, principal, id);
    });
  }

  /**
   * Open requests answered by the published disclosures: addressed to the disclosure's author,
   * of its kind, for its product (or for no product, when the request's contract covers it), from
   * a customer the disclosure reaches. Should several disclosures of one publication match a
   * request, the latest published wins.
   */
  private async onDisclosuresPublished(manager: EntityManager, events: PublishedEvent[]): Promise<void> {
    const fulfilled: FulfilledRow[] = await manager.query(
      `WITH matched AS (
         SELECT DISTINCT ON (r.id) r.id AS request_id, d.id AS disclosure_id
           FROM disclosures d
           JOIN document_requests r ON r.addressee_id = d.author_id AND r.kind = d.kind AND r.status = 'open'
          WHERE d.id = ANY($1::uuid[]) AND d.status = 'published'
            AND (r.product_id = d.product_id
                 OR (r.product_id IS NULL AND EXISTS (SELECT 1 FROM contract_products cp WHERE cp.contract_id = r.contract_id AND cp.product_id = d.product_id)))
            AND ${disclosureVisibleToFacility('d', 'r.customer_id')}
          ORDER BY r.id, d.published_at DESC, d.id
       ), updated AS (
         UPDATE document_requests r
            SET status = 'fulfilled', fulfilled_disclosure_id = m.disclosure_id, fulfilled_automatically = true, decided_at = now(), decided_by = NULL, updated_at = now()
           FROM matched m WHERE r.id = m.request_id AND r.status = 'open'
         RETURNING ${RETURNING}, 'disclosure' AS document_type, m.disclosure_id AS document_id
       )
       SELECT * FROM updated`,
      [events.map((e) => e.subject.id)],
    );
    await this.recordAutomatic(manager, fulfilled);
  }

  /** Open checklist requests of the submitted checklists' contracts and 年度. */
  private async onChecklistsSubmitted(manager: EntityManager, events: PublishedEvent[]): Promise<void> {
    const submitted = events.map((e) => ({ checklist_id: e.subject.id, contract_id: e.payload.contractId, fiscal_year: e.payload.fiscalYear }));
    const fulfilled: FulfilledRow[] = await manager.query(
      `WITH submitted AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS s(checklist_id uuid, contract_id uuid, fiscal_year int)
       ), updated AS (
         UPDATE document_requests r
            SET status = 'fulfilled', fulfilled_checklist_id = s.checklist_id, fulfilled_automatically = true, decided_at = now(), decided_by = NULL, updated_at = now()
           FROM submitted s
          WHERE r.contract_id = s.contract_id AND r.fiscal_year = s.fiscal_year AND r.kind = 'checklist' AND r.status = 'open'
         RETURNING ${RETURNING}, 'checklist' AS document_type, s.checklist_id AS document_id
       )
       SELECT * FROM updated`,
      [JSON.stringify(submitted)],
    );
    await this.recordAutomatic(manager, fulfilled);
  }

  /** One audit row per addressee naming every request fulfilled, and one event per request. */
  private async recordAutomatic(manager: EntityManager, fulfilled: FulfilledRow[]): Promise<void> {
    if (fulfilled.length === 0) return;
    const byAddressee = new Map<string, FulfilledRow[]>();
    for (const row of fulfilled) byAddressee.set(row.addressee_id, [...(byAddressee.get(row.addressee_id) ?? []), row]);
    const entries: AuditEntry[] = [...byAddressee].map(([addresseeId, rows]) => ({
      actor: { type: 'system', label: 'document-requests: fulfilled by a publication' },
      organizationId: addresseeId,
      action: 'document_request.auto_fulfil',
      target: rows.length === 1 ? { type: 'document_request', id: rows[0].id } : undefined,
      details: { requests: rows.map((row) => ({ requestId: row.id, document: { type: row.document_type, id: row.document_id } })) },
    }));
    await this.audit.recordMany(entries, manager);
    await this.events.publishMany(
      manager,
      fulfilled.map((row) => requestFulfilled(row, { type: row.document_type, id: row.document_id }, true)),
    );
  }
}
