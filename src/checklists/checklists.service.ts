import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { DomainEvent, EventsService } from '../events/events.service';
import { fiscalYearLabel } from '../common/fiscal-year';
import { AppError } from '../common/app-error';
import type { FormDefinition } from '../forms/form-definition';
import { FormsService } from '../forms/forms.service';
import { ANSWERS_REFUSED, ChecklistAnswerRow, checklistContentHash, checkChecklistAnswers, missingChecklistItems } from './checklist-answers';
import { ChecklistReader } from './checklist-reader.service';
import { ChecklistDto, SaveChecklistDto } from './checklists.dto';
import { assertNotEnded } from '../contracts/contract-term';
import { assertIfMatch, assertIfNoneMatch, RecordVersion, WriteConditions } from '../sync/entity-tag';

export interface ChecklistContract {
  id: string;
  kind: string;
  status: string;
  /** The contract's last day (YYYY-MM-DD), if it has one: past it the vendor submits nothing more. */
  ends_on: string | null;
  customer_id: string;
  customer_kind: 'pharmacy' | 'medical';
}

/** The event a submission publishes to the customer (and its chain), and to the vendor's own systems. */
export function checklistSubmitted(checklistId: string, contract: Pick<ChecklistContract, 'id' | 'customer_id'>, fiscalYear: number, vendorId: string): DomainEvent {
  return {
    type: 'checklist.submitted',
    recipients: [contract.customer_id, vendorId],
    subject: { type: 'checklist', id: checklistId },
    payload: { checklistId, contractId: contract.id, fiscalYear, vendorId },
    notification: { title: `${fiscalYearLabel(fiscalYear)} 事業者確認用チェックリストが提出されました`, link: `/contracts/${contract.id}/checklists/${fiscalYear}` },
  };
}

/**
 * The vendor's 事業者確認用 checklist per contract and 年度: a draft, then submitted; each
 * (re)submission is a new revision and the history is kept.
 */
