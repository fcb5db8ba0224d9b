import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { EventsService } from '../events/events.service';
import { AppError, FieldError } from '../common/app-error';
import type { FormDefinition } from '../forms/form-definition';
import { ChecklistAnswerRow, checklistContentHash, checkChecklistAnswers, missingChecklistItems, missingItemsError } from './checklist-answers';
import { ChecklistBatchDto, ChecklistBatchEntryDto, ChecklistBatchResponseDto, ChecklistBatchResultDto } from './checklist-batch.dto';
import { isEnded } from '../contracts/contract-term';
import { actorIdOf, assertOwesChecklist, ChecklistContract, checklistSubmitted, ChecklistsService, insertAnswers } from './checklists.service';
import { findUsableAnswerSets, MERGED, mergeOverrides, sourcedField, StoredAnswerSet } from '../answer-sets/answer-set-store';

interface BatchContract extends ChecklistContract {
  pharmacy_code: string | null;
}

interface ReadyEntry {
  index: number;
  contractId: string;
  formId: string;
  managerName: string | null;
  rows: ChecklistAnswerRow[];
  hash: string;
}

/**
 * Vendor systems submit the checklists of many customers in one call. Each entry is checked on its
 * own and answered created, unchanged or with its errors; the good ones are written together with
 * set-based statements, each entry whole or not at all.
 */
@Injectable()
export class ChecklistBatchService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly checklists: ChecklistsService,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  async submit(principal: Principal, input: ChecklistBatchDto): Promise<ChecklistBatchResponseDto> {
    if (principal.organizationKind !== 'vendor') throw AppError.forbidden('Vendors submit 事業者確認用 checklists.', 'vendor_required');
    const results: ChecklistBatchResultDto[] = input.entries.map((_, index) => ({ index, status: 'error', contractId: null, checklistId: null, revision: null }));
    const fail = (index: number, errors: FieldError[]) => Object.assign(results[index], { status: 'error', errors });

