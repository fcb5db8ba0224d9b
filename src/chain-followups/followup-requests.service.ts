import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorId, Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { isRequestIssue, requestFieldErrors, requestTarget } from '../document-requests/document-request-rules';
import { DocumentRequestWriter, NewRequest } from '../document-requests/document-request-writer.service';
import { FormsService } from '../forms/forms.service';
import type { CreateFollowupDto, FollowupRequestInputDto } from './chain-followups.dto';
import { CoveredStore, loadCoverage, noStoreQualifies, Skip, StoredFollowup } from './followup-coverage';

/**
 * A chain-wide document request: one request per covered store, each under that store's own
 * contract and with its own status, tied together by `followup_id`.
 *
 * Decisions where the issue is silent:
 * - The rules are those of POST /v1/document-requests (document-request-rules.ts), applied per
 *   store; what would be an error for one request is a per-store skip here (sale-only contract
 *   for a checklist, product not covered, several products and none named, request already open),
 *   reported with its reason. Field errors (年度 on an SDS, 期限 in the past…) are the caller's and
 *   answer 400 with nothing written; no store qualifying answers 422 with nothing written.
 * - The follow-up is addressed to ONE organization, the one that answers: the vendor, or for an
 *   RM-SDS the agent (代理店) of the stores whose contracts have one. A store whose request would go
 *   to someone else is skipped (`other_addressee`), so the addressee can answer the whole follow-up.
 * - MDS/SDS/RM-SDS: one request per store, under its oldest qualifying contract with the vendor
 *   (the product's document is the same whichever contract). Checklists are owed per contract, so
 *   a store with several maintenance/operation contracts with the vendor gets one request per contract.
 * - All requests are written in one transaction (set-based, the same writer as the single-request
 *   route: one audit row and one `document_request.created` event per store).
 */
@Injectable()
export class FollowupRequests {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly writer: DocumentRequestWriter,
    private readonly forms: FormsService,
    private readonly audit: AuditService,
  ) {}

  async create(principal: Principal, input: CreateFollowupDto): Promise<string> {
    const ask = input.request as FollowupRequestInputDto;
    const errors = requestFieldErrors(ask).map((error) => ({ field: `request.${error.field}`, message: error.message }));
    if (input.thread !== undefined) errors.push({ field: 'thread', message: 'is only for risk_thread follow-ups' });
    if (errors.length > 0) throw AppError.invalid(errors);
    const vendorId = input.vendorId.toLowerCase();
    const storeIds = input.storeIds?.map((id) => id.toLowerCase()) ?? null;

    const { stores, skipped } = await loadCoverage(this.db, principal, vendorId, storeIds);
    const planned = plan(stores, ask, vendorId, skipped);
    if (planned.length === 0) throw noStoreQualifies(skipped);
    // 422 no_form_for_fiscal_year when no 事業者確認用 form exists for that 年度 (stores are pharmacies); read before any lock.
    if (ask.kind === 'checklist') await this.forms.vendorChecklistFor('pharmacy', ask.fiscalYear as number);
    const storeOf = new Map(stores.flatMap((store) => store.contracts.map((contract) => [contract.id, store.id] as const)));
    const stored: StoredFollowup = {
      storeIds,
      request: { kind: ask.kind, productId: ask.productId?.toLowerCase() ?? null, fiscalYear: ask.fiscalYear ?? null, message: ask.message || null, dueOn: ask.dueOn ?? null },
      skipped,
    };

    return this.db.transaction(async (manager) => {
      const id = await insertFollowup(manager, principal, vendorId, 'document_request', stored);
      const { created, alreadyOpen } = await this.writer.insert(manager, principal, planned, id);
      for (const open of alreadyOpen) {
        skipped.push({ storeId: storeOf.get(open.contractId) as string, contractId: open.contractId, reason: 'request_already_open', existingId: open.requestId });
      }
      if (created.length === 0) throw noStoreQualifies(skipped);
      if (alreadyOpen.length > 0) await manager.query('UPDATE chain_followups SET request = $2 WHERE id = $1', [id, JSON.stringify(stored)]);
      await this.audit.record(
        {
          actor: principal,
          organizationId: principal.organizationId,
          action: 'chain_followup.create',
          target: { type: 'chain_followup', id },
          details: { kind: 'document_request', vendorId, requestKind: ask.kind, requestIds: created.map((r) => r.id), skipped: skipped.map((s) => ({ storeId: s.storeId, reason: s.reason })) },
        },
        manager,
      );
      return id;
    });
  }
}

/** Per store: the requests to write, or (when none) why not — the first issue of its contracts. */
function plan(stores: CoveredStore[], ask: FollowupRequestInputDto, vendorId: string, skipped: Skip[]): NewRequest[] {
  const planned: NewRequest[] = [];
  for (const store of stores) {
    const issues: Skip[] = [];
    const candidates: NewRequest[] = [];
    for (const contract of store.contracts) {
      const target = requestTarget(contract, ask);
      if (isRequestIssue(target)) {
        issues.push({ storeId: store.id, contractId: contract.id, reason: target.code, existingId: null });
      } else if (target.addresseeId !== vendorId) {
        issues.push({ storeId: store.id, contractId: contract.id, reason: 'other_addressee', existingId: null });
      } else {
        candidates.push({ contract, target, kind: ask.kind, fiscalYear: ask.fiscalYear ?? null, message: ask.message || null, dueOn: ask.dueOn ?? null });
      }
    }
    const chosen = ask.kind === 'checklist' ? candidates : candidates.slice(0, 1);
    if (chosen.length === 0) skipped.push(issues[0]);
    planned.push(...chosen);
  }
  return planned;
}

/** The follow-up row, first: the requests and threads refer to it. */
export async function insertFollowup(manager: EntityManager, principal: Principal, vendorId: string, kind: 'document_request' | 'risk_thread', stored: StoredFollowup): Promise<string> {
  const [row]: { id: string }[] = await manager.query(
    'INSERT INTO chain_followups (chain_id, vendor_id, kind, request, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [principal.organizationId, vendorId, kind, JSON.stringify(stored), actorId(principal)],
  );
  return row.id;
}