@Injectable()
export class ChecklistsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
    private readonly reader: ChecklistReader,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  /**
   * `ifMatch`: the ETag of the revision the caller read (GET); `ifNoneMatch: '*'`: only if there is no
   * checklist yet. Either failing is 412 and nothing is written.
   */
  async saveDraft(principal: Principal, contractId: string, fiscalYear: number, input: SaveChecklistDto, conditions: WriteConditions = {}): Promise<ChecklistDto> {
    await this.db.transaction(async (manager) => {
      const contract = await this.lockVendorContract(manager, principal, contractId);
      if (conditions.ifMatch !== undefined || conditions.ifNoneMatch !== undefined) await assertChecklistConditions(manager, contractId, fiscalYear, conditions);
      const form = await this.formFor(contract, fiscalYear, input.formId);
      const { rows, errors } = checkChecklistAnswers(form, fiscalYear, input.answers);
      if (errors.length > 0) throw AppError.invalid(errors, ANSWERS_REFUSED);
      const managerName = input.managerName ?? null;
      const hash = checklistContentHash(form.id, managerName, rows);
      const [draft]: { id: string }[] = await manager.query(
        `SELECT id FROM vendor_checklists WHERE contract_id = $1 AND fiscal_year = $2 AND status = 'draft'`,
        [contractId, fiscalYear],
      );
      let checklistId: string;
      if (draft) {
        checklistId = draft.id;
        await manager.query('DELETE FROM vendor_checklist_answers WHERE checklist_id = $1', [checklistId]);
        await manager.query(`UPDATE vendor_checklists SET form_id = $2, manager_name = $3, content_hash = $4, updated_at = now() WHERE id = $1`, [checklistId, form.id, managerName, hash]);
      } else {
        const [created]: { id: string }[] = await manager.query(
          `INSERT INTO vendor_checklists (contract_id, fiscal_year, revision, status, form_id, manager_name, content_hash)
           SELECT $1, $2, coalesce(max(revision), 0) + 1, 'draft', $3, $4, $5 FROM vendor_checklists WHERE contract_id = $1 AND fiscal_year = $2
           RETURNING id`,
          [contractId, fiscalYear, form.id, managerName, hash],
        );
        checklistId = created.id;
      }
      await insertAnswers(manager, [checklistId], [rows]);
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'checklist.save', target: { type: 'checklist', id: checklistId }, details: { contractId, fiscalYear } }, manager);
    });
    // Read after commit: reading inside the transaction would take a second pooled connection.
    return (await this.reader.find(this.db.manager, principal, contractId, fiscalYear)).dto;
  }

  async submit(principal: Principal, contractId: string, fiscalYear: number): Promise<ChecklistDto> {
    await this.db.transaction(async (manager) => {
      const contract = await this.lockVendorContract(manager, principal, contractId);
      const [draft]: { id: string; form_id: string }[] = await manager.query(
        `SELECT id, form_id FROM vendor_checklists WHERE contract_id = $1 AND fiscal_year = $2 AND status = 'draft'`,
        [contractId, fiscalYear],
      );
      if (!draft) throw AppError.conflict('no_draft', '提出する下書きがありません。先に回答を保存してください (there is no draft to submit: save the answers first with PUT).');
      const form = await this.forms.get(draft.form_id);
      await this.assertFormStillApplies(contract, fiscalYear, form);
      const answered: { item_id: string }[] = await manager.query('SELECT item_id FROM vendor_checklist_answers WHERE checklist_id = $1', [draft.id]);
      const missing = missingChecklistItems(form, answered.map((a) => a.item_id));
      if (missing.length > 0) throw AppError.unprocessable('required_items_missing', `提出する前にすべての項目に回答してください。未回答: ${missing.join(', ')} (answer every item before submitting: ${missing.join(', ')}).`, { missingItems: missing });
      // No 管理責任者 is needed: the official 事業者確認用 sheet prints the 事業者名, not a person's name.
      await manager.query(`UPDATE vendor_checklists SET status = 'submitted', submitted_at = now(), submitted_by = $2, updated_at = now() WHERE id = $1`, [draft.id, actorIdOf(principal)]);
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'checklist.submit', target: { type: 'checklist', id: draft.id }, details: { contractId, fiscalYear } }, manager);
      await this.events.publish(manager, checklistSubmitted(draft.id, contract, fiscalYear, principal.organizationId));
    });
    return (await this.reader.find(this.db.manager, principal, contractId, fiscalYear)).dto;
  }

  /**
   * A draft saved on a version that no longer applies (the 年度's own version was registered after
   * it was saved on the carried-forward one) is not submitted as it is: a new answer uses the new version.
   */
  private async assertFormStillApplies(contract: ChecklistContract, fiscalYear: number, form: FormDefinition): Promise<void> {
    const applicable = await this.forms.vendorChecklistFor(contract.customer_kind, fiscalYear);
    if (applicable.id === form.id) return;
    throw AppError.conflict(
      'draft_form_outdated',
      `下書きは旧様式（${form.versionLabel}）で回答されています。${fiscalYearLabel(fiscalYear)}に適用される様式（${applicable.id}）で回答し直してから提出してください (the draft was answered on ${form.id}; answer it again on ${applicable.id}, with PUT, before submitting).`,
    );
  }

  /** The vendor's own contract, locked; a contract that owes no checklist is refused with the reason. */
  private async lockVendorContract(manager: EntityManager, principal: Principal, contractId: string): Promise<ChecklistContract> {
    const [contract]: ChecklistContract[] = await manager.query(
      `SELECT c.id, c.kind, c.status, to_char(c.ends_on, 'YYYY-MM-DD') AS ends_on, c.customer_id, cu.kind AS customer_kind
         FROM contracts c JOIN organizations cu ON cu.id = c.customer_id
        WHERE c.id = $1 AND c.vendor_id = $2 FOR UPDATE OF c`,
      [contractId, principal.organizationId],
    );
    if (!contract) throw AppError.notFound('contract');
    assertOwesChecklist(contract);
    return contract;
  }

  /**
   * The version a new answer uses: the one that applies to the 年度 (carried forward from an earlier
   * 年度 while the 年度 has none). A formId, where given, must name that version.
   */
  async formFor(contract: ChecklistContract, fiscalYear: number, formId?: string): Promise<FormDefinition> {
    const applicable = await this.forms.vendorChecklistFor(contract.customer_kind, fiscalYear);
    if (formId === undefined || formId === applicable.id) return applicable;
    const form = await this.forms.get(formId).catch(() => undefined);
    if (!form || form.kind !== 'vendor_checklist' || (form.audience !== contract.customer_kind && form.audience !== 'any')) {
      throw AppError.invalid([{ field: 'formId', message: `${contract.customer_kind === 'pharmacy' ? '薬局' : '医療機関'}向けの事業者確認用の様式ではありません (must be a 事業者確認用 form for a ${contract.customer_kind}: GET /v1/forms?kind=vendor_checklist)` }]);
    }
    throw AppError.invalid([
      {
        field: 'formId',
        message: `${fiscalYearLabel(fiscalYear)}に適用される様式は ${applicable.id}（${applicable.versionLabel}）です (the version that applies to fiscal year ${fiscalYear} is ${applicable.id}; ${form.id} is not)`,
      },
    ]);
  }
}