    const contracts = await this.resolveContracts(principal, input.entries);
    const answerSets = await findUsableAnswerSets(this.db.manager, principal.organizationId, [...new Set(input.entries.flatMap((e) => (e.answerSetId ? [e.answerSetId] : [])))]);
    const forms = new Map<string, Promise<FormDefinition>>();
    const claimed = new Set<string>();
    const ready: ReadyEntry[] = [];
    const entries = input.entries;
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index];
      // Once checked, an entry is let go (the body holds it too): what is written is its rows.
      entries[index] = RELEASED;
      if (index % YIELD_EVERY_ENTRIES === YIELD_EVERY_ENTRIES - 1) await new Promise((resolve) => setImmediate(resolve));
      const at = `entries[${index}]`;
      const contract = pickContract(entry, contracts, at);
      if ('errors' in contract) {
        fail(index, contract.errors);
        continue;
      }
      results[index].contractId = contract.id;
      if (claimed.has(contract.id)) {
        fail(index, [{ field: at, message: 'この一括登録で既に指定された契約です (names a contract already submitted earlier in this batch)' }]);
        continue;
      }
      claimed.add(contract.id);
      try {
        assertOwesChecklist(contract);
        const answered = answersOf(entry, answerSets, at);
        if ('errors' in answered) {
          fail(index, answered.errors);
          continue;
        }
        const formId = entry.formId ?? answered.set?.formId;
        if (answered.set && formId !== answered.set.formId) {
          fail(index, [{ field: `${at}.formId`, message: `回答セットの様式は ${answered.set.formId} です (the answer set is on form ${answered.set.formId})` }]);
          continue;
        }
        const key = `${contract.customer_kind}|${formId ?? ''}`;
        if (!forms.has(key)) forms.set(key, this.checklists.formFor(contract, input.fiscalYear, formId));
        const form = await (forms.get(key) as Promise<FormDefinition>);
        const { rows, errors } = answered.check(form, input.fiscalYear);
        const missing = missingChecklistItems(form, rows.map((row) => row.itemId));
        if (missing.length > 0) errors.push(missingItemsError(answered.set ? `${at}.answerSetId` : `${at}.answers`, listedMissing(missing)));
        if (errors.length > 0) {
          fail(index, listedEntryErrors(errors, at));
          continue;
        }
        // The 管理責任者 is optional: the official sheet prints the 事業者名, not a person's name.
        const managerName = entry.managerName ?? answered.set?.managerName ?? null;
        ready.push({ index, contractId: contract.id, formId: form.id, managerName, rows, hash: checklistContentHash(form.id, managerName, rows) });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const fieldErrors = (error.extensions.errors as FieldError[] | undefined)?.map((e) => ({ ...e, field: `${at}.${e.field}` }));
        fail(index, listedEntryErrors(fieldErrors ?? [{ field: at, message: error.detail ?? error.title }], at));
      }
    }

    if (ready.length > 0) await this.write(principal, input.fiscalYear, ready, results, contracts);
    return {
      fiscalYear: input.fiscalYear,
      created: results.filter((r) => r.status === 'created').length,
      unchanged: results.filter((r) => r.status === 'unchanged').length,
      failed: results.filter((r) => r.status === 'error').length,
      results,
    };
  }

  private async write(principal: Principal, fiscalYear: number, ready: ReadyEntry[], results: ChecklistBatchResultDto[], contracts: BatchContract[]): Promise<void> {
    await this.db.transaction(async (manager) => {
      const contractIds = ready.map((entry) => entry.contractId);
      // Lock in a fixed order so two batches touching the same contracts cannot deadlock.
      await manager.query('SELECT id FROM contracts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [contractIds]);
      const state = await currentState(manager, contractIds, fiscalYear);
      const writes: (ReadyEntry & { id: string; revision: number })[] = [];
      const draftsToReplace: string[] = [];
      for (const entry of ready) {
        const current = state.get(entry.contractId);
        const result = results[entry.index];
        if (current?.submittedHash === entry.hash) {
          Object.assign(result, { status: 'unchanged', checklistId: current.submittedId, revision: current.submittedRevision });
          continue;
        }
        // A draft in progress is replaced by the submission (it keeps the draft's revision number).
        if (current?.draftId) draftsToReplace.push(current.draftId);
        const revision = current?.draftId ? current.maxRevision : (current?.maxRevision ?? 0) + 1;
        writes.push({ ...entry, id: randomUUID(), revision });
        Object.assign(result, { status: 'created' });
      }
      if (draftsToReplace.length > 0) {
        await manager.query('DELETE FROM vendor_checklist_answers WHERE checklist_id = ANY($1::uuid[])', [draftsToReplace]);
        await manager.query('DELETE FROM vendor_checklists WHERE id = ANY($1::uuid[])', [draftsToReplace]);
      }
      if (writes.length === 0) return;
      // Written as drafts, then submitted: submitted revisions accept no answers (a trigger refuses them).
      await manager.query(
        `INSERT INTO vendor_checklists (id, contract_id, fiscal_year, revision, status, form_id, manager_name, content_hash, submitted_at, submitted_by)
         SELECT id, contract_id, $1, revision, 'draft', form_id, manager_name, content_hash, now(), $2
           FROM unnest($3::uuid[], $4::uuid[], $5::int[], $6::text[], $7::text[], $8::text[]) AS t(id, contract_id, revision, form_id, manager_name, content_hash)`,
        [fiscalYear, actorIdOf(principal), writes.map((w) => w.id), writes.map((w) => w.contractId), writes.map((w) => w.revision), writes.map((w) => w.formId), writes.map((w) => w.managerName), writes.map((w) => w.hash)],
      );
      await insertAnswers(manager, writes.map((w) => w.id), writes.map((w) => w.rows));
      await manager.query(`UPDATE vendor_checklists SET status = 'submitted' WHERE id = ANY($1::uuid[])`, [writes.map((w) => w.id)]);
      // One audit event for the request, naming every checklist it created: the log stays a
      // faithful record while a 1,000-entry batch costs one hash-chain link, not a thousand.
      await this.audit.record(
        {
          actor: principal,
          organizationId: principal.organizationId,
          action: 'checklist.batch_submit',
          target: { type: 'checklist_batch', id: String(fiscalYear) },
          details: { fiscalYear, created: writes.map((w) => ({ checklistId: w.id, contractId: w.contractId, revision: w.revision })) },
        },
        manager,
      );
      const customerOf = new Map(contracts.map((c) => [c.id, c.customer_id]));
      await this.events.publishMany(
        manager,
        writes.map((w) => checklistSubmitted(w.id, { id: w.contractId, customer_id: customerOf.get(w.contractId) as string }, fiscalYear, principal.organizationId)),
      );
      for (const w of writes) Object.assign(results[w.index], { checklistId: w.id, revision: w.revision });
    });
  }

  /** Every contract the batch names, by id or by the customer's 保険薬局コード, in two queries. */
  private async resolveContracts(principal: Principal, entries: ChecklistBatchEntryDto[]): Promise<BatchContract[]> {
    const ids = [...new Set(entries.flatMap((e) => (e.contractId ? [e.contractId] : [])))];
    const codes = [...new Set(entries.flatMap((e) => (e.pharmacyCode && !e.contractId ? [e.pharmacyCode] : [])))];
    return this.db.query(
      `SELECT c.id, c.kind, c.status, to_char(c.ends_on, 'YYYY-MM-DD') AS ends_on, c.customer_id, cu.kind AS customer_kind, cu.pharmacy_code
         FROM contracts c JOIN organizations cu ON cu.id = c.customer_id
        WHERE c.vendor_id = $1 AND (c.id = ANY($2::uuid[]) OR (cu.pharmacy_code = ANY($3::text[]) AND c.status = 'active' AND c.kind <> 'sale_only'))`,
      [principal.organizationId, ids, codes],
    );
  }
}

