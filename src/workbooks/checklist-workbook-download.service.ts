import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { AppError } from '../common/app-error';
import { fiscalYearLabel, todayInJapan } from '../common/fiscal-year';
import type { CustomerKind, FormDefinition } from '../forms/form-definition';
import { FormsService } from '../forms/forms.service';
import { WORKBOOK_MAX_CUSTOMERS } from './checklist-workbook-layout';
import { latestChecklists, owingContracts, WorkbookContract } from './checklist-workbook.statements';
import { checklistWorkbookStream, WorkbookCustomer } from './checklist-workbook-writer';
import type { ChecklistWorkbookDownloadQueryDto } from './workbooks.dto';
import { assertVendor } from './workbook-refusal';

/**
 * GET /v1/checklist-workbooks: the 事業者確認用 of a 年度 for the vendor's customers that owe one,
 * as a workbook of one form version, blank or filled with each customer's latest answers.
 */
@Injectable()
export class ChecklistWorkbookDownloadService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
  ) {}

  async download(principal: Principal, query: ChecklistWorkbookDownloadQueryDto): Promise<{ stream: Readable; filename: string }> {
    assertVendor(principal, '事業者確認用の一括回答ブック');
    const { fiscalYear } = query;
    const contracts = await owingContracts(this.db.manager, principal.organizationId, todayInJapan(), query, WORKBOOK_MAX_CUSTOMERS);
    const { form, customers } = await this.bookOf(contracts, fiscalYear, query.formId);
    if (customers.length > WORKBOOK_MAX_CUSTOMERS) throw tooManyCustomers();
    const latest = query.prefilled ? await latestChecklists(this.db.manager, customers.map((c) => c.id), fiscalYear) : new Map();
    const rows: WorkbookCustomer[] = customers.map((contract) => {
      const answered = latest.get(contract.id);
      // Answers given on another version are not carried over: its items may differ in number or meaning.
      const same = answered?.formId === form.id ? answered : undefined;
      return { contractId: contract.id, pharmacyCode: contract.pharmacy_code, name: contract.customer_name, managerName: same?.managerName ?? null, answers: same?.answers ?? new Map() };
    });
    const layout = query.layout ?? 'rows';
    const stream = checklistWorkbookStream({ form, fiscalYear, layout, customers: rows });
    return { stream, filename: `事業者確認用_${fiscalYearLabel(fiscalYear)}_${form.id}_${layout}${query.prefilled ? '_回答入り' : ''}.xlsx` };
  }

  /**
   * The one version the book is for, and the customers who answer it. Pharmacies and medical
   * institutions may answer different versions in one 年度: then the caller names one (formId).
   */
  async bookOf(contracts: WorkbookContract[], fiscalYear: number, formId: string | undefined): Promise<{ form: FormDefinition; customers: WorkbookContract[] }> {
    const formOfKind = new Map<CustomerKind, FormDefinition>();
    for (const kind of new Set(contracts.map((c) => c.customer_kind))) formOfKind.set(kind, await this.forms.vendorChecklistFor(kind, fiscalYear));
    const forms = new Map([...formOfKind.values()].map((form) => [form.id, form]));
    if (formId === undefined) {
      if (forms.size > 1) {
        const options = [...forms.values()].map((form) => ({ formId: form.id, versionLabel: form.versionLabel, audience: form.audience, customers: contracts.filter((c) => formOfKind.get(c.customer_kind)?.id === form.id).length }));
        throw AppError.unprocessable(
          'form_required',
          `顧客によって${fiscalYearLabel(fiscalYear)}の様式が異なります。formId で様式を1つ選んでください: ${options.map((o) => o.formId).join(', ')} (your customers answer different versions in this 年度: choose one with formId)`,
          { forms: options },
        );
      }
      const form = forms.values().next().value ?? (await this.forms.vendorChecklistFor('pharmacy', fiscalYear));
      return { form, customers: contracts };
    }
    const form = forms.get(formId) ?? (await this.applicableOrRefuse(formId, fiscalYear));
    return { form, customers: contracts.filter((c) => formOfKind.get(c.customer_kind)?.id === form.id) };
  }

  /** A formId none of the customers answers: still a book (empty) if it is the version a kind of facility answers this 年度. */
  private async applicableOrRefuse(formId: string, fiscalYear: number): Promise<FormDefinition> {
    for (const kind of ['pharmacy', 'medical'] as const) {
      const form = await this.forms.vendorChecklistFor(kind, fiscalYear).catch(() => undefined);
      if (form?.id === formId) return form;
    }
    throw AppError.invalid([
      { field: 'formId', message: `${fiscalYearLabel(fiscalYear)}に適用される事業者確認用の様式ではありません (not a 事業者確認用 version that applies to fiscal year ${fiscalYear}: GET /v1/forms/applicable)` },
    ]);
  }
}

export function tooManyCustomers(): AppError {
  return AppError.unprocessable(
    'too_many_customers',
    `1つのブックの顧客は${WORKBOOK_MAX_CUSTOMERS}件までです。製品（productId）や契約種別（contractKind）で絞ってください (a workbook holds at most ${WORKBOOK_MAX_CUSTOMERS} customers: narrow it by productId or contractKind)`,
    { maxCustomers: WORKBOOK_MAX_CUSTOMERS },
  );
}
