import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { binary, loadWorkbook, XLSX } from './form-workbooks';
import type { TestApp } from './test-app';

/**
 * Answer workbooks (GET/POST /v1/checklist-workbooks, /v1/disclosure-workbooks) as a vendor fills
 * them in Excel: cells found by the key in brackets of their headings, never by position.
 */

export const ANSWERS_SHEET = '回答 (answers)';
export const FORM_SHEET = '様式 (form)';

export interface WorkbookProblem {
  sheet: string;
  row?: number;
  column?: string;
  cell?: string;
  message: string;
}

const keyOf = (value: ExcelJS.CellValue) => (typeof value === 'string' ? /\(([A-Za-z.]+)\)$/.exec(value)?.[1] : undefined);

export async function downloadWorkbook(t: TestApp, token: string, path: string): Promise<{ status: number; bytes: Buffer; response: Response }> {
  const response = await t.http.get(path).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
  return { status: response.status, bytes: response.body as Buffer, response };
}

export function uploadWorkbook(t: TestApp, token: string, path: string, bytes: Buffer) {
  return t.http.post(path).set('Authorization', `Bearer ${token}`).set('Content-Type', XLSX).send(bytes);
}

/** The row of headings of a table (the first row with an 「番号 (itemId)」 heading) and its columns by key. */
export function tableOf(sheet: ExcelJS.Worksheet): { headingRow: number; columns: Map<string, number> } {
  for (let row = 1; row <= Math.min(sheet.rowCount, 30); row++) {
    const columns = new Map<string, number>();
    sheet.getRow(row).eachCell((cell, number) => {
      const key = keyOf(cell.value);
      if (key) columns.set(key, number);
    });
    if (columns.has('itemId')) return { headingRow: row, columns };
  }
  throw new Error(`no item table on ${sheet.name}`);
}

/** Every data row of a table with a setter by column key. */
export function tableRows(sheet: ExcelJS.Worksheet): { row: ExcelJS.Row; get: (key: string) => ExcelJS.CellValue; set: (key: string, value: ExcelJS.CellValue) => void }[] {
  const { headingRow, columns } = tableOf(sheet);
  const rows = [];
  for (let number = headingRow + 1; number <= sheet.rowCount; number++) {
    const row = sheet.getRow(number);
    const column = (key: string) => {
      const found = columns.get(key);
      if (!found) throw new Error(`no column ${key} on ${sheet.name}`);
      return found;
    };
    rows.push({ row, get: (key: string) => row.getCell(column(key)).value, set: (key: string, value: ExcelJS.CellValue) => void (row.getCell(column(key)).value = value) });
  }
  return rows;
}

/** The value cell (B) of a field row above a table or on the 様式 sheet, by key. */
export function setField(sheet: ExcelJS.Worksheet, key: string, value: ExcelJS.CellValue): void {
  for (let row = 1; row <= Math.min(sheet.rowCount, 30); row++) {
    if (keyOf(sheet.getRow(row).getCell(1).value) === key) {
      sheet.getRow(row).getCell(2).value = value;
      return;
    }
  }
  throw new Error(`no field ${key} on ${sheet.name}`);
}

export function fieldOf(sheet: ExcelJS.Worksheet, key: string): ExcelJS.CellValue {
  for (let row = 1; row <= Math.min(sheet.rowCount, 30); row++) if (keyOf(sheet.getRow(row).getCell(1).value) === key) return sheet.getRow(row).getCell(2).value;
  throw new Error(`no field ${key} on ${sheet.name}`);
}

/** Loads, edits and saves back, as Excel would. */
export async function edited(bytes: Buffer, edit: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = await loadWorkbook(bytes);
  edit(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Answers every item of every table row はい, confirmed on `confirmedOn` (a date cell, as Excel keeps a typed date). */
export function answerAll(workbook: ExcelJS.Workbook, confirmedOn: string): void {
  for (const sheet of workbook.worksheets) {
    if (sheet.name === FORM_SHEET || sheet.name.includes('(guide)')) continue;
    for (const row of tableRows(sheet)) {
      if (!row.get('itemId')) continue;
      row.set('answer', 'はい');
      row.set('confirmedOn', new Date(`${confirmedOn}T00:00:00Z`));
    }
  }
}

/**
 * A rows-layout workbook built from nothing (as a vendor system would write one), every item はい:
 * for the limits, where downloading would refuse the book first.
 */
export async function rowsWorkbook(formId: string, fiscalYear: number, contractIds: string[], itemIds: readonly string[], confirmedOn: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const answers = workbook.addWorksheet(ANSWERS_SHEET);
  answers.addRow(['契約ID (contractId)', '番号 (itemId)', '回答 (answer)', '確認日 (confirmedOn)']);
  for (const contractId of contractIds) for (const itemId of itemIds) answers.addRow([contractId, itemId, 'はい', confirmedOn]);
  const form = workbook.addWorksheet(FORM_SHEET);
  form.addRow(['様式ID (formId)', formId]);
  form.addRow(['年度 (fiscalYear)', fiscalYear]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const problemsOf = (response: Response): WorkbookProblem[] => (response.body as { errors: WorkbookProblem[] }).errors;