/**
 * The errors listed for one entry: the first MAX_LISTED_ENTRY_ERRORS, then one saying how many
 * more there are. An answer's error is a few hundred bytes; listed without a limit, a batch wrong
 * in every answer made an answer (and a heap) hundreds of MB large.
 */
export const MAX_LISTED_ENTRY_ERRORS = 10;

function listedEntryErrors(errors: FieldError[], at: string): FieldError[] {
  if (errors.length <= MAX_LISTED_ENTRY_ERRORS) return errors;
  const more = errors.length - MAX_LISTED_ENTRY_ERRORS;
  return [...errors.slice(0, MAX_LISTED_ENTRY_ERRORS), { field: `${at}.answers`, message: `ほかに${more}件の誤りがあります (and ${more} more errors)` }];
}

/** Unanswered items named in an entry's error: a registered form may have up to 500. */
const MAX_LISTED_MISSING_ITEMS = 20;

function listedMissing(missing: string[]): string[] {
  return missing.length <= MAX_LISTED_MISSING_ITEMS ? missing : [...missing.slice(0, MAX_LISTED_MISSING_ITEMS), `+${missing.length - MAX_LISTED_MISSING_ITEMS}`];
}

type EntryAnswers =
  | { set?: StoredAnswerSet; check: (form: FormDefinition, fiscalYear: number) => { rows: ChecklistAnswerRow[]; errors: FieldError[] } }
  | { errors: FieldError[] };

/**
 * What an entry answers: its own answers, or those of the answer set it names with its overrides in
 * place (errors then point at the override, or at the set's answer: entries[2].answerSet.answers[4]).
 */
