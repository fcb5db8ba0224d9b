import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { fiscalYearLabel } from '../common/fiscal-year';
import type { CustomerKind, FormDefinition } from '../forms/form-definition';
import { FormsService } from '../forms/forms.service';
import { ChecklistBatchService } from '../checklists/checklist-batch.service';
import { ChecklistAnswerRow, checklistContentHash } from '../checklists/checklist-answers';
import { readAnswerSheets, fieldCell, textOf } from './answer-sheets';
import { CHECKLIST_WORKBOOK_MAX_BYTES, CHECKLIST_WORKBOOK_MAX_INFLATED_BYTES, FORM_SHEET, READ_KEYS, WORKBOOK_MAX_CUSTOMERS } from './checklist-workbook-layout';
import { readChecklistBook, ReadChecklistBook, ReadCustomer } from './checklist-workbook-reader';
import { answerProblems, changedItems, contractOf, contractProblem, customerCell, placeError } from './checklist-workbook-checks';
import { latestChecklists, namedContracts, WorkbookContract } from './checklist-workbook.statements';
import { saveDrafts } from './checklist-drafts.writer';
import { tooManyCustomers } from './checklist-workbook-download.service';
import { assertBoundedAnswerWorkbook } from './workbook-archive-guard';
import { assertVendor, workbookBytes, workbookRefused } from './workbook-refusal';
import { sheetRows } from './workbook-stream-reader';
import type { ChecklistWorkbookCustomerDto, ChecklistWorkbookResultDto, ChecklistWorkbookUploadQueryDto } from './workbooks.dto';

/** A customer read and checked: its contract and answer rows where they are sound, its problems. */
interface Checked {
  read: ReadCustomer;
  contract?: WorkbookContract;
  rows: ChecklistAnswerRow[];
  result: ChecklistWorkbookCustomerDto;
}

/**
 * POST /v1/checklist-workbooks: reads a filled workbook, checks every customer against the form
 * and the checklist rules, and saves drafts (all or nothing) or submits (each customer whole or
 * not at all, through the bulk path), or on a dry run only says what would change.
 */
