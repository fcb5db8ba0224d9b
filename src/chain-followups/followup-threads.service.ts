import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { checklistVisible, disclosureVisible, disclosureVisibleToFacility, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError, FieldError } from '../common/app-error';
import { fiscalYearLabel } from '../common/fiscal-year';
import { RiskThreadDocuments, ThreadDocument } from '../risk-threads/risk-thread-documents.service';
import { assertNotPast } from '../risk-threads/risk-thread-rules';
import { RiskThreadsService } from '../risk-threads/risk-threads.service';
import type { CreateFollowupDto, FollowupThreadInputDto } from './chain-followups.dto';
import { CoveredStore, loadCoverage, noStoreQualifies, Skip, StoredFollowup } from './followup-coverage';
import { insertFollowup } from './followup-requests.service';

type StoreDocument = ThreadDocument & { customerId: string };

/**
 * A chain-wide risk thread: one thread per covered store on the same item, each the store's own
 * (its own status, resolution and history), tied together by `followup_id`.
 *
 * Decisions where the issue is silent:
 * - Disclosures: `documentId` names a disclosure the chain can see, written by the organization
 *   asked (the party that answers threads: the vendor, or the agent of an RM-SDS); every covered
 *   store it reaches gets a thread on it, with the same snapshot of the answer.
 * - Checklists: a 事業者確認用 checklist belongs to one contract, so `documentId` names one the
 *   chain can see (any store's) and sets the 年度; each covered store's thread is opened on the
 *   latest submitted checklist of its own contract(s) with the vendor for that 年度, with that
 *   store's own answer in the snapshot (one thread per contract).
 * - Per store, what would be an error for one thread is a skip with its reason: not reached by
 *   the disclosure, no submitted checklist, item not answered there, a thread on that item open
 *   already. The item not answered in the named disclosure is the caller's error (400).
 * - Threads are opened in one transaction by the same code as POST /v1/risk-threads: one
 *   `risk_thread.opened` event and one audit row per store.
 */