function answersOf(entry: ChecklistBatchEntryDto, answerSets: Map<string, StoredAnswerSet>, at: string): EntryAnswers {
  if (!entry.answerSetId) return { check: (form, fiscalYear) => checkChecklistAnswers(form, fiscalYear, entry.answers ?? [], `${at}.answers`) };
  const set = answerSets.get(entry.answerSetId);
  if (!set) return { errors: [{ field: `${at}.answerSetId`, message: '御社の回答セットにありません（アーカイブ済みを含む） (is not an answer set of yours in use)' }] };
  const merged = mergeOverrides(set.answers, entry.overrides ?? [], `${at}.answerSet.answers`, `${at}.overrides`);
  return {
    set,
    check: (form, fiscalYear) => {
      const checked = checkChecklistAnswers(form, fiscalYear, merged.answers, MERGED);
      return { rows: checked.rows, errors: checked.errors.map((error) => ({ ...error, field: sourcedField(error.field, merged.sources) })) };
    },
  };
}

/** Checked entries are replaced by this, so that their answers can be collected before the write. */
const RELEASED = null as unknown as ChecklistBatchEntryDto;
/** The checks of a large batch give the event loop back this often. */
const YIELD_EVERY_ENTRIES = 200;

function pickContract(entry: ChecklistBatchEntryDto, contracts: BatchContract[], at: string): BatchContract | { errors: FieldError[] } {
  if (entry.contractId && entry.pharmacyCode) return { errors: [{ field: at, message: 'contractId と pharmacyCode のどちらか一方を指定してください (give contractId or pharmacyCode, not both)' }] };
  if (entry.contractId) {
    const contract = contracts.find((c) => c.id === entry.contractId);
    return contract ?? { errors: [{ field: `${at}.contractId`, message: '御社の契約ではありません (is not one of your contracts)' }] };
  }
  if (!entry.pharmacyCode) return { errors: [{ field: at, message: '契約（contractId）か顧客の保険薬局コード（pharmacyCode）を指定してください (name the contract (contractId) or the customer (pharmacyCode))' }] };
  // A pharmacy named by its code: the one contract in force with it (an ended one is history, not a candidate).
  const matches = contracts.filter((c) => c.pharmacy_code === entry.pharmacyCode && c.status === 'active' && !isEnded(c) && c.kind !== 'sale_only');
  if (matches.length === 1) return matches[0];
  return {
    errors: [
      matches.length === 0
        ? { field: `${at}.pharmacyCode`, message: 'この薬局との有効な保守・運用契約がありません (no active maintenance or operation contract with this pharmacy)' }
        : { field: `${at}.pharmacyCode`, message: 'この薬局との契約が複数あります: contractId を指定してください (several contracts with this pharmacy: give contractId)' },
    ],
  };
}

interface ContractChecklistState {
  maxRevision: number;
  draftId: string | null;
  submittedId: string | null;
  submittedRevision: number | null;
  submittedHash: string | null;
}

async function currentState(manager: EntityManager, contractIds: string[], fiscalYear: number): Promise<Map<string, ContractChecklistState>> {
  const rows: { contract_id: string; max_revision: number; draft_id: string | null; submitted_id: string | null; submitted_revision: number | null; submitted_hash: string | null }[] =
    await manager.query(
      `SELECT contract_id, max(revision) AS max_revision,
              (array_agg(id) FILTER (WHERE status = 'draft'))[1] AS draft_id,
              (array_agg(id ORDER BY revision DESC) FILTER (WHERE status = 'submitted'))[1] AS submitted_id,
              (array_agg(revision ORDER BY revision DESC) FILTER (WHERE status = 'submitted'))[1] AS submitted_revision,
              (array_agg(content_hash ORDER BY revision DESC) FILTER (WHERE status = 'submitted'))[1] AS submitted_hash
         FROM vendor_checklists WHERE contract_id = ANY($1::uuid[]) AND fiscal_year = $2 GROUP BY contract_id`,
      [contractIds, fiscalYear],
    );
  return new Map(
    rows.map((row) => [
      row.contract_id,
      { maxRevision: Number(row.max_revision), draftId: row.draft_id, submittedId: row.submitted_id, submittedRevision: row.submitted_revision, submittedHash: row.submitted_hash },
    ]),
  );
}