@Injectable()
export class ChecklistWorkbookImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
    private readonly batch: ChecklistBatchService,
    private readonly audit: AuditService,
  ) {}

  async upload(principal: Principal, body: unknown, query: ChecklistWorkbookUploadQueryDto): Promise<ChecklistWorkbookResultDto> {
    assertVendor(principal, '事業者確認用の一括回答ブック');
    const bytes = workbookBytes(body);
    await assertBoundedAnswerWorkbook(bytes, { maxBytes: CHECKLIST_WORKBOOK_MAX_BYTES, maxInflatedBytes: CHECKLIST_WORKBOOK_MAX_INFLATED_BYTES });
    const book = readChecklistBook(await readAnswerSheets(sheetRows(bytes), 'itemId', READ_KEYS));
    if (book.customers.length > WORKBOOK_MAX_CUSTOMERS) throw tooManyCustomers();
    const form = await this.bookForm(book, query.fiscalYear);
    const submit = query.mode === 'submit';
    const checked = await this.check(principal, book, form, query.fiscalYear, submit);
    const problems = [...book.problems, ...checked.flatMap((c) => c.result.problems)];
    const dryRun = query.dryRun ?? false;
    // A draft upload is all or nothing; a dry run lists everything; a submission goes ahead for the sound customers.
    if (problems.length > 0 && (dryRun || !submit || book.problems.length > 0 || checked.every((c) => c.result.problems.length > 0))) throw workbookRefused(problems);
    if (!dryRun && submit) await this.submit(principal, query.fiscalYear, form, checked);
    if (!dryRun && !submit) await this.saveDrafts(principal, query.fiscalYear, form, checked);
    const results = checked.map((c) => c.result);
    return {
      fiscalYear: query.fiscalYear,
      formId: form.id,
      mode: query.mode,
      dryRun,
      customers: results.length,
      answers: checked.reduce((sum, c) => sum + c.read.answers.length, 0),
      changed: results.filter((r) => r.change !== 'unchanged').length,
      saved: results.filter((r) => r.status === 'saved').length,
      created: results.filter((r) => r.status === 'created').length,
      unchanged: results.filter((r) => r.status === 'unchanged').length,
      failed: results.filter((r) => r.status === 'error').length,
      results,
    };
  }

  /** The version named on the 様式 sheet, checked against the 年度 asked for; anything else refuses the whole book. */
  private async bookForm(book: ReadChecklistBook, fiscalYear: number): Promise<FormDefinition> {
    const sheet = book.formSheet;
    if (!sheet || !book.formId || !textOf(book.formId.value)) {
      throw workbookRefused([{ sheet: sheet?.name ?? FORM_SHEET.name, message: '様式ID（formId）がありません。ダウンロードしたブックに記入してください (the 様式 sheet with the form id is missing: fill in a downloaded workbook)' }]);
    }
    const formId = textOf(book.formId.value);
    const form = await this.forms.get(formId).catch(() => undefined);
    if (!form || form.kind !== 'vendor_checklist') {
      throw workbookRefused([fieldCell(sheet, book.formId, `様式「${formId}」は事業者確認用の様式ではありません (${formId} is not a 事業者確認用 form version)`)]);
    }
    const bookYear = Number(textOf(book.fiscalYear?.value));
    if (book.fiscalYear && bookYear !== fiscalYear) {
      throw workbookRefused([
        fieldCell(sheet, book.fiscalYear, `このブックは${Number.isInteger(bookYear) && bookYear > 0 ? fiscalYearLabel(bookYear) : '別の年度'}用です。${fiscalYearLabel(fiscalYear)}のブックをダウンロードしてください (the workbook is for fiscal year ${bookYear}, not ${fiscalYear})`),
      ]);
    }
    return form;
  }

  private async check(principal: Principal, book: ReadChecklistBook, form: FormDefinition, fiscalYear: number, submit: boolean): Promise<Checked[]> {
    const ids = book.customers.flatMap((c) => (c.contractId ? [c.contractId.toLowerCase()] : []));
    const codes = book.customers.flatMap((c) => (!c.contractId && c.pharmacyCode ? [c.pharmacyCode] : []));
    const contracts = await namedContracts(this.db.manager, principal.organizationId, ids, codes);
    const byId = new Map(contracts.map((c) => [c.id, c]));
    const byCode = new Map<string, WorkbookContract[]>();
    for (const c of contracts) if (c.pharmacy_code && c.status === 'active' && c.kind !== 'sale_only') byCode.set(c.pharmacy_code, [...(byCode.get(c.pharmacy_code) ?? []), c]);
    const latest = await latestChecklists(this.db.manager, contracts.map((c) => c.id), fiscalYear);
    const applicable = new Map<CustomerKind, FormDefinition | undefined>();
    const named = new Map<string, ReadCustomer>();
    const checked: Checked[] = [];
    for (const read of book.customers) {
      const result: ChecklistWorkbookCustomerDto = {
        sheet: read.sheet.name,
        row: read.row,
        contractId: null,
        pharmacyCode: read.pharmacyCode,
        customerName: null,
        answers: read.answers.length,
        change: 'new',
        changedItems: [],
        status: 'valid',
        checklistId: null,
        revision: null,
        problems: [],
      };
      const entry: Checked = { read, rows: [], result };
      checked.push(entry);
      const contract = contractOf(read, byId, byCode);
      if (!('id' in contract)) {
        result.problems.push(contract);
        continue;
      }
      const earlier = named.get(contract.id);
      if (earlier) {
        result.problems.push(customerCell(read, `同じ顧客がシート「${earlier.sheet.name}」の${earlier.row}行目にもあります。1つにまとめてください (the same customer is also on sheet ${earlier.sheet.name}, row ${earlier.row})`));
        continue;
      }
      named.set(contract.id, read);
      Object.assign(result, { contractId: contract.id, pharmacyCode: contract.pharmacy_code, customerName: contract.customer_name });
      entry.contract = contract;
      if (!applicable.has(contract.customer_kind)) applicable.set(contract.customer_kind, await this.forms.vendorChecklistFor(contract.customer_kind, fiscalYear).catch(() => undefined));
      const refused = contractProblem(read, contract, form, applicable.get(contract.customer_kind), fiscalYear);
      if (refused) {
        result.problems.push(refused);
        continue;
      }
      const { rows, problems } = answerProblems(read, form, fiscalYear, submit);
      result.problems.push(...problems);
      entry.rows = rows;
      const before = latest.get(contract.id);
      const comparable = before?.formId === form.id ? before : undefined;
      result.changedItems = changedItems(rows, comparable?.answers);
      const managerChanged = comparable !== undefined && (comparable.managerName ?? null) !== read.managerName;
      result.change = !before ? 'new' : result.changedItems.length > 0 || managerChanged || !comparable ? 'changed' : 'unchanged';
    }
    for (const c of checked) if (c.result.problems.length > 0) c.result.status = 'error';
    return checked;
  }

  /** Each sound customer through the bulk path (its own checks again, its revisions, audit and events); its errors placed back in the book. */
  private async submit(principal: Principal, fiscalYear: number, form: FormDefinition, checked: Checked[]): Promise<void> {
    const sound = checked.filter((c) => c.result.problems.length === 0 && c.contract);
    if (sound.length === 0) return;
    const response = await this.batch.submit(principal, {
      fiscalYear,
      entries: sound.map((c) => ({ contractId: c.contract?.id, formId: form.id, managerName: c.read.managerName ?? undefined, answers: c.read.answers })),
    });
    for (const result of response.results) {
      const entry = sound[result.index];
      Object.assign(entry.result, { status: result.status, checklistId: result.checklistId, revision: result.revision });
      entry.result.problems.push(...(result.errors ?? []).map((error) => placeError(entry.read, error)));
    }
  }

  /** Every customer's draft, in one transaction; customers whose answers equal their latest revision are left as they are. */
  private async saveDrafts(principal: Principal, fiscalYear: number, form: FormDefinition, checked: Checked[]): Promise<void> {
    const changed = checked.filter((c) => c.result.change !== 'unchanged');
    for (const c of checked) if (c.result.change === 'unchanged') c.result.status = 'unchanged';
    if (changed.length === 0) return;
    const writes = changed.map((c) => ({ contractId: c.contract?.id as string, formId: form.id, managerName: c.read.managerName, rows: c.rows, hash: checklistContentHash(form.id, c.read.managerName, c.rows) }));
    const saved = await this.db.transaction((manager) => saveDrafts(manager, this.audit, principal, fiscalYear, writes));
    for (const c of changed) Object.assign(c.result, { status: 'saved', checklistId: saved.get(c.contract?.id as string)?.id ?? null, revision: saved.get(c.contract?.id as string)?.revision ?? null });
  }
}
