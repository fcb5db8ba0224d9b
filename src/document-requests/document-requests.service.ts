import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorId, Principal } from '../access/principal';
import { contractVisible, documentRequestVisible, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError, FieldError } from '../common/app-error';
import { todayInJapan } from '../common/fiscal-year';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import { EventsService } from '../events/events.service';
import { FormsService } from '../forms/forms.service';
import { DocumentRequestRow, requestCreated, requestDeclined, RequestFacts, SELECT_REQUEST, toRequestDto } from './document-request-row';
import { CreateDocumentRequestDto, DocumentRequestDto, DocumentRequestQueryDto } from './document-requests.dto';

interface RequestContract {
  id: string;
  kind: string;
  status: string;
  vendor_id: string;
  agent_id: string | null;
  customer_id: string;
  customer_kind: 'pharmacy' | 'medical';
  customer_name: string;
  product_ids: string[];
}

/**
 * Document requests (the portal's "request SDS"): a pharmacy, or its chain for a store, asks the
 * other side of an ACTIVE contract for an MDS, SDS, RM-SDS or the 事業者確認用 checklist of a 年度.
 *
 * Decisions where the issue is silent:
 * - The addressee is the contract's vendor; an RM-SDS request goes to the contract's agent (代理店)
 *   when it has one (the agent performs and discloses the remote maintenance).
 * - MDS/SDS/RM-SDS requests always name a product: the caller names one of the contract's products
 *   when it covers several; with one product it is filled in. Checklist requests name no product
 *   (the checklist covers the whole contract) but need the 年度, which must have a catalogued
 *   事業者確認用 form for the customer (otherwise no checklist could ever fulfil it).
 * - A request may be made even when a matching document exists already (the pharmacy may want a
 *   newer one); the vendor can point at the existing one.
 * - At most one OPEN request per contract, kind, product and 年度 (409 request_already_open);
 *   concurrent creates are serialized by locking the contract row.
 * Fulfilling (by hand or automatically) lives in DocumentRequestFulfilment.
 */
