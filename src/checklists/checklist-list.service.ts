import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { checklistVisible, SqlParams } from '../access/visibility';
import { fiscalYearLabel } from '../common/fiscal-year';
import { Page, pageSize, toPage } from '../common/pagination';
import type { CustomerKind } from '../forms/form-definition';
import type { FormUse } from '../forms/form-use';
import { FormsService } from '../forms/forms.service';
import { listOrder } from '../sync/list-order';
import type { ChecklistListQueryDto, ChecklistSummaryDto } from './checklist-list.dto';
import { CHECKLIST_STATUS_LABELS, ChecklistStatus } from './checklists.dto';

interface SummaryRow {
  id: string;
  contract_id: string;
  fiscal_year: number;
  revision: number;
  status: ChecklistStatus;
  form_id: string;
  submitted_at: Date | null;
  created_at: Date;
  updated_at: Date;
  vendor_id: string;
  vendor_name: string;
  customer_id: string;
  customer_name: string;
  customer_kind: CustomerKind;
  pharmacy_code: string | null;
  submitted_revision: number | null;
  first_submitted_at: Date | null;
  no_count: number;
}

/**
 * A 年度's 事業者確認用 checklists in one list, one row per contract: what a vendor's system polls
 * instead of one GET per customer. Each row is the revision the caller would read on the
 * per-contract route (the same visibility predicate): the vendor's latest, draft included; a
 * customer's (or its chain's) latest submitted. An agent answers no checklist and lists none.
 */
@Injectable()
export class ChecklistListService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
  ) {}

  async list(principal: Principal, query: ChecklistListQueryDto): Promise<Page<ChecklistSummaryDto>> {
    const params = new SqlParams([query.fiscalYear]);
    const current = [`vc.fiscal_year = $1`, checklistVisible(principal, 'vc', 'c', params)];
    if (query.pharmacyCode) current.push(`cu.pharmacy_code = ${params.add(query.pharmacyCode)}`);
    const outer: string[] = [];
    if (query.status) outer.push(`l.status = ${params.add(query.status)}`);
    const order = listOrder(query, 'l', params);
    outer.push(...order.where);
    const size = pageSize(query);
    // The current revision per contract first (DISTINCT ON), then the filters on it and the page.
    const rows: SummaryRow[] = await this.db.query(
      `SELECT l.*,
              (SELECT max(s.revision) FROM vendor_checklists s WHERE s.contract_id = l.contract_id AND s.fiscal_year = l.fiscal_year AND s.status = 'submitted')::int AS submitted_revision,
              (SELECT min(s.submitted_at) FROM vendor_checklists s WHERE s.contract_id = l.contract_id AND s.fiscal_year = l.fiscal_year AND s.status = 'submitted') AS first_submitted_at,
              (SELECT count(*) FROM vendor_checklist_answers a WHERE a.checklist_id = l.id AND a.answer = 'いいえ')::int AS no_count
         FROM (SELECT DISTINCT ON (vc.contract_id) vc.id, vc.contract_id, vc.fiscal_year, vc.revision, vc.status, vc.form_id, vc.submitted_at, vc.created_at, vc.updated_at,
                      c.vendor_id, v.name AS vendor_name, c.customer_id, cu.name AS customer_name, cu.kind AS customer_kind, cu.pharmacy_code
                 FROM vendor_checklists vc
                 JOIN contracts c ON c.id = vc.contract_id
                 JOIN organizations v ON v.id = c.vendor_id
                 JOIN organizations cu ON cu.id = c.customer_id
                WHERE ${current.join(' AND ')}
                ORDER BY vc.contract_id, vc.revision DESC) l
        ${outer.length > 0 ? `WHERE ${outer.join(' AND ')}` : ''}
        ORDER BY ${order.orderBy} LIMIT ${params.add(size + 1)}`,
      params.values,
    );
    const uses = await this.formUses(rows.slice(0, size));
    return toPage(rows, size, order.keyOf, (row) => toSummary(row, uses.get(useKey(row)) as FormUse));
  }

  /** Which version each row was answered on, said plainly: one look-up per (kind of customer, version), not per row. */
  private async formUses(rows: SummaryRow[]): Promise<Map<string, FormUse>> {
    const uses = new Map<string, FormUse>();
    for (const row of rows) {
      const key = useKey(row);
      if (!uses.has(key)) uses.set(key, await this.forms.formUse('vendor_checklist', row.customer_kind, row.fiscal_year, row.form_id));
    }
    return uses;
  }
}

function useKey(row: SummaryRow): string {
  return `${row.customer_kind}\n${row.form_id}`;
}

function toSummary(row: SummaryRow, use: FormUse): ChecklistSummaryDto {
  return {
    id: row.id,
    contractId: row.contract_id,
    fiscalYear: row.fiscal_year,
    fiscalYearLabel: fiscalYearLabel(row.fiscal_year),
    revision: row.revision,
    status: row.status,
    statusLabel: CHECKLIST_STATUS_LABELS[row.status],
    submittedRevision: row.submitted_revision,
    formId: row.form_id,
    formOutdated: use.outdated,
    formUse: use,
    vendor: { id: row.vendor_id, name: row.vendor_name },
    customer: { id: row.customer_id, name: row.customer_name, pharmacyCode: row.pharmacy_code },
    noCount: row.no_count,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    firstSubmittedAt: row.first_submitted_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
  };
}
