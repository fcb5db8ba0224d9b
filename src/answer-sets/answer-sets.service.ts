import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { actorId, Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { currentFiscalYear, fiscalYearOf } from '../common/fiscal-year';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import { ANSWERS_REFUSED, ChecklistAnswerRow, checkChecklistAnswers } from '../checklists/checklist-answers';
import type { ChecklistAnswerInputDto } from '../checklists/checklists.dto';
import type { FormDefinition } from '../forms/form-definition';
import { FormsService } from '../forms/forms.service';
import { AnswerSetRow, toAnswerSetDto, toAnswerSetSummaryDto } from './answer-set-row';
import type { StoredAnswer } from './answer-set-store';
import type { AnswerSetDto, AnswerSetSummaryDto } from './answer-set-responses.dto';
import type { AnswerSetQueryDto, CreateAnswerSetDto, UpdateAnswerSetDto } from './answer-sets.dto';

const NAME_KEY = 'answer_sets_vendor_name_key';

/**
 * Answer sets are a vendor's own: only vendor organizations keep them (anyone else: 403, whatever
 * the record), and a set of another organization answers 404 as if it did not exist. An agent
 * (代理店) is a vendor organization too and keeps sets of its own, which it applies to the contracts
 * it is the vendor of: agents answer no checklist of another vendor's (src/access/visibility.ts).
 */
export function assertAnswerSetKeeper(principal: Principal): void {
  if (principal.organizationKind !== 'vendor') throw AppError.forbidden('回答セットは事業者だけが使えます (answer sets are for vendors).', 'vendor_required');
}

/** Create, read, edit and archive answer sets; answers are checked with the checklist rules. */
@Injectable()
export class AnswerSetsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
    private readonly audit: AuditService,
  ) {}

  async create(principal: Principal, input: CreateAnswerSetDto): Promise<AnswerSetDto> {
    assertAnswerSetKeeper(principal);
    const form = await this.vendorForm(input.formId);
    const answers = checkedAnswers(form, input.answers);
    const id = await this.db.transaction(async (manager) => {
      const [row]: { id: string }[] = await manager
        .query(`INSERT INTO answer_sets (vendor_id, name, form_id, manager_name, answers, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [
          principal.organizationId,
          input.name,
          form.id,
          input.managerName ?? null,
          JSON.stringify(answers),
          actorId(principal),
        ])
        .catch(nameTaken);
      await this.record(manager, principal, 'answer_set.create', row.id, { name: input.name, formId: form.id });
      return row.id;
    });
    return this.get(principal, id);
  }

  async list(principal: Principal, query: AnswerSetQueryDto): Promise<Page<AnswerSetSummaryDto>> {
    assertAnswerSetKeeper(principal);
    const size = pageSize(query);
    const after = decodeCursor(query.cursor);
    const rows: AnswerSetRow[] = await this.db.query(
      `SELECT * FROM answer_sets
        WHERE vendor_id = $1 AND ($2::boolean OR archived_at IS NULL) AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
        ORDER BY created_at, id LIMIT $5`,
      [principal.organizationId, query.includeArchived === true, after?.createdAt ?? null, after?.id ?? null, size + 1],
    );
    const forms = await this.formsOf(rows);
    return toPage(
      rows,
      size,
      (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }),
      (row) => toAnswerSetSummaryDto(row, forms.get(row.form_id) as FormDefinition),
    );
  }

  async get(principal: Principal, id: string): Promise<AnswerSetDto> {
    const row = await this.find(this.db.manager, principal, id);
    return toAnswerSetDto(row, await this.forms.get(row.form_id));
  }

  /** The set, if it is the caller's (archived ones included: their applications stay readable). */
  async find(manager: EntityManager, principal: Principal, id: string, lock = false): Promise<AnswerSetRow> {
    assertAnswerSetKeeper(principal);
    const [row]: AnswerSetRow[] = await manager.query(`SELECT * FROM answer_sets WHERE id = $1 AND vendor_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, principal.organizationId]);
    if (!row) throw AppError.notFound('answer set');
    return row;
  }

  async update(principal: Principal, id: string, input: UpdateAnswerSetDto): Promise<AnswerSetDto> {
    assertAnswerSetKeeper(principal);
    await this.db.transaction(async (manager) => {
      const row = await this.find(manager, principal, id, true);
      if (row.archived_at) throw AppError.conflict('answer_set_archived', 'アーカイブ済みの回答セットは編集できません (an archived answer set cannot be edited).');
      const answers = input.answers ? checkedAnswers(await this.forms.get(row.form_id), input.answers) : undefined;
      await manager
        .query(
          `UPDATE answer_sets SET name = coalesce($2, name), manager_name = CASE WHEN $3::boolean THEN $4 ELSE manager_name END,
                  answers = coalesce($5::jsonb, answers), updated_at = now() WHERE id = $1`,
          [id, input.name ?? null, input.managerName !== undefined, input.managerName ?? null, answers ? JSON.stringify(answers) : null],
        )
        .catch(nameTaken);
      const changed = Object.keys(input).filter((key) => (input as Record<string, unknown>)[key] !== undefined);
      await this.record(manager, principal, 'answer_set.update', id, { changed });
    });
    return this.get(principal, id);
  }

  /** DELETE archives: the set leaves the list and cannot be applied; its applications and the checklists they made stay. */
  async archive(principal: Principal, id: string): Promise<AnswerSetDto> {
    assertAnswerSetKeeper(principal);
    await this.db.transaction(async (manager) => {
      const row = await this.find(manager, principal, id, true);
      if (row.archived_at) return;
      await manager.query('UPDATE answer_sets SET archived_at = now(), archived_by = $2, updated_at = now() WHERE id = $1', [id, actorId(principal)]);
      await this.record(manager, principal, 'answer_set.archive', id, { name: row.name });
    });
    return this.get(principal, id);
  }

  /** The form a set is written on: a 事業者確認用 version (an unknown id or another kind of form is the caller's mistake). */
  private async vendorForm(formId: string): Promise<FormDefinition> {
    const form = await this.forms.get(formId).catch(() => undefined);
    if (!form || form.kind !== 'vendor_checklist') {
      throw AppError.invalid([{ field: 'formId', message: '事業者確認用の様式ではありません (must be a 事業者確認用 form: GET /v1/forms?kind=vendor_checklist)' }]);
    }
    return form;
  }

  private async formsOf(rows: AnswerSetRow[]): Promise<Map<string, FormDefinition>> {
    const ids = [...new Set(rows.map((row) => row.form_id))];
    return new Map(await Promise.all(ids.map(async (id) => [id, await this.forms.get(id)] as const)));
  }

  private record(manager: EntityManager, principal: Principal, action: string, id: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.record({ actor: principal, organizationId: principal.organizationId, action, target: { type: 'answer_set', id }, details }, manager);
  }
}

