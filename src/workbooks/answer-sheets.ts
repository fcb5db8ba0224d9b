import { keyOfHeading } from '../form-registration/form-workbook-layout';
import type { Plain } from '../form-registration/workbook-cells';
import { columnLetter, type WorkbookProblem } from '../form-registration/workbook-problems';
import type { SheetRow } from './workbook-stream-reader';

export type CellRead = Plain | { error: string };

/** A value read from a cell, and where it is (to place a problem about it). */
export interface Located {
  value: CellRead;
  row: number;
  column: number;
  heading: string;
}

/** A row of an item table, by column key. */
export interface TableRow {
  row: number;
  values: Map<string, CellRead>;
}

/**
 * A sheet as the answer workbooks lay it out: fields above (heading with its key in brackets in A,
 * value in B), then a table whose heading row names its columns by key, then one row per item.
 */
export interface AnswerSheet {
  name: string;
  fields: Map<string, Located>;
  columns: Map<string, { number: number; heading: string }>;
  rows: TableRow[];
}

/** A table starts at the first row with a heading of this key within the first rows; other sheets are notes and are ignored. */
const TABLE_SEARCH_ROWS = 30;

/**
 * Groups the rows of a book into sheets: the fields above each table, the table's columns, its
 * rows. A sheet without a table (the guide, the 様式 sheet, a sheet of the vendor's own notes) keeps
 * its fields only. Only keys in `keys` are kept: anything else is shown for reading, not read.
 */
export async function readAnswerSheets(rows: AsyncIterable<SheetRow>, tableKey: string, keys: ReadonlySet<string>): Promise<AnswerSheet[]> {
  const sheets: AnswerSheet[] = [];
  let current: AnswerSheet | undefined;
  for await (const { sheet, row, cells } of rows) {
    if (current?.name !== sheet) {
      current = { name: sheet, fields: new Map(), columns: new Map(), rows: [] };
      sheets.push(current);
    }
    if (current.columns.size > 0) {
      const values = new Map<string, CellRead>();
      for (const [key, column] of current.columns) values.set(key, cells[column.number] ?? null);
      current.rows.push({ row, values });
      continue;
    }
    if (row > TABLE_SEARCH_ROWS && current.fields.size === 0) continue;
    const headings = cells.map((cell) => (typeof cell === 'string' ? keyOfHeading(cell) : null));
    if (headings.includes(tableKey)) {
      headings.forEach((key, number) => {
        if (key && keys.has(key) && !current?.columns.has(key)) current?.columns.set(key, { number, heading: cells[number] as string });
      });
      continue;
    }
    const fieldKey = headings[1];
    if (fieldKey && keys.has(fieldKey) && !current.fields.has(fieldKey)) current.fields.set(fieldKey, { value: cells[2] ?? null, row, column: 2, heading: cells[1] as string });
  }
  return sheets;
}

/** Where a problem is: a table cell by column key, or a field's value cell. */
export function tableCell(sheet: AnswerSheet, row: number, key: string | undefined, message: string): WorkbookProblem {
  const column = key ? sheet.columns.get(key) : undefined;
  const problem: WorkbookProblem = { sheet: sheet.name, row, message };
  if (column) Object.assign(problem, { column: column.heading, cell: `${columnLetter(column.number)}${row}` });
  return problem;
}

export function fieldCell(sheet: AnswerSheet, field: Located, message: string): WorkbookProblem {
  return { sheet: sheet.name, row: field.row, column: field.heading, cell: `${columnLetter(field.column)}${field.row}`, message };
}

/** The text of a read value ('' for blank); numbers as written (a 保険薬局コード typed as a number). */
export function textOf(value: CellRead | undefined): string {
  if (value === null || value === undefined || typeof value === 'object') return '';
  return String(value).trim();
}

const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A date cell as YYYY-MM-DD: a date cell, an Excel serial number (a date typed into a cell not
 * formatted as one), or text 2025-04-10, 2025/4/10. null for blank; { problem } when not a date.
 */
export function dateOf(value: CellRead | undefined): string | null | { problem: string } {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && value > 0 && value < 2_958_466) return new Date(SERIAL_EPOCH_MS + Math.round(value) * 86_400_000).toISOString().slice(0, 10);
  const match = typeof value === 'string' ? /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value.trim()) : null;
  if (match) return `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
  return { problem: '日付は YYYY-MM-DD（例: 2025-04-10）で入力してください (must be a date, e.g. 2025-04-10)' };
}
