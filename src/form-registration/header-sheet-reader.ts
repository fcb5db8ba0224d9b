import type ExcelJS from 'exceljs';
import { HEADER_FIELDS, HEADER_SHEET, heading, keyOfHeading } from './form-workbook-layout';
import { headingText, plainValue, readValue } from './workbook-cells';
import type { WorkbookLocator } from './workbook-locator';
import type { WorkbookProblem } from './workbook-problems';

const FIELD_BY_KEY = new Map(HEADER_FIELDS.map((field) => [field.key, field]));

/**
 * The header sheet: one row per field, found by the key in brackets of its 「項目 (field)」 cell;
 * instructions and footnotes take one row per line. Rows without a key (a person's own notes) are
 * skipped. Returns the fields by key ("rules.riskAnswers" included), blank ones left out.
 */
export function readHeaderSheet(sheet: ExcelJS.Worksheet, locator: WorkbookLocator, problems: WorkbookProblem[]): Record<string, unknown> {
  const columns = headingColumns(sheet);
  const fieldColumn = columns.get('field');
  const valueColumn = columns.get('value');
  for (const [key, expected] of [
    ['field', HEADER_SHEET.fieldHeading],
    ['value', HEADER_SHEET.valueHeading],
  ] as const) {
    if (!columns.has(key)) problems.push({ sheet: sheet.name, row: 1, column: expected, message: `列「${expected}」がありません (the column "${expected}" is missing)` });
  }
  if (!fieldColumn || !valueColumn) return {};
  locator.recordHeaderValueColumn(valueColumn, headingText(sheet.getRow(1).getCell(valueColumn).value));

  const values: Record<string, unknown> = {};
  const seen = new Map<string, number>();
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const key = keyOfHeading(headingText(row.getCell(fieldColumn).value));
    if (!key) return;
    const field = FIELD_BY_KEY.get(key);
    const place = () => locator.header(key, rowNumber);
    if (!field) {
      problems.push({ ...locator.header(key, rowNumber), message: `「${key}」は様式の項目にありません (unknown field "${key}")` });
      return;
    }
    locator.recordHeaderRow(key, rowNumber);
    if (!field.lines && seen.has(key)) {
      problems.push({ ...place(), message: `「${heading(field)}」が${seen.get(key)}行目と重複しています (the field "${key}" repeats row ${seen.get(key)})` });
      return;
    }
    seen.set(key, rowNumber);
    const plain = plainValue(row.getCell(valueColumn).value);
    if (plain === null) return;
    if (typeof plain === 'object') return void problems.push({ ...place(), message: `セルがエラー値（${plain.error}）です (the cell holds an error value)` });
    const read = readValue(plain, field.kind, field.values);
    if ('problem' in read) return void problems.push({ ...place(), message: read.problem });
    values[key] = field.lines ? [...((values[key] as unknown[] | undefined) ?? []), read.value] : read.value;
  });

  for (const field of HEADER_FIELDS) {
    if (!field.required || values[field.key] !== undefined) continue;
    const rows = locator.headerRowsOf(field.key);
    problems.push(
      rows.length === 0
        ? { sheet: sheet.name, column: HEADER_SHEET.fieldHeading, field: field.key, message: `行「${heading(field)}」がありません (the row "${field.key}" is missing)` }
        : { ...locator.header(field.key), message: `「${heading(field)}」を入力してください (${field.key} is required)` },
    );
  }
  return values;
}

/** Columns of the first row by the key in brackets of their heading. */
export function headingColumns(sheet: ExcelJS.Worksheet): Map<string, number> {
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, number) => {
    const key = keyOfHeading(headingText(cell.value));
    if (key && !columns.has(key)) columns.set(key, number);
  });
  return columns;
}