/**
 * The checklist rules applied to a set. A set belongs to no 年度 of its own, but its dates do: the
 * 年度 its first 確認日 falls in (the current one without any) is the one every date must fit, as
 * in a checklist; applying the set to a 年度 checks them again for that 年度.
 */
export function answerSetYear(answers: ChecklistAnswerInputDto[]): number {
  const first = answers.find((answer) => answer.confirmedOn !== undefined)?.confirmedOn;
  return first ? fiscalYearOf(first) : currentFiscalYear();
}

function checkedAnswers(form: FormDefinition, answers: ChecklistAnswerInputDto[]): StoredAnswer[] {
  const { rows, errors } = checkChecklistAnswers(form, answerSetYear(answers), answers);
  if (errors.length > 0) throw AppError.invalid(errors, ANSWERS_REFUSED);
  return rows.map(toStored);
}

function toStored(row: ChecklistAnswerRow): StoredAnswer {
  const answer: StoredAnswer = { itemId: row.itemId, answer: row.answer };
  if (row.confirmedOn !== null) answer.confirmedOn = row.confirmedOn;
  if (row.targetOn !== null) answer.targetOn = row.targetOn;
  if (row.plannedOn !== null) answer.plannedOn = row.plannedOn;
  if (row.remarks !== null) answer.remarks = row.remarks;
  return answer;
}

function nameTaken(error: unknown): never {
  if (error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === NAME_KEY) {
    throw AppError.conflict('answer_set_name_taken', '同じ名前の回答セットがすでにあります (you already have an answer set with this name).');
  }
  throw error;
}