export function assertOwesChecklist(contract: Pick<ChecklistContract, 'kind' | 'status' | 'ends_on'>): void {
  if (contract.kind === 'sale_only') {
    throw AppError.unprocessable(
      'checklist_not_required',
      '売買契約のみの契約では事業者確認用チェックリストは不要です (a sale-only contract owes no 事業者確認用 checklist: only maintenance and operation contracts do).',
    );
  }
  if (contract.status !== 'active') {
    throw AppError.conflict('contract_not_active', '契約がまだ有効ではありません。取引先の承認が必要です (the contract is not active yet: the customer has to accept it first).');
  }
  assertNotEnded(contract);
}

/**
 * If-Match against what the vendor reads on GET: the latest revision of the contract's checklist
 * for the 年度 (draft or submitted). The contract row is locked, so no other save slips in between.
 */
async function assertChecklistConditions(manager: EntityManager, contractId: string, fiscalYear: number, conditions: WriteConditions): Promise<void> {
  const [latest]: { id: string; revision: number; updated_at: Date }[] = await manager.query(
    'SELECT id, revision, updated_at FROM vendor_checklists WHERE contract_id = $1 AND fiscal_year = $2 ORDER BY revision DESC LIMIT 1',
    [contractId, fiscalYear],
  );
  const current: RecordVersion | null = latest ? { id: latest.id, revision: latest.revision, updatedAt: latest.updated_at } : null;
  assertIfMatch(conditions.ifMatch, current);
  assertIfNoneMatch(conditions.ifNoneMatch, current);
}

/** Inserts the answers of several checklists in one statement. */
export async function insertAnswers(manager: EntityManager, checklistIds: string[], answerSets: ChecklistAnswerRow[][]): Promise<void> {
  const columns: [string[], string[], number[], string[], (string | null)[], (string | null)[], (string | null)[], (string | null)[]] = [[], [], [], [], [], [], [], []];
  answerSets.forEach((rows, index) => {
    for (const row of rows) {
      columns[0].push(checklistIds[index]);
      columns[1].push(row.itemId);
      columns[2].push(row.ordinal);
      columns[3].push(row.answer);
      columns[4].push(row.confirmedOn);
      columns[5].push(row.targetOn);
      columns[6].push(row.remarks);
      columns[7].push(row.plannedOn);
    }
  });
  if (columns[0].length === 0) return;
  await manager.query(
    `INSERT INTO vendor_checklist_answers (checklist_id, item_id, ordinal, answer, confirmed_on, target_on, remarks, planned_on)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::date[], $6::date[], $7::text[], $8::date[])`,
    columns,
  );
}

export function actorIdOf(principal: Principal): string {
  return principal.type === 'user' ? principal.userId : principal.clientId;
}
