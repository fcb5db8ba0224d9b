import type { FieldError } from '../common/app-error';
import { AppError } from '../common/app-error';
import { fiscalYearLabel } from '../common/fiscal-year';
import type { WorkbookProblem } from '../form-registration/workbook-problems';
import type { FormDefinition } from '../forms/form-definition';
import { ChecklistAnswerRow, checkChecklistAnswers, missingChecklistItems } from '../checklists/checklist-answers';
import { assertOwesChecklist } from '../checklists/checklists.service';
import { fieldCell, tableCell } from './answer-sheets';
import type { ReadCustomer } from './checklist-workbook-reader';
import type { WorkbookContract } from './checklist-workbook.statements';
import type { WorkbookAnswer } from './checklist-workbook-writer';

/** Where a customer is named: its 契約ID (or 保険薬局コード) cell, on its row or in its sheet's fields. */
export function customerCell(customer: ReadCustomer, message: string): WorkbookProblem {
  const field = customer.sheet.fields.get(customer.by);
  return field ? fieldCell(customer.sheet, field, message) : tableCell(customer.sheet, customer.row, customer.by, message);
}

/**
 * Places an error of the checklist rules or of the bulk path ("answers[3].targetOn",
 * "entries[0].answers[3].targetOn", "entries[0].contractId") at the answer's row and column.
 */
export function placeError(customer: ReadCustomer, error: FieldError): WorkbookProblem {
  const answer = /answers\[(\d+)\]\.?(\w*)/.exec(error.field);
  if (answer) {
    const row = customer.answerRows[Number(answer[1])];
    if (row !== undefined) return tableCell(customer.sheet, row, answer[2] || 'itemId', error.message);
  }
  return customerCell(customer, error.message);
}

/** The contract a customer names: by id, or the one in force with the pharmacy of the code (as the bulk path picks it). */
export function contractOf(customer: ReadCustomer, byId: Map<string, WorkbookContract>, byCode: Map<string, WorkbookContract[]>): WorkbookContract | WorkbookProblem {
  if (customer.contractId) {
    // Someone else's contract reads exactly as one that does not exist.
    return byId.get(customer.contractId.toLowerCase()) ?? customerCell(customer, 'あなたの契約にありません (is not one of your contracts)');
  }
  const matches = byCode.get(customer.pharmacyCode as string) ?? [];
  if (matches.length === 1) return matches[0];
  return customerCell(
    customer,
    matches.length === 0
      ? 'この薬局との有効な保守・運用契約がありません (no active maintenance or operation contract with this pharmacy)'
      : 'この薬局との契約が複数あります。契約IDを記入してください (several contracts with this pharmacy: fill in the contract id)',
  );
}

/** The contract owes a 事業者確認用 (in force, not sale-only), in the version of the book. */
export function contractProblem(customer: ReadCustomer, contract: WorkbookContract, form: FormDefinition, applicable: FormDefinition | undefined, fiscalYear: number): WorkbookProblem | undefined {
  try {
    assertOwesChecklist(contract);
  } catch (error) {
    if (error instanceof AppError) return customerCell(customer, error.detail ?? error.title);
    throw error;
  }
  if (applicable?.id !== form.id) {
    const kind = contract.customer_kind === 'pharmacy' ? '薬局' : '医療機関';
    return customerCell(
      customer,
      `この顧客（${kind}）の${fiscalYearLabel(fiscalYear)}の様式は ${applicable?.id ?? '未登録'} です。このブック（${form.id}）では回答できません (this customer answers ${applicable?.id ?? 'no version'} in fiscal year ${fiscalYear}, not ${form.id})`,
    );
  }
  return undefined;
}

/** The answers against the form's rules; for a submission, every required item answered. */
export function answerProblems(customer: ReadCustomer, form: FormDefinition, fiscalYear: number, submit: boolean): { rows: ChecklistAnswerRow[]; problems: WorkbookProblem[] } {
  const { rows, errors } = checkChecklistAnswers(form, fiscalYear, customer.answers);
  const problems = errors.map((error) => placeError(customer, error));
  if (submit) {
    for (const blank of customer.blankRows) problems.push(tableCell(customer.sheet, blank.row, 'answer', `${blank.itemId}: 回答が空欄です。提出にはすべての項目の回答が必要です (the answer is blank: a submission answers every item)`));
    const blanks = new Set(customer.blankRows.map((b) => b.itemId));
    const missing = missingChecklistItems(form, rows.map((row) => row.itemId)).filter((id) => !blanks.has(id));
    if (missing.length > 0) problems.push(customerCell(customer, `この顧客の行に次の項目がありません: ${missing.join(', ')} (the customer's rows lack items ${missing.join(', ')})`));
  }
  return { rows, problems };
}

/** Items whose answer, dates or remarks differ from the latest revision's. */
export function changedItems(rows: ChecklistAnswerRow[], before: Map<string, WorkbookAnswer> | undefined): string[] {
  if (!before) return rows.map((row) => row.itemId);
  const changed = rows
    .filter((row) => {
      const old = before.get(row.itemId);
      return !old || old.answer !== row.answer || old.confirmedOn !== row.confirmedOn || old.targetOn !== row.targetOn || old.plannedOn !== row.plannedOn || (old.remarks ?? null) !== row.remarks;
    })
    .map((row) => row.itemId);
  const now = new Set(rows.map((row) => row.itemId));
  return [...changed, ...[...before.keys()].filter((id) => !now.has(id))];
}
