import ExcelJS from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import { fiscalYearLabel } from '../common/fiscal-year';
import type { FormDefinition, FormItem } from '../forms/form-definition';
import {
  ANSWERS_SHEET,
  ChecklistWorkbookLayout,
  Column,
  FORM_FIELDS,
  FORM_SHEET,
  GUIDE_SHEET_NAME,
  heading,
  ITEM_COLUMNS,
  ROWS_COLUMNS,
  SHEET_HEADER_FIELDS,
  SHEET_TABLE_COLUMNS,
} from './checklist-workbook-layout';

export interface WorkbookAnswer {
  answer: string;
  confirmedOn: string | null;
  targetOn: string | null;
  plannedOn: string | null;
  remarks: string | null;
}

export interface WorkbookCustomer {
  contractId: string;
  pharmacyCode: string | null;
  name: string;
  managerName: string | null;
  /** Prefilled answers by item id (empty for a blank book). */
  answers: Map<string, WorkbookAnswer>;
}

/** What a checklist workbook shows: pure data, so the layout is testable without a database. */
export interface ChecklistWorkbookView {
  form: FormDefinition;
  fiscalYear: number;
  layout: ChecklistWorkbookLayout;
  customers: WorkbookCustomer[];
}

const DATE_KEYS = new Set(['confirmedOn', 'targetOn', 'plannedOn']);
const BOLD = { bold: true } as const;

/**
 * The workbook, written through exceljs' streaming writer (rows are flushed as they are written):
 * 2,000 customers × 14 items never sit in memory as cell objects.
 */
export function checklistWorkbookStream(view: ChecklistWorkbookView): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  workbook.creator = 'Kaiji';
  const write = async () => {
    if (view.layout === 'rows') writeRowsSheet(workbook, view);
    else view.customers.forEach((customer, index) => writeCustomerSheet(workbook, view, customer, index));
    writeFormSheet(workbook, view);
    writeGuide(workbook, view);
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

function writeRowsSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, view: ChecklistWorkbookView): void {
  const sheet = workbook.addWorksheet(ANSWERS_SHEET.name, { views: [{ state: 'frozen', xSplit: 4, ySplit: 1 }] });
  sheet.columns = ROWS_COLUMNS.map(columnOf);
  headingRow(sheet, ROWS_COLUMNS);
  let row = 1;
  for (const customer of view.customers) {
    for (const item of view.form.items) {
      const values: Record<string, unknown> = { contractId: customer.contractId, pharmacyCode: customer.pharmacyCode, customerName: customer.name, managerName: customer.managerName };
      dataRow(sheet, ROWS_COLUMNS, { ...values, ...itemValues(item, customer.answers.get(item.id)) });
      row++;
    }
  }
  answerDropdown(sheet, view.form, ROWS_COLUMNS, 2, Math.max(row, 2));
  sheet.commit();
}

function writeCustomerSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, view: ChecklistWorkbookView, customer: WorkbookCustomer, index: number): void {
  const fieldRows = SHEET_HEADER_FIELDS.length;
  const sheet = workbook.addWorksheet(customerSheetName(customer, index), { views: [{ state: 'frozen', ySplit: fieldRows + 2 }] });
  sheet.columns = SHEET_TABLE_COLUMNS.map(columnOf);
  const fieldValues: Record<string, unknown> = { contractId: customer.contractId, pharmacyCode: customer.pharmacyCode, customerName: customer.name, managerName: customer.managerName };
  for (const field of SHEET_HEADER_FIELDS) {
    const row = sheet.addRow([heading(field), fieldValues[field.key] ?? null]);
    row.getCell(1).font = BOLD;
    row.commit();
  }
  sheet.addRow([]).commit();
  headingRow(sheet, SHEET_TABLE_COLUMNS);
  for (const item of view.form.items) dataRow(sheet, SHEET_TABLE_COLUMNS, itemValues(item, customer.answers.get(item.id)));
  const first = fieldRows + 3;
  answerDropdown(sheet, view.form, SHEET_TABLE_COLUMNS, first, first + view.form.items.length - 1);
  sheet.commit();
}

/** Sheet names are at most 31 characters, unique, without []:*?/\ — numbered so two pharmacies of one name stay apart. */
export function customerSheetName(customer: Pick<WorkbookCustomer, 'name'>, index: number): string {
  const name = customer.name.replace(/[[\]:*?/\\]/g, '_');
  return [...`${index + 1} ${name}`].slice(0, 31).join('');
}

function writeFormSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, view: ChecklistWorkbookView): void {
  const sheet = workbook.addWorksheet(FORM_SHEET.name);
  sheet.columns = [{ width: 20 }, { width: 44 }];
  const values: Record<string, unknown> = { formId: view.form.id, fiscalYear: view.fiscalYear, versionLabel: view.form.versionLabel, layout: view.layout };
  for (const field of FORM_FIELDS) sheet.addRow([heading(field), values[field.key]]).commit();
  sheet.addRow([]).commit();
  sheet.addRow([`${fiscalYearLabel(view.fiscalYear)} ${view.form.title}`]).commit();
  sheet.commit();
}

function writeGuide(workbook: ExcelJS.stream.xlsx.WorkbookWriter, view: ChecklistWorkbookView): void {
  const sheet = workbook.addWorksheet(GUIDE_SHEET_NAME);
  sheet.columns = [{ width: 22 }, { width: 100 }];
  const lines: (string | null)[][] = [
    [`${fiscalYearLabel(view.fiscalYear)} 事業者確認用チェックリスト 一括回答ブックの記入方法`, null],
    ['様式', `${view.form.id}（${view.form.versionLabel}）。様式IDと年度は変更しないでください。別の様式・年度のブックはアップロードできません`],
    ['形式', view.layout === 'rows' ? '1行に1顧客×1項目（「回答 (answers)」シート）' : '1顧客1シート（上に顧客、下に項目の表）'],
    ['アップロード', 'まず「確認のみ」(dryRun) で誤りを確認し、下書き保存または提出します。誤りはシート・行・列で示されます。提出では顧客ごとに全項目がそろった顧客だけが提出されます'],
    ['上限', '1ブック2,000顧客、10MBまで。顧客が多い場合は製品や契約種別で絞ってダウンロードしてください'],
    [null, null],
    ['列', '書き方'],
    ...[...SHEET_HEADER_FIELDS, ...ITEM_COLUMNS].map((column) => [column.label, column.help]),
  ];
  for (const [index, line] of lines.entries()) {
    const row = sheet.addRow(line);
    if (index === 0 || index === 6) row.font = BOLD;
    row.commit();
  }
  sheet.commit();
}

function columnOf(column: Column): Partial<ExcelJS.Column> {
  return { width: column.width, style: DATE_KEYS.has(column.key) ? { numFmt: 'yyyy-mm-dd' } : {} };
}

function headingRow(sheet: ExcelJS.Worksheet, columns: readonly Column[]): void {
  const row = sheet.addRow(columns.map(heading));
  row.font = BOLD;
  row.alignment = { vertical: 'middle', wrapText: true };
  row.commit();
}

function dataRow(sheet: ExcelJS.Worksheet, columns: readonly Column[], values: Record<string, unknown>): void {
  const row = sheet.addRow(columns.map((column) => cellValue(column.key, values[column.key])));
  for (const [index, column] of columns.entries()) if (DATE_KEYS.has(column.key)) row.getCell(index + 1).numFmt = 'yyyy-mm-dd';
  row.commit();
}

function cellValue(key: string, value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  // Dates as Excel dates (a date cell Excel lets one edit as a date), read back as YYYY-MM-DD.
  if (DATE_KEYS.has(key) && typeof value === 'string') return new Date(`${value}T00:00:00Z`);
  return value as ExcelJS.CellValue;
}

function itemValues(item: FormItem, answer: WorkbookAnswer | undefined): Record<string, unknown> {
  return { itemId: item.id, itemText: item.text, ...(answer ?? {}) };
}

/** The answer column offers the item's answers as a dropdown (the form's answers: はい / いいえ). */
function answerDropdown(sheet: ExcelJS.Worksheet, form: FormDefinition, columns: readonly Column[], from: number, to: number): void {
  const column = columns.findIndex((c) => c.key === 'answer') + 1;
  const answers = [...new Set(form.items.flatMap((item) => item.answers))];
  const letter = String.fromCharCode(64 + column);
  validations(sheet).add(`${letter}${from}:${letter}${to}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${answers.join(',')}"`],
    showErrorMessage: true,
    errorTitle: '回答',
    error: `${answers.join(' / ')} から選んでください`,
  });
}

/** exceljs keeps a sheet's data validations (dropdowns) here; its type declarations leave the property out. */
function validations(sheet: ExcelJS.Worksheet): { add(range: string, validation: ExcelJS.DataValidation): void } {
  return (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
}
