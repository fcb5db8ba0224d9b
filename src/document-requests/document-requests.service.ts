import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { contractVisible, documentRequestVisible, SqlParams } from '../access/visibility';
import { AppError } from '../common/app-error';
import { todayInJapan } from '../common/fiscal-year';
import { Page, pageSize, toPage } from '../common/pagination';
import { listOrder } from '../sync/list-order';
import { FormsService } from '../forms/forms.service';
import { DocumentRequestRow, RequestFacts, SELECT_REQUEST, toRequestDto } from './document-request-row';
import { isRequestIssue, RequestContract, RequestIssue, requestFieldErrors, requestTarget } from './document-request-rules';
import { DocumentRequestWriter } from './document-request-writer.service';
import { CreateDocumentRequestDto, DocumentRequestDto, DocumentRequestQueryDto } from './document-requests.dto';

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
 * The rules live in document-request-rules.ts and the writes in DocumentRequestWriter, which
 * chain-wide follow-ups (src/chain-followups) share. Fulfilling (by hand or automatically) lives in DocumentRequestFulfilment.
 */
@Injectable()
export class DocumentRequestsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly writer: DocumentRequestWriter,
    private readonly forms: FormsService,
  ) {}

  async create(principal: Principal, input: CreateDocumentRequestDto): Promise<DocumentRequestDto> {
    if (principal.organizationKind !== 'pharmacy' && principal.organizationKind !== 'chain') {
      throw AppError.forbidden('Pharmacies and their chains request documents from their vendors.', 'customer_required');
    }
    const errors = requestFieldErrors(input);
    if (errors.length > 0) throw AppError.invalid(errors);

    const contract = await this.visibleContract(principal, input.contractId);
    if (input.pharmacyId && input.pharmacyId.toLowerCase() !== contract.customer_id) throw AppError.invalid([{ field: 'pharmacyId', message: 'is not the customer of this contract' }]);
    const target = requestTarget(contract, input);
    if (isRequestIssue(target)) throw issueProblem(target);
    // Refuses a 年度 for which no 事業者確認用 form exists (422 no_form_for_fiscal_year); read before any lock.
    if (input.kind === 'checklist') await this.forms.vendorChecklistFor(contract.customer_kind, input.fiscalYear as number);

    return this.db.transaction(async (manager) => {
      const { created, alreadyOpen } = await this.writer.insert(manager, principal, [
        { contract, target, kind: input.kind, fiscalYear: input.fiscalYear ?? null, message: input.message || null, dueOn: input.dueOn ?? null },
      ]);
      if (alreadyOpen.length > 0) {
        const existing = alreadyOpen[0].requestId;
        throw new AppError(HttpStatus.CONFLICT, 'request_already_open', 'Conflict', `An open request for this document exists already (${existing}).`, { existingRequestId: existing });
      }
      return this.find(manager, principal, created[0].id);
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
    const order = listOrder(query, 'r', params);
    where.push(...order.where);
    const size = pageSize(query);
    const rows: DocumentRequestRow[] = await this.db.query(`${SELECT_REQUEST} WHERE ${where.join(' AND ')} ORDER BY ${order.orderBy} LIMIT ${params.add(size + 1)}`, params.values);
    return toPage(rows, size, order.keyOf, (row) => toRequestDto(row, principal, today));
  }

  get(principal: Principal, id: string): Promise<DocumentRequestDto> {
    return this.find(this.db.manager, principal, id);
  }

  /** The addressee declines with a reason; the pharmacy (and its chain) is told. */
  async decline(principal: Principal, id: string, reason: string): Promise<DocumentRequestDto> {
    return this.db.transaction(async (manager) => {
      const request = await lockForAddressee(manager, principal, id);
      await this.writer.decline(manager, principal, [request], reason);
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
      `SELECT c.id, c.kind, c.status, to_char(c.ends_on, 'YYYY-MM-DD') AS ends_on, c.vendor_id, c.agent_id, c.customer_id, cu.kind AS customer_kind, cu.name AS customer_name,
              ARRAY(SELECT cp.product_id FROM contract_products cp WHERE cp.contract_id = c.id ORDER BY cp.product_id)::text[] AS product_ids
         FROM contracts c JOIN organizations cu ON cu.id = c.customer_id
        WHERE c.id = $1 AND ${contractVisible(principal, 'c', params)}`,
      params.values,
    );
    if (!contract) throw AppError.notFound('contract');
    return contract;
  }
}

/** The problem the single-request route answers for each reason a contract cannot take the request. */
function issueProblem(issue: RequestIssue): AppError {
  switch (issue.code) {
    case 'checklist_not_required':
      return AppError.unprocessable(issue.code, issue.detail);
    case 'contract_not_active':
    case 'contract_ended':
      return AppError.conflict(issue.code, issue.detail);
    case 'product_not_covered':
    case 'product_required':
      return AppError.invalid([{ field: 'productId', message: issue.detail }]);
  }
}

/**
 * The request, locked, for its addressee to act on: not visible → 404; the customer side → 403;
 * no longer open → 409.
 */
export async function lockForAddressee(manager: EntityManager, principal: Principal, id: string): Promise<RequestFacts & { status: string }> {
  const request = await requestForAddressee(manager, principal, id, 'FOR UPDATE OF r');
  if (request.status !== 'open') throw AppError.conflict('request_not_open', `The request is already ${request.status}.`);
  return request;
}

/** The request for its addressee to act on or look into, whatever its status: not visible → 404; the customer side → 403. */
export async function requestForAddressee(manager: EntityManager, principal: Principal, id: string, lock = ''): Promise<RequestFacts & { status: string }> {
  const params = new SqlParams([id]);
  const [request]: (RequestFacts & { status: string })[] = await manager.query(
    `SELECT r.id, r.contract_id, r.customer_id, r.addressee_id, r.kind, r.product_id, r.fiscal_year, r.status
       FROM document_requests r WHERE r.id = $1 AND ${documentRequestVisible(principal, 'r', params)} ${lock}`,
    params.values,
  );
  if (!request) throw AppError.notFound('document request');
  if (request.addressee_id !== principal.organizationId) {
    throw AppError.forbidden('Only the organization asked fulfils or declines a document request.', 'addressee_only');
  }
  return request;
}
