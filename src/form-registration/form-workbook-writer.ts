import ExcelJS from 'exceljs';
import type { FormDefinition, FormItem } from '../forms/form-definition';
import { cellOf } from './workbook-cells';
import { GUIDE_SHEET, HEADER_FIELDS, HEADER_SHEET, heading, ITEM_COLUMNS, ITEMS_SHEET, type HeaderField, type ItemColumn } from './form-workbook-layout';

/** Rows below the last item that still offer the drop-down lists, for items a person adds. */
const SPARE_ROWS = 50;
const TEXT_FORMAT = '@';

/**
 * A form version as an XLSX in the declared layout (form-workbook-layout.ts): the header sheet,
 * the items sheet and a guide to both. Values are written as plain strings, numbers and booleans;
 * a string cell is never a formula in XLSX, so texts are written exactly as catalogued (no
 * CSV-style quote in front of a leading "=" that would then upload back changed).
 */
export async function formWorkbook(form: FormDefinition): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Kaiji';
  workbook.created = new Date();
  writeHeaderSheet(workbook.addWorksheet(HEADER_SHEET.name, { views: [{ state: 'frozen', ySplit: 1 }] }), form);
  writeItemsSheet(workbook.addWorksheet(ITEMS_SHEET.name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] }), form);
  writeGuideSheet(workbook.addWorksheet(GUIDE_SHEET.name, { views: [{ state: 'frozen', ySplit: 1 }] }));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** "form.xlsx" names: the version's id, which is what the operator edits into the next one. */
export const workbookFilename = (form: Pick<FormDefinition, 'id'>): string => `${form.id}.xlsx`;

function headerValue(form: FormDefinition, field: HeaderField): unknown {
  if (field.key.startsWith('rules.')) return form.rules[field.key.slice('rules.'.length) as keyof FormDefinition['rules']];
  return form[field.key as keyof FormDefinition];
}

function writeHeaderSheet(sheet: ExcelJS.Worksheet, form: FormDefinition): void {
  sheet.columns = [
    { header: HEADER_SHEET.fieldHeading, width: 40 },
    { header: HEADER_SHEET.valueHeading, width: 90, style: { numFmt: TEXT_FORMAT } },
    { header: HEADER_SHEET.helpHeading, width: 70 },
  ];
  styleHeadingRow(sheet);
  for (const field of HEADER_FIELDS) {
    const value = headerValue(form, field);
    // A list field gets one row per line, and one empty row when it has none, to show where lines go.
    const values = field.lines ? ((value as string[] | undefined)?.length ? (value as string[]) : [null]) : [cellOf(value, field.kind)];
    for (const cell of values) {
      const row = sheet.addRow([heading(field), cell, field.help]);
      row.alignment = { vertical: 'top', wrapText: true };
      if (field.kind === 'integer' || field.kind === 'boolean') row.getCell(2).numFmt = 'General';
      offerChoices(row.getCell(2), field);
    }
  }
}

function itemValue(form: FormDefinition, item: FormItem, column: ItemColumn): unknown {
  const section = form.sections.find((candidate) => candidate.id === item.sectionId);
  switch (column.key) {
    case 'sectionTitle':
      return section?.title;
    case 'sectionTitleEn':
      return section?.titleEn;
    case 'counterpartFormId':
      return item.counterpart?.formId;
    case 'counterpartItemId':
      return item.counterpart?.itemId;
    default:
      if (column.key.startsWith('manual.')) return item.manual?.[column.key.slice('manual.'.length) as keyof NonNullable<FormItem['manual']>];
      return item[column.key as keyof FormItem];
  }
}

function writeItemsSheet(sheet: ExcelJS.Worksheet, form: FormDefinition): void {
  // Text columns are formatted as text, so that a number typed into them (an item "1.10") stays as typed.
  sheet.columns = ITEM_COLUMNS.map((column) => ({
    header: heading(column),
    width: column.width,
    style: column.kind === 'text' || column.kind === 'answers' || column.kind === 'paragraphs' ? { numFmt: TEXT_FORMAT } : {},
  }));
  styleHeadingRow(sheet);
  for (const item of form.items) {
    const row = sheet.addRow(ITEM_COLUMNS.map((column) => cellOf(itemValue(form, item, column), column.kind)));
    row.alignment = { vertical: 'top', wrapText: true };
  }
  for (let rowNumber = 2; rowNumber <= form.items.length + 1 + SPARE_ROWS; rowNumber++) {
    ITEM_COLUMNS.forEach((column, index) => offerChoices(sheet.getCell(rowNumber, index + 1), column));
  }
}

/** A drop-down of the allowed words where a field takes one of a few (kind, audience, role, TRUE/FALSE). */
function offerChoices(cell: ExcelJS.Cell, field: HeaderField | ItemColumn): void {
  const choices = field.kind === 'enum' ? field.values : field.kind === 'boolean' ? ['TRUE', 'FALSE'] : undefined;
  if (!choices) return;
  cell.dataValidation = { type: 'list', allowBlank: !field.required, formulae: [`"${choices.join(',')}"`], showErrorMessage: true };
}

function writeGuideSheet(sheet: ExcelJS.Worksheet): void {
  sheet.columns = [
    { header: 'シート (sheet)', width: 16 },
    { header: '見出し (heading)', width: 36 },
    { header: '必須 (required)', width: 10 },
    { header: '書き方 (how to fill)', width: 110 },
  ];
  styleHeadingRow(sheet);
  for (const field of HEADER_FIELDS) sheet.addRow([HEADER_SHEET.name, heading(field), field.required ? '必須' : '任意', field.help]);
  for (const column of ITEM_COLUMNS) sheet.addRow([ITEMS_SHEET.name, heading(column), column.required ? '必須' : '任意', column.help]);
  sheet.addRow([]);
  sheet.addRow(['', '', '', '見出しの括弧内の英語のキーで列・行を見分けます。列の順序は変えてもかまいませんが、キーは変えないでください。このシートは読み込まれません。']);
  sheet.eachRow((row) => (row.alignment = { vertical: 'top', wrapText: true }));
}

function styleHeadingRow(sheet: ExcelJS.Worksheet): void {
  const row = sheet.getRow(1);
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
}