@Injectable()
export class FollowupThreads {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly documents: RiskThreadDocuments,
    private readonly threads: RiskThreadsService,
    private readonly audit: AuditService,
  ) {}

  async create(principal: Principal, input: CreateFollowupDto): Promise<string> {
    const ask = input.thread as FollowupThreadInputDto;
    if (input.request !== undefined) throw AppError.invalid([{ field: 'request', message: 'is only for document_request follow-ups' }]);
    if (ask.dueOn !== undefined) await prefixed(() => assertNotPast([{ field: 'dueOn', value: ask.dueOn as string }]));
    const vendorId = input.vendorId.toLowerCase();
    const storeIds = input.storeIds?.map((id) => id.toLowerCase()) ?? null;
    const documentId = ask.documentId.toLowerCase();

    const { stores, skipped } = await loadCoverage(this.db, principal, vendorId, storeIds);
    const { documents, fiscalYear } =
      ask.documentType === 'disclosure'
        ? { ...(await this.disclosurePlan(principal, stores, vendorId, documentId, ask.itemId, skipped)), fiscalYear: null }
        : await this.checklistPlan(principal, stores, vendorId, documentId, ask.itemId, skipped);
    if (documents.length === 0) throw noStoreQualifies(skipped);
    const first = documents[0].snapshot;
    const stored: StoredFollowup = {
      storeIds,
      thread: {
        documentType: ask.documentType,
        documentId,
        itemId: ask.itemId,
        message: ask.message,
        dueOn: ask.dueOn ?? null,
        documentLabel: fiscalYear === null ? first.documentLabel : `${fiscalYearLabel(fiscalYear)} 事業者確認用チェックリスト`,
        itemText: first.itemText,
        fiscalYear,
      },
      skipped,
    };
    const label = await this.threads.actorLabel(principal);

    return this.db.transaction(async (manager) => {
      const id = await insertFollowup(manager, principal, vendorId, 'risk_thread', stored);
      const opened: string[] = [];
      let alreadyOpen = 0;
      for (const document of documents) {
        const input = { documentType: ask.documentType, documentId: (document.disclosureId ?? document.checklistId) as string, itemId: ask.itemId, message: ask.message, dueOn: ask.dueOn };
        const thread = await this.threads.openIn(manager, principal, label, document, input, id);
        if (!thread.alreadyOpen) {
          opened.push(thread.id);
          continue;
        }
        alreadyOpen++;
        skipped.push({ storeId: document.customerId, contractId: document.snapshot.contractId ?? null, reason: 'thread_already_open', existingId: thread.id });
      }
      if (opened.length === 0) throw noStoreQualifies(skipped);
      if (alreadyOpen > 0) await manager.query('UPDATE chain_followups SET request = $2 WHERE id = $1', [id, JSON.stringify(stored)]);
      await this.audit.record(
        {
          actor: principal,
          organizationId: principal.organizationId,
          action: 'chain_followup.create',
          target: { type: 'chain_followup', id },
          details: { kind: 'risk_thread', vendorId, documentType: ask.documentType, documentId, itemId: ask.itemId, threadIds: opened, skipped: skipped.map((s) => ({ storeId: s.storeId, reason: s.reason })) },
        },
        manager,
      );
      return id;
    });
  }

  /** The named disclosure (404 unless the chain sees it; 422 unless the organization asked wrote it), per store reached. */
  private async disclosurePlan(principal: Principal, stores: CoveredStore[], vendorId: string, documentId: string, itemId: string, skipped: Skip[]): Promise<{ documents: StoreDocument[] }> {
    const params = new SqlParams([documentId, stores.map((store) => store.id)]);
    const rows: { author_id: string; store_id: string | null; reaches: boolean | null }[] = await this.db.query(
      `SELECT d.author_id, s.id AS store_id, ${disclosureVisibleToFacility('d', 's.id')} AS reaches
         FROM disclosures d LEFT JOIN unnest($2::uuid[]) AS s(id) ON true
        WHERE d.id = $1 AND ${disclosureVisible(principal, 'd', params)}`,
      params.values,
    );
    if (rows.length === 0) throw AppError.notFound('disclosure');
    assertFromVendor(rows[0].author_id, vendorId);
    const reached = new Set(rows.filter((row) => row.reaches).map((row) => row.store_id));
    const documents: StoreDocument[] = [];
    let found: StoreDocument | undefined;
    for (const store of stores) {
      if (!reached.has(store.id)) {
        skipped.push({ storeId: store.id, contractId: null, reason: 'document_not_visible', existingId: null });
        continue;
      }
      // One snapshot (the item is answered once in the disclosure); 400 thread.itemId when it is not answered.
      found ??= await prefixed(() => this.documents.find(principal, store.id, 'disclosure', documentId, itemId));
      documents.push({ ...found, customerId: store.id });
    }
    return { documents };
  }

  /** The named checklist sets the 年度; each covered contract's latest submitted checklist of that 年度 gets the thread. */
  private async checklistPlan(
    principal: Principal,
    stores: CoveredStore[],
    vendorId: string,
    documentId: string,
    itemId: string,
    skipped: Skip[],
  ): Promise<{ documents: StoreDocument[]; fiscalYear: number }> {
    const params = new SqlParams([documentId]);
    const [named]: { fiscal_year: number; vendor_id: string }[] = await this.db.query(
      `SELECT vc.fiscal_year, c.vendor_id FROM vendor_checklists vc JOIN contracts c ON c.id = vc.contract_id
        WHERE vc.id = $1 AND ${checklistVisible(principal, 'vc', 'c', params)}`,
      params.values,
    );
    if (!named) throw AppError.notFound('checklist');
    assertFromVendor(named.vendor_id, vendorId);
    const contracts = stores.flatMap((store) => store.contracts.filter((contract) => contract.vendor_id === vendorId));
    const latest: { contract_id: string; id: string }[] = await this.db.query(
      `SELECT DISTINCT ON (vc.contract_id) vc.contract_id, vc.id FROM vendor_checklists vc
        WHERE vc.contract_id = ANY($1::uuid[]) AND vc.fiscal_year = $2 AND vc.status = 'submitted'
        ORDER BY vc.contract_id, vc.revision DESC`,
      [contracts.map((contract) => contract.id), named.fiscal_year],
    );
    const checklistOf = new Map(latest.map((row) => [row.contract_id, row.id]));
    const documents: StoreDocument[] = [];
    for (const store of stores) {
      const issues: Skip[] = [];
      const before = documents.length;
      for (const contract of store.contracts) {
        const checklistId = checklistOf.get(contract.id);
        const skip = (reason: Skip['reason']) => issues.push({ storeId: store.id, contractId: contract.id, reason, existingId: null });
        if (contract.vendor_id !== vendorId) skip('other_addressee');
        else if (contract.kind === 'sale_only') skip('checklist_not_required');
        else if (!checklistId) skip('no_submitted_checklist');
        else {
          const document = await this.documents.find(principal, store.id, 'checklist', checklistId, itemId).catch((error: unknown) => {
            if (error instanceof AppError && error.code === 'validation_failed') return null;
            throw error;
          });
          if (document) documents.push(document);
          else skip('item_not_answered');
        }
      }
      if (documents.length === before) skipped.push(issues[0]);
    }
    return { documents, fiscalYear: named.fiscal_year };
  }
}

function assertFromVendor(answeringParty: string, vendorId: string): void {
  if (answeringParty !== vendorId) {
    throw AppError.unprocessable('document_not_from_vendor', 'The document is not answered by the organization asked (vendorId): address the follow-up to its author.');
  }
}

/** Field errors of the thread's own rules, named as the follow-up's fields (thread.itemId, thread.dueOn). */
async function prefixed<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') {
      const errors = (error.extensions.errors as FieldError[]).map((e) => ({ field: `thread.${e.field}`, message: e.message }));
      throw AppError.invalid(errors, error.detail);
    }
    throw error;
  }
}
