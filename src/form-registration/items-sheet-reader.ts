import type ExcelJS from 'exceljs';
import type { FormItem, FormSection } from '../forms/form-definition';
import { heading, ITEM_COLUMNS, keyOfHeading } from './form-workbook-layout';
import { headingColumns } from './header-sheet-reader';
import { headingText, plainValue, readValue } from './workbook-cells';
import type { WorkbookLocator } from './workbook-locator';
import type { WorkbookProblem } from './workbook-problems';

type Row = Partial<Record<string, unknown>>;

/**
 * The items sheet: a heading row, then one row per item in the order printed. Columns are found
 * by the key in brackets of their heading, and every column of the layout must be there (a lost
 * 役割 column would silently stop an item deriving). Wholly blank rows are skipped. Sections are
 * taken from the 区分 columns in order of first appearance.
 */
export function readItemsSheet(sheet: ExcelJS.Worksheet, locator: WorkbookLocator, problems: WorkbookProblem[]): { items: FormItem[]; sections: FormSection[] } {
  const columns = headingColumns(sheet);
  sheet.getRow(1).eachCell((cell, number) => {
    const key = keyOfHeading(headingText(cell.value));
    if (key && columns.get(key) !== number) problems.push({ sheet: sheet.name, row: 1, column: headingText(cell.value), message: `列「${key}」が重複しています (the column "${key}" repeats)` });
  });
  for (const column of ITEM_COLUMNS) {
    const number = columns.get(column.key);
    if (number === undefined && column.mayBeAbsent) continue;
    if (number === undefined) problems.push({ sheet: sheet.name, row: 1, column: heading(column), message: `列「${heading(column)}」がありません (the column "${column.key}" is missing)` });
    else locator.recordItemColumn(column.key, number, headingText(sheet.getRow(1).getCell(number).value));
  }
  if (ITEM_COLUMNS.some((column) => !columns.has(column.key) && !column.mayBeAbsent)) return { items: [], sections: [] };

  const items: FormItem[] = [];
  const sections = new Map<string, FormSection>();
  const rowOfItem = new Map<string, number>();
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values = readRow(row, rowNumber, columns, locator, problems);
    if (!values) return;
    locator.recordItemRow(rowNumber);
    const id = values.id as string | undefined;
    if (id !== undefined) {
      const first = rowOfItem.get(id);
      if (first !== undefined) problems.push({ ...locator.item(rowNumber, 'id'), message: `番号「${id}」が${first}行目と重複しています (item number "${id}" repeats row ${first})` });
      else rowOfItem.set(id, rowNumber);
    }
    sectionOf(values, rowNumber, sections, locator, problems);
    items.push(itemOf(values));
  });
  if (items.length === 0) problems.push({ sheet: sheet.name, row: 2, message: '項目が1行もありません (the sheet lists no items)' });
  return { items, sections: [...sections.values()] };
}

/** A row's values by column key; undefined for a wholly blank row. */
function readRow(row: ExcelJS.Row, rowNumber: number, columns: Map<string, number>, locator: WorkbookLocator, problems: WorkbookProblem[]): Row | undefined {
  const values: Row = {};
  const unreadable = new Set<string>();
  let blank = true;
  for (const column of ITEM_COLUMNS) {
    const number = columns.get(column.key);
    if (number === undefined) continue;
    const plain = plainValue(row.getCell(number).value);
    if (plain === null) continue;
    blank = false;
    const read = typeof plain === 'object' ? { problem: `セルがエラー値（${plain.error}）です (the cell holds an error value)` } : readValue(plain, column.kind, column.values);
    if ('problem' in read) {
      problems.push({ ...locator.item(rowNumber, column.key), message: read.problem });
      unreadable.add(column.key);
    } else values[column.key] = read.value;
  }
  if (blank) return undefined;
  // 区分名 may be left blank after a section's first row: sectionOf decides.
  for (const column of ITEM_COLUMNS) {
    if (column.required && column.key !== 'sectionTitle' && values[column.key] === undefined && !unreadable.has(column.key)) {
      problems.push({ ...locator.item(rowNumber, column.key), message: `「${heading(column)}」を入力してください (${column.key} is required)` });
    }
  }
  if ((values.counterpartFormId === undefined) !== (values.counterpartItemId === undefined)) {
    const empty = values.counterpartFormId === undefined ? 'counterpartFormId' : 'counterpartItemId';
    problems.push({ ...locator.item(rowNumber, empty), message: '相手方の様式IDと番号は両方とも記入してください (give both the counterpart form id and item number, or neither)' });
  }
  return values;
}

/** Records the row's section the first time it appears; a later row may leave the title blank but not contradict it. */
function sectionOf(values: Row, rowNumber: number, sections: Map<string, FormSection>, locator: WorkbookLocator, problems: WorkbookProblem[]): void {
  const id = values.sectionId as string | undefined;
  if (id === undefined) return;
  const title = values.sectionTitle as string | undefined;
  const titleEn = values.sectionTitleEn as string | undefined;
  const known = sections.get(id);
  if (!known) {
    if (title === undefined) problems.push({ ...locator.item(rowNumber, 'sectionTitle'), message: `区分「${id}」の最初の行には区分名が必要です (the first row of section "${id}" needs its title)` });
    sections.set(id, prune({ id, title: title ?? '', titleEn }));
    locator.recordSectionRow(rowNumber);
    return;
  }
  if (title !== undefined && title !== known.title) {
    problems.push({ ...locator.item(rowNumber, 'sectionTitle'), message: `区分「${id}」の区分名が前の行（${known.title}）と違います (section "${id}" has another title above)` });
  }
  if (titleEn !== undefined && known.titleEn !== undefined && titleEn !== known.titleEn) {
    problems.push({ ...locator.item(rowNumber, 'sectionTitleEn'), message: `区分「${id}」の英語の区分名が前の行と違います (section "${id}" has another English title above)` });
  }
}

function itemOf(values: Row): FormItem {
  const { counterpartFormId, counterpartItemId, sectionTitle: _title, sectionTitleEn: _titleEn, ...rest } = values;
  const counterpart = counterpartFormId !== undefined && counterpartItemId !== undefined ? { formId: counterpartFormId as string, itemId: counterpartItemId as string } : undefined;
  // The manual's columns ("manual.explanation") make one object; any of them filled makes it, and
  // validation then asks for the rest (section, explanation, source).
  const fields: Row = {};
  const manual: Row = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key.startsWith('manual.')) manual[key.slice('manual.'.length)] = value;
    else fields[key] = value;
  }
  return prune({ ...(fields as unknown as FormItem), counterpart, manual: Object.keys(manual).length > 0 ? (manual as unknown as FormItem['manual']) : undefined });
}

function prune<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
