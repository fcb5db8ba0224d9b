import type { WorkbookProblem } from '../form-registration/workbook-problems';
import type { ChecklistAnswerInputDto } from '../checklists/checklists.dto';
import { AnswerSheet, dateOf, fieldCell, Located, tableCell, TableRow, textOf } from './answer-sheets';
import { FORM_SHEET, GUIDE_SHEET_NAME } from './checklist-workbook-layout';

/** One customer's answers as read, each answer with the row it came from. */
export interface ReadCustomer {
  sheet: AnswerSheet;
  /** The row that names the customer (the first of its rows, or the 契約ID field of its sheet). */
  row: number;
  /** The column key that names it: contractId, or pharmacyCode when the 契約ID is blank. */
  by: 'contractId' | 'pharmacyCode';
  contractId: string | null;
  pharmacyCode: string | null;
  managerName: string | null;
  answers: ChecklistAnswerInputDto[];
  answerRows: number[];
  /** Rows with an item but no answer (a draft may leave them; a submission may not). */
  blankRows: { row: number; itemId: string }[];
}

export interface ReadChecklistBook {
  formSheet: AnswerSheet | undefined;
  formId: Located | undefined;
  fiscalYear: Located | undefined;
  customers: ReadCustomer[];
  problems: WorkbookProblem[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHARMACY_CODE = /^\d{10}$/;
const MAX_REMARKS = 2000;
const MAX_MANAGER_NAME = 100;

/**
 * The customers and answers of a checklist workbook in either layout: a table with customer
 * columns (rows) groups its rows by customer; a table below customer fields (sheets) is one
 * customer. What cannot become an answer (a date that is not one, a missing customer) is a problem
 * placed at its cell; the checklist rules are checked afterwards, against the form.
 */
export function readChecklistBook(sheets: AnswerSheet[]): ReadChecklistBook {
  const problems: WorkbookProblem[] = [];
  const formSheet = sheets.find((sheet) => sheet.name === FORM_SHEET.name) ?? sheets.find((sheet) => sheet.fields.has('formId') && sheet.columns.size === 0);
  const customers: ReadCustomer[] = [];
  for (const sheet of sheets) {
    if (sheet === formSheet || sheet.name === GUIDE_SHEET_NAME || sheet.columns.size === 0) continue;
    if (!sheet.columns.has('answer')) {
      problems.push({ sheet: sheet.name, message: '「回答 (answer)」の列がありません (the table has no answer column)' });
      continue;
    }
    if (sheet.columns.has('contractId') || sheet.columns.has('pharmacyCode')) readRowsSheet(sheet, customers, problems);
    else readCustomerSheet(sheet, customers, problems);
  }
  return { formSheet, formId: formSheet?.fields.get('formId'), fiscalYear: formSheet?.fields.get('fiscalYear'), customers, problems };
}

function readRowsSheet(sheet: AnswerSheet, customers: ReadCustomer[], problems: WorkbookProblem[]): void {
  const byKey = new Map<string, ReadCustomer>();
  for (const row of sheet.rows) {
    if (isBlank(row)) continue;
    const contractId = textOf(row.values.get('contractId')) || null;
    const pharmacyCode = textOf(row.values.get('pharmacyCode')) || null;
    if (!identifies(sheet, row.row, contractId, pharmacyCode, problems)) continue;
    const key = contractId ? `id:${contractId.toLowerCase()}` : `code:${pharmacyCode}`;
    let customer = byKey.get(key);
    if (!customer) {
      customer = newCustomer(sheet, row.row, contractId, pharmacyCode);
      byKey.set(key, customer);
      customers.push(customer);
    }
    readManager(sheet, customer, row.values.get('managerName'), row.row, problems);
    readAnswer(sheet, customer, row, problems);
  }
}

function readCustomerSheet(sheet: AnswerSheet, customers: ReadCustomer[], problems: WorkbookProblem[]): void {
  const contractField = sheet.fields.get('contractId');
  const codeField = sheet.fields.get('pharmacyCode');
  const contractId = textOf(contractField?.value) || null;
  const pharmacyCode = textOf(codeField?.value) || null;
  const row = (contractId ? contractField : codeField)?.row ?? contractField?.row ?? 1;
  if (!identifies(sheet, row, contractId, pharmacyCode, problems, contractField ?? codeField)) return;
  const customer = newCustomer(sheet, row, contractId, pharmacyCode);
  const manager = sheet.fields.get('managerName');
  if (manager) readManager(sheet, customer, manager.value, manager.row, problems, manager);
  for (const tableRow of sheet.rows) if (!isBlank(tableRow)) readAnswer(sheet, customer, tableRow, problems);
  customers.push(customer);
}

function newCustomer(sheet: AnswerSheet, row: number, contractId: string | null, pharmacyCode: string | null): ReadCustomer {
  return { sheet, row, by: contractId ? 'contractId' : 'pharmacyCode', contractId, pharmacyCode, managerName: null, answers: [], answerRows: [], blankRows: [] };
}

function identifies(sheet: AnswerSheet, row: number, contractId: string | null, pharmacyCode: string | null, problems: WorkbookProblem[], field?: Located): boolean {
  const refuse = (key: string, message: string): false => {
    problems.push(field ? fieldCell(sheet, field, message) : tableCell(sheet, row, key, message));
    return false;
  };
  if (contractId && !UUID.test(contractId)) return refuse('contractId', '契約IDの形式が正しくありません。ダウンロードした値のままにしてください (the contract id is not a valid id)');
  if (!contractId && !pharmacyCode) return refuse('contractId', '契約IDか保険薬局コードが必要です (name the customer by its contract id or 保険薬局コード)');
  if (!contractId && pharmacyCode && !PHARMACY_CODE.test(pharmacyCode)) return refuse('pharmacyCode', '保険薬局コードは10桁の数字です (a 保険薬局コード is 10 digits)');
  return true;
}

function readManager(sheet: AnswerSheet, customer: ReadCustomer, value: unknown, row: number, problems: WorkbookProblem[], field?: Located): void {
  const name = textOf(value as never);
  if (!name) return;
  const place = (message: string): void => void problems.push(field ? fieldCell(sheet, field, message) : tableCell(sheet, row, 'managerName', message));
  if (name.length > MAX_MANAGER_NAME) return place(`管理責任者は${MAX_MANAGER_NAME}文字までです (the 管理責任者 may have at most ${MAX_MANAGER_NAME} characters)`);
  if (customer.managerName === null) customer.managerName = name;
  else if (customer.managerName !== name) place(`同じ顧客の行で管理責任者が異なります（「${customer.managerName}」と「${name}」） (the customer's rows name different 管理責任者)`);
}

function readAnswer(sheet: AnswerSheet, customer: ReadCustomer, row: TableRow, problems: WorkbookProblem[]): void {
  const itemId = textOf(row.values.get('itemId'));
  if (!itemId) return void problems.push(tableCell(sheet, row.row, 'itemId', '番号が空欄です (the item number is blank)'));
  const answer = textOf(row.values.get('answer'));
  if (!answer) return void customer.blankRows.push({ row: row.row, itemId });
  const input: ChecklistAnswerInputDto = { itemId, answer };
  let sound = true;
  for (const key of ['confirmedOn', 'targetOn', 'plannedOn'] as const) {
    const date = dateOf(row.values.get(key));
    if (date !== null && typeof date === 'object') {
      problems.push(tableCell(sheet, row.row, key, `${itemId}: ${date.problem}`));
      sound = false;
    } else if (date) input[key] = date;
  }
  const remarks = textOf(row.values.get('remarks'));
  if (remarks.length > MAX_REMARKS) {
    problems.push(tableCell(sheet, row.row, 'remarks', `${itemId}: 備考は${MAX_REMARKS}文字までです (remarks may have at most ${MAX_REMARKS} characters)`));
    sound = false;
  }
  if (remarks) input.remarks = remarks;
  if (!sound) return;
  customer.answers.push(input);
  customer.answerRows.push(row.row);
}

/** A row with nothing typed in what is read (a row of only a name, or spacing). */
function isBlank(row: TableRow): boolean {
  for (const [key, value] of row.values) if (key !== 'customerName' && key !== 'itemText' && textOf(value) !== '') return false;
  return true;
}
