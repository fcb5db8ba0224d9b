import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { chainFollowupVisible, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { matchingChecklist, matchingDisclosure } from '../document-requests/document-request-matching';
import type { RequestFacts } from '../document-requests/document-request-row';
import { DocumentRequestWriter, FulfilledDocument } from '../document-requests/document-request-writer.service';
import { LOCKED_THREAD_COLUMNS, LockedThread } from '../risk-threads/risk-thread-writes';
import { RiskThreadsService } from '../risk-threads/risk-threads.service';
import type { FollowupKind, FulfilFollowupDto } from './chain-followups.dto';
import type { StoredFollowup } from './followup-coverage';
import { FollowupReader } from './followup-reader.service';
import type { FollowupAnswerDto, FollowupNotAppliedDto } from './followup-views.dto';

interface LockedFollowup {
  id: string;
  kind: FollowupKind;
  vendor_id: string;
  request: StoredFollowup;
}

interface StoreColumns {
  store_name: string;
  pharmacy_code: string | null;
}

/**
 * The organization asked answers a follow-up ONCE, and the answer reaches every covered store's
 * own request or thread (one event and one audit row per store, as if answered one by one):
 *
 * - fulfil (MDS/SDS/RM-SDS): one published disclosure fulfils every open request of the
 *   follow-up it matches under the single-request rules (kind, product, reaching that store);
 *   requests it does not match stay open and are listed in `notApplied` with the rule's code.
 * - fulfil (checklist): a checklist is per contract, so no document is named: each open request
 *   is fulfilled with the latest submitted checklist of its own contract and 年度; stores whose
 *   checklist is not submitted yet stay open (their request is fulfilled automatically when it
 *   is, as for any checklist request) and the follow-up shows the progress.
 * - decline: every open request, with one reason. Threads are not declined: they are answered.
 * - messages: the message is written to every thread of the follow-up that is not resolved (each
 *   moves to 薬局確認待ち on its own); resolved threads are left alone and listed in `notApplied`.
 * Nothing open any more answers 409 followup_not_open; nothing matching 422 (nothing written).
 * Only the addressee answers: the chain sees its follow-up but gets 403 addressee_only here.
 */
@Injectable()
export class FollowupAnswers {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly writer: DocumentRequestWriter,
    private readonly threads: RiskThreadsService,
    private readonly reader: FollowupReader,
    private readonly audit: AuditService,
  ) {}

  async fulfil(principal: Principal, id: string, input: FulfilFollowupDto): Promise<FollowupAnswerDto> {
    const result = await this.db.transaction(async (manager) => {
      const followup = await lockFollowup(manager, principal, id, 'document_request');
      const kind = followup.request.request?.kind;
      if (kind === 'checklist' && input.disclosureId) {
        throw AppError.unprocessable('document_kind_mismatch', "A checklist follow-up is fulfilled with each store's own submitted checklist: send no disclosureId.");
      }
      if (kind !== 'checklist' && !input.disclosureId) throw AppError.invalid([{ field: 'disclosureId', message: `is required: the published ${kind} that answers the follow-up` }]);
      const requests = await lockOpenRequests(manager, followup);
      const matched: { request: RequestFacts; document: FulfilledDocument }[] = [];
      const notApplied: FollowupNotAppliedDto[] = [];
      const checklistOf = kind === 'checklist' ? await latestChecklists(manager, requests) : new Map<string, string>();
      for (const request of requests) {
        try {
          const checklistId = checklistOf.get(request.contract_id);
          if (kind !== 'checklist') matched.push({ request, document: await matchingDisclosure(manager, request, (input.disclosureId as string).toLowerCase()) });
          else if (checklistId) matched.push({ request, document: await matchingChecklist(manager, request, checklistId) });
          else throw AppError.unprocessable('checklist_not_submitted', 'この店舗の契約の事業者確認用チェックリストはまだ提出されていません (the checklist of this contract and 年度 is not submitted yet).');
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          notApplied.push(notAppliedOf(request, error));
        }
      }
      if (matched.length === 0) throw nothingApplied(notApplied);
      await this.writer.fulfil(manager, principal, matched, followup.id);
      const applied = matched.map((m) => m.request.id);
      await this.record(manager, principal, followup.id, 'chain_followup.fulfil', { disclosureId: input.disclosureId?.toLowerCase() ?? null, requestIds: applied, notApplied });
      return { applied, notApplied };
    });
    return { followup: await this.reader.get(principal, id), ...result };
  }

  async decline(principal: Principal, id: string, reason: string): Promise<FollowupAnswerDto> {
    const result = await this.db.transaction(async (manager) => {
      const followup = await lockFollowup(manager, principal, id, 'document_request');
      const requests = await lockOpenRequests(manager, followup);
      await this.writer.decline(manager, principal, requests, reason, followup.id);
      const applied = requests.map((r) => r.id);
      await this.record(manager, principal, followup.id, 'chain_followup.decline', { reason, requestIds: applied });
      return { applied, notApplied: [] };
    });
    return { followup: await this.reader.get(principal, id), ...result };
  }

  async message(principal: Principal, id: string, body: string): Promise<FollowupAnswerDto> {
    const label = await this.threads.actorLabel(principal);
    const result = await this.db.transaction(async (manager) => {
      const followup = await lockFollowup(manager, principal, id, 'risk_thread');
      const threads: (LockedThread & StoreColumns)[] = await manager.query(
        `SELECT ${LOCKED_THREAD_COLUMNS}, s.name AS store_name, s.pharmacy_code
           FROM risk_threads t JOIN organizations s ON s.id = t.customer_id
          WHERE t.followup_id = $1 AND t.vendor_id = $2 ORDER BY t.id FOR UPDATE OF t`,
        [followup.id, followup.vendor_id],
      );
      const open = threads.filter((thread) => thread.status !== 'resolved');
      if (open.length === 0) throw AppError.conflict('followup_not_open', "Every store's thread is resolved: nothing is waiting for an answer.");
      const messageIds: string[] = [];
      for (const thread of open) messageIds.push(await this.threads.postMessage(manager, principal, label, thread, body, followup.id));
      const notApplied = threads
        .filter((thread) => thread.status === 'resolved')
        .map((thread) => ({ id: thread.id, store: storeOf(thread.customer_id, thread), code: 'thread_resolved', detail: 'この店舗の問い合わせは解決済みです (the store resolved its thread).' }));
      const applied = open.map((thread) => thread.id);
      await this.record(manager, principal, followup.id, 'chain_followup.message', { threadIds: applied, messageIds });
      return { applied, notApplied };
    });
    return { followup: await this.reader.get(principal, id), ...result };
  }

  private record(manager: EntityManager, principal: Principal, id: string, action: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.record({ actor: principal, organizationId: principal.organizationId, action, target: { type: 'chain_followup', id }, details }, manager);
  }
}

