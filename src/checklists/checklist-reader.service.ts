import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { checklistVisible, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { fiscalYearLabel, todayInJapan } from '../common/fiscal-year';
import type { CustomerKind, FormDefinition } from '../forms/form-definition';
import type { FormUse } from '../forms/form-use';
import { FormsService } from '../forms/forms.service';
import { missingChecklistItems } from './checklist-answers';
import { CHECKLIST_STATUS_LABELS, ChecklistDto, ChecklistStatus } from './checklists.dto';

interface ChecklistRow {
  id: string;
  contract_id: string;
  fiscal_year: number;
  revision: number;
  status: ChecklistStatus;
  form_id: string;
  manager_name: string | null;
  submitted_at: Date | null;
  updated_at: Date;
  vendor_id: string;
  vendor_name: string;
  customer_id: string;
  customer_name: string;
  customer_kind: CustomerKind;
}

interface AnswerRow {
  item_id: string;
  ordinal: number;
  answer: string;
  confirmed_on: string | null;
  target_on: string | null;
  planned_on: string | null;
  remarks: string | null;
}

/** Reading 事業者確認用 checklists: the vendor sees drafts and history; customers see what was submitted. */
@Injectable()
export class ChecklistReader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
    private readonly audit: AuditService,
  ) {}

  /** The latest visible revision (or the one asked for) of a contract's checklist for a 年度. */
  async find(manager: EntityManager, principal: Principal, contractId: string, fiscalYear: number, revision?: number): Promise<{ dto: ChecklistDto; form: FormDefinition }> {
    const params = new SqlParams([contractId, fiscalYear]);
    const visible = checklistVisible(principal, 'vc', 'c', params);
    const revisionFilter = revision ? `AND vc.revision = ${params.add(revision)}` : '';
    const rows: ChecklistRow[] = await manager.query(
      `SELECT vc.id, vc.contract_id, vc.fiscal_year, vc.revision, vc.status, vc.form_id, vc.manager_name, vc.submitted_at, vc.updated_at,
              c.vendor_id, v.name AS vendor_name, c.customer_id, cu.name AS customer_name, cu.kind AS customer_kind
         FROM vendor_checklists vc
         JOIN contracts c ON c.id = vc.contract_id
         JOIN organizations v ON v.id = c.vendor_id
         JOIN organizations cu ON cu.id = c.customer_id
        WHERE vc.contract_id = $1 AND vc.fiscal_year = $2 AND ${visible} ${revisionFilter}
        ORDER BY vc.revision DESC`,
      params.values,
    );
    const current = rows[0];
    if (!current) throw AppError.notFound('checklist');
    const history: { revision: number; status: ChecklistStatus; submitted_at: Date | null }[] = await manager.query(
      `SELECT revision, status, submitted_at FROM vendor_checklists vc WHERE contract_id = $1 AND fiscal_year = $2 ${principal.organizationId === current.vendor_id ? '' : "AND status = 'submitted'"} ORDER BY revision`,
      [contractId, fiscalYear],
    );
    const answers: AnswerRow[] = await manager.query(
      `SELECT item_id, ordinal, answer, to_char(confirmed_on, 'YYYY-MM-DD') AS confirmed_on, to_char(target_on, 'YYYY-MM-DD') AS target_on,
              to_char(planned_on, 'YYYY-MM-DD') AS planned_on, remarks
         FROM vendor_checklist_answers WHERE checklist_id = $1 ORDER BY ordinal`,
      [current.id],
    );
    const form = await this.forms.get(current.form_id);
    const use = await this.forms.formUse('vendor_checklist', current.customer_kind, fiscalYear, form.id);
    return { dto: toDto(current, answers, history, form, use), form };
  }

  /** A customer's read is audited: the checklist is a protected document. */
  async get(principal: Principal, contractId: string, fiscalYear: number, revision?: number): Promise<ChecklistDto> {
    const { dto } = await this.find(this.db.manager, principal, contractId, fiscalYear, revision);
    if (principal.organizationId !== dto.vendor.id) {
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'checklist.read', target: { type: 'checklist', id: dto.id } });
    }
    return dto;
  }
}

function toDto(
  row: ChecklistRow,
  answers: AnswerRow[],
  history: { revision: number; status: ChecklistStatus; submitted_at: Date | null }[],
  form: FormDefinition,
  use: FormUse,
): ChecklistDto {
  const items = new Map(form.items.map((item) => [item.id, item]));
  const sections = new Map(form.sections.map((section) => [section.id, section.title]));
  const today = todayInJapan();
  return {
    id: row.id,
    contractId: row.contract_id,
    fiscalYear: row.fiscal_year,
    fiscalYearLabel: fiscalYearLabel(row.fiscal_year),
    revision: row.revision,
    status: row.status,
    statusLabel: CHECKLIST_STATUS_LABELS[row.status],
    formId: form.id,
    formLabel: `${form.title} ${form.versionLabel}`,
    formOutdated: use.outdated,
    newerFormId: use.newerFormId,
    formUse: use,
    vendor: { id: row.vendor_id, name: row.vendor_name },
    customer: { id: row.customer_id, name: row.customer_name },
    managerName: row.manager_name,
    answers: answers.map((answer) => {
      const item = items.get(answer.item_id);
      return {
        itemId: answer.item_id,
        counterpartItemId: item?.counterpart && item.counterpart.itemId !== answer.item_id ? item.counterpart.itemId : null,
        section: item ? (sections.get(item.sectionId) ?? null) : null,
        scope: item?.scope ?? null,
        text: item?.text ?? answer.item_id,
        textEn: item?.textEn ?? null,
        answer: answer.answer,
        confirmedOn: answer.confirmed_on,
        targetOn: answer.target_on,
        plannedOn: answer.planned_on,
        plannedBy: item?.plannedBy ?? null,
        remarks: answer.remarks,
        targetOverdue: answer.answer === 'いいえ' && answer.target_on !== null && answer.target_on < today,
      };
    }),
    noCount: answers.filter((answer) => answer.answer === 'いいえ').length,
    missingItems: missingChecklistItems(form, answers.map((answer) => answer.item_id)),
    submittedAt: row.submitted_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
    revisions: history.map((h) => ({ revision: h.revision, status: h.status, submittedAt: h.submitted_at?.toISOString() ?? null })),
  };
}