@Injectable()
export class DocumentRequestsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly forms: FormsService,
  ) {}

  async create(principal: Principal, input: CreateDocumentRequestDto): Promise<DocumentRequestDto> {
    if (principal.organizationKind !== 'pharmacy' && principal.organizationKind !== 'chain') {
      throw AppError.forbidden('Pharmacies and their chains request documents from their vendors.', 'customer_required');
    }
    const errors: FieldError[] = [];
    if (input.kind === 'checklist') {
      if (input.fiscalYear === undefined) errors.push({ field: 'fiscalYear', message: 'is required for a checklist request: the 年度 of the checklist' });
      if (input.productId) errors.push({ field: 'productId', message: 'a checklist covers the whole contract: name no product' });
    } else if (input.fiscalYear !== undefined) {
      errors.push({ field: 'fiscalYear', message: 'is only for checklist requests' });
    }
    if (input.dueOn && input.dueOn < todayInJapan()) errors.push({ field: 'dueOn', message: 'must not be in the past' });
    if (errors.length > 0) throw AppError.invalid(errors);

    const contract = await this.visibleContract(principal, input.contractId);
    if (input.pharmacyId && input.pharmacyId.toLowerCase() !== contract.customer_id) throw AppError.invalid([{ field: 'pharmacyId', message: 'is not the customer of this contract' }]);
    if (input.kind === 'checklist' && contract.kind === 'sale_only') {
      throw AppError.unprocessable(
        'checklist_not_required',
        '売買契約のみの契約では事業者確認用チェックリストは不要です (a sale-only contract owes no 事業者確認用 checklist: only maintenance and operation contracts do).',
      );
    }
    if (contract.status !== 'active') throw AppError.conflict('contract_not_active', 'Documents can be requested under an active contract only.');
    const productId = this.productOf(input, contract);
    // Refuses a 年度 for which no 事業者確認用 form exists (422 no_form_for_fiscal_year); read before any lock.
    if (input.kind === 'checklist') await this.forms.vendorChecklistFor(contract.customer_kind, input.fiscalYear as number);
    const addresseeId = input.kind === 'RM-SDS' && contract.agent_id ? contract.agent_id : contract.vendor_id;

    return this.db.transaction(async (manager) => {
      // Serializes creates on this contract, so two simultaneous identical requests cannot both pass the check.
      await manager.query('SELECT 1 FROM contracts WHERE id = $1 FOR NO KEY UPDATE', [contract.id]);
      const [open]: { id: string }[] = await manager.query(
        `SELECT id FROM document_requests
          WHERE contract_id = $1 AND kind = $2 AND product_id IS NOT DISTINCT FROM $3::uuid AND fiscal_year IS NOT DISTINCT FROM $4::int AND status = 'open'`,
        [contract.id, input.kind, productId, input.fiscalYear ?? null],
      );
      if (open) {
        throw new AppError(HttpStatus.CONFLICT, 'request_already_open', 'Conflict', `An open request for this document exists already (${open.id}).`, { existingRequestId: open.id });
      }
      const [row]: (RequestFacts & { due_on: string | null })[] = await manager.query(
        `INSERT INTO document_requests (contract_id, customer_id, addressee_id, requested_by_org, requested_by, kind, product_id, fiscal_year, message, due_on, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open')
         RETURNING id, contract_id, customer_id, addressee_id, kind, product_id, fiscal_year, to_char(due_on, 'YYYY-MM-DD') AS due_on`,
        [contract.id, contract.customer_id, addresseeId, principal.organizationId, actorId(principal), input.kind, productId, input.fiscalYear ?? null, input.message || null, input.dueOn ?? null],
      );
      await this.audit.record(
        {
          actor: principal,
          organizationId: principal.organizationId,
          action: 'document_request.create',
          target: { type: 'document_request', id: row.id },
          details: { contractId: contract.id, kind: input.kind, productId, fiscalYear: input.fiscalYear ?? null, addresseeId, dueOn: row.due_on },
        },
        manager,
      );
      await this.events.publish(manager, requestCreated(row, contract.customer_name));
      return this.find(manager, principal, row.id);
    });
  }

  async list(principal: Principal, query: DocumentRequestQueryDto): Promise<Page<DocumentRequestDto>> {
    const today = todayInJapan();
    const params = new SqlParams();
    const where = [documentRequestVisible(principal, 'r', params)];
    if (query.status) where.push(`r.status = ${params.add(query.status)}`);
    if (query.kind) where.push(`r.kind = ${params.add(query.kind)}`);
    if (query.contractId) where.push(`r.contract_id = ${params.add(query.contractId)}`);
    if (query.customerId) where.push(`r.customer_id = ${params.add(query.customerId)}`);
    if (query.overdue !== undefined) {
      const overdue = `(r.status = 'open' AND r.due_on < ${params.add(today)}::date)`;
      where.push(query.overdue ? overdue : `NOT coalesce(${overdue}, false)`);
    }
    const after = decodeCursor(query.cursor);
    if (after) where.push(`(r.created_at, r.id) > (${params.add(after.createdAt)}, ${params.add(after.id)}::uuid)`);
    const size = pageSize(query);
    const rows: DocumentRequestRow[] = await this.db.query(`${SELECT_REQUEST} WHERE ${where.join(' AND ')} ORDER BY r.created_at, r.id LIMIT ${params.add(size + 1)}`, params.values);
    return toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), (row) => toRequestDto(row, principal, today));
  }

  get(principal: Principal, id: string): Promise<DocumentRequestDto> {
    return this.find(this.db.manager, principal, id);
  }

  /** The addressee declines with a reason; the pharmacy (and its chain) is told. */
  async decline(principal: Principal, id: string, reason: string): Promise<DocumentRequestDto> {
    return this.db.transaction(async (manager) => {
      const request = await lockForAddressee(manager, principal, id);
      const [row]: RequestFacts[] = await manager.query(
        `WITH x AS (
           UPDATE document_requests SET status = 'declined', decline_reason = $2, decided_at = now(), decided_by = $3, updated_at = now()
            WHERE id = $1 RETURNING id, contract_id, customer_id, addressee_id, kind, product_id, fiscal_year)
         SELECT * FROM x`,
        [request.id, reason, actorId(principal)],
      );
      await this.audit.record(
        { actor: principal, organizationId: principal.organizationId, action: 'document_request.decline', target: { type: 'document_request', id }, details: { reason } },
        manager,
      );
      await this.events.publish(manager, requestDeclined(row, reason));
      return this.find(manager, principal, id);
    });
  }

  async find(manager: EntityManager, principal: Principal, id: string): Promise<DocumentRequestDto> {
    const params = new SqlParams([id]);
    const [row]: DocumentRequestRow[] = await manager.query(`${SELECT_REQUEST} WHERE r.id = $1 AND ${documentRequestVisible(principal, 'r', params)}`, params.values);
    if (!row) throw AppError.notFound('document request');
    return toRequestDto(row, principal);
  }

  private async visibleContract(principal: Principal, contractId: string): Promise<RequestContract> {
    const params = new SqlParams([contractId]);
    const [contract]: RequestContract[] = await this.db.query(
      `SELECT c.id, c.kind, c.status, c.vendor_id, c.agent_id, c.customer_id, cu.kind AS customer_kind, cu.name AS customer_name,
              ARRAY(SELECT cp.product_id FROM contract_products cp WHERE cp.contract_id = c.id ORDER BY cp.product_id)::text[] AS product_ids
         FROM contracts c JOIN organizations cu ON cu.id = c.customer_id
        WHERE c.id = $1 AND ${contractVisible(principal, 'c', params)}`,
      params.values,
    );
    if (!contract) throw AppError.notFound('contract');
    return contract;
  }

  /** The product an MDS/SDS/RM-SDS request is for: named, or the contract's only one. */
  private productOf(input: CreateDocumentRequestDto, contract: RequestContract): string | null {
    if (input.kind === 'checklist') return null;
    if (input.productId) {
      const productId = input.productId.toLowerCase();
      if (!contract.product_ids.includes(productId)) throw AppError.invalid([{ field: 'productId', message: 'is not covered by this contract' }]);
      return productId;
    }
    if (contract.product_ids.length === 1) return contract.product_ids[0];
    throw AppError.invalid([{ field: 'productId', message: 'is required: the contract covers several products' }]);
  }
}

/**
 * The request, locked, for its addressee to act on: not visible → 404; the customer side → 403;
 * no longer open → 409.
 */
export async function lockForAddressee(manager: EntityManager, principal: Principal, id: string): Promise<RequestFacts & { status: string }> {
  const params = new SqlParams([id]);
  const [request]: (RequestFacts & { status: string })[] = await manager.query(
    `SELECT r.id, r.contract_id, r.customer_id, r.addressee_id, r.kind, r.product_id, r.fiscal_year, r.status
       FROM document_requests r WHERE r.id = $1 AND ${documentRequestVisible(principal, 'r', params)} FOR UPDATE OF r`,
    params.values,
  );
  if (!request) throw AppError.notFound('document request');
  if (request.addressee_id !== principal.organizationId) {
    throw AppError.forbidden('Only the organization asked fulfils or declines a document request.', 'addressee_only');
  }
  if (request.status !== 'open') throw AppError.conflict('request_not_open', `The request is already ${request.status}.`);
  return request;
}