/** The follow-up, locked, for the organization asked: not visible → 404; the chain → 403; another kind → 422. */
async function lockFollowup(manager: EntityManager, principal: Principal, id: string, kind: FollowupKind): Promise<LockedFollowup> {
  const params = new SqlParams([id]);
  const [followup]: LockedFollowup[] = await manager.query(
    `SELECT cf.id, cf.kind, cf.vendor_id, cf.request FROM chain_followups cf WHERE cf.id = $1 AND ${chainFollowupVisible(principal, 'cf', params)} FOR NO KEY UPDATE`,
    params.values,
  );
  if (!followup) throw AppError.notFound('follow-up');
  if (followup.vendor_id !== principal.organizationId) throw AppError.forbidden('Only the organization asked answers a follow-up.', 'addressee_only');
  if (followup.kind !== kind) {
    throw kind === 'document_request'
      ? AppError.unprocessable('not_a_request_followup', 'This follow-up is a risk thread: answer it with a message (POST /v1/followups/{id}/messages).')
      : AppError.unprocessable('not_a_thread_followup', 'This follow-up is a document request: fulfil or decline it.');
  }
  return followup;
}

async function lockOpenRequests(manager: EntityManager, followup: LockedFollowup): Promise<(RequestFacts & StoreColumns)[]> {
  const requests: (RequestFacts & StoreColumns)[] = await manager.query(
    `SELECT r.id, r.contract_id, r.customer_id, r.addressee_id, r.kind, r.product_id, r.fiscal_year, s.name AS store_name, s.pharmacy_code
       FROM document_requests r JOIN organizations s ON s.id = r.customer_id
      WHERE r.followup_id = $1 AND r.addressee_id = $2 AND r.status = 'open' ORDER BY r.id FOR UPDATE OF r`,
    [followup.id, followup.vendor_id],
  );
  if (requests.length === 0) throw AppError.conflict('followup_not_open', "Every store's request is fulfilled or declined already.");
  return requests;
}

/** Per contract, the latest submitted checklist of the requests' 年度. */
async function latestChecklists(manager: EntityManager, requests: RequestFacts[]): Promise<Map<string, string>> {
  const rows: { contract_id: string; id: string }[] = await manager.query(
    `SELECT DISTINCT ON (vc.contract_id) vc.contract_id, vc.id
       FROM vendor_checklists vc JOIN jsonb_to_recordset($1::jsonb) AS w(contract_id uuid, fiscal_year int) ON w.contract_id = vc.contract_id AND w.fiscal_year = vc.fiscal_year
      WHERE vc.status = 'submitted' ORDER BY vc.contract_id, vc.revision DESC`,
    [JSON.stringify(requests.map((r) => ({ contract_id: r.contract_id, fiscal_year: r.fiscal_year })))],
  );
  return new Map(rows.map((row) => [row.contract_id, row.id]));
}

function storeOf(id: string, row: StoreColumns) {
  return { id, name: row.store_name, pharmacyCode: row.pharmacy_code };
}

function notAppliedOf(request: RequestFacts & StoreColumns, error: AppError): FollowupNotAppliedDto {
  return { id: request.id, store: storeOf(request.customer_id, request), code: error.code, detail: error.detail ?? error.title };
}

/** No store's request matched: 422 with the rule's own code when all agree (e.g. disclosure_not_published), the list either way. */
function nothingApplied(notApplied: FollowupNotAppliedDto[]): AppError {
  const codes = new Set(notApplied.map((n) => n.code));
  const code = codes.size === 1 ? [...codes][0] : 'followup_not_fulfilled';
  return new AppError(HttpStatus.UNPROCESSABLE_ENTITY, code, 'Unprocessable request', notApplied[0].detail, { notApplied });
}
