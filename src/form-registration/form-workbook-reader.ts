import ExcelJS from 'exceljs';
import type { FormDefinition, FormItem, FormSection } from '../forms/form-definition';
import { HEADER_SHEET, ITEMS_SHEET, sheetKey } from './form-workbook-layout';
import { readHeaderSheet } from './header-sheet-reader';
import { readItemsSheet } from './items-sheet-reader';
import { notAWorkbook, workbookInvalid, type WorkbookProblem } from './workbook-problems';
import { WorkbookLocator } from './workbook-locator';
import { assertBoundedWorkbook } from './workbook-zip-guard';

export interface ParsedWorkbook {
  /** As read, not yet validated (formDefinitionProblems does that, as for JSON). */
  form: FormDefinition;
  /** Where each field of the definition came from, to place later problems in the workbook. */
  locator: WorkbookLocator;
}

/**
 * Reads a form version from an uploaded XLSX in the declared layout. Refuses, naming sheet, row and
 * column, what cannot become a definition (a missing sheet or column, a repeated item number, an
 * unknown answer); the rules of a definition are checked afterwards, as for JSON.
 */
export async function readFormWorkbook(bytes: Buffer): Promise<ParsedWorkbook> {
  assertBoundedWorkbook(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its parameter as its own Buffer declaration; any Node Buffer is one at runtime.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw notAWorkbook('Excelブック（.xlsx）として読み取れません。Excelで開いて「名前を付けて保存」で .xlsx 形式にしてください', 'the workbook cannot be read as XLSX');
  }
  const headerSheet = findSheet(workbook, HEADER_SHEET.name);
  const itemsSheet = findSheet(workbook, ITEMS_SHEET.name);
  const missing: string[] = [headerSheet ? null : HEADER_SHEET.name, itemsSheet ? null : ITEMS_SHEET.name].filter((name) => name !== null);
  if (!headerSheet || !itemsSheet) {
    throw workbookInvalid(
      missing.map((name) => ({ sheet: name, message: `シート「${name}」がありません (the sheet "${name}" is missing; download a form version to see the layout)` })),
    );
  }

  const locator = new WorkbookLocator(headerSheet.name, itemsSheet.name);
  const problems: WorkbookProblem[] = [];
  const header = readHeaderSheet(headerSheet, locator, problems);
  const items = readItemsSheet(itemsSheet, locator, problems);
  if (problems.length > 0) throw workbookInvalid(problems);
  return { form: assemble(header, items.items, items.sections), locator };
}

/** By its name, or by the key in brackets (a sheet renamed 「項目一覧 (items)」 still counts). */
function findSheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  return workbook.getWorksheet(name) ?? workbook.worksheets.find((sheet) => sheetKey(sheet.name) === sheetKey(name));
}

/** The definition in the catalog's field order, without the fields left blank. */
function assemble(header: Record<string, unknown>, items: FormItem[], sections: FormSection[]): FormDefinition {
  const rules = Object.fromEntries(
    Object.entries(header)
      .filter(([key]) => key.startsWith('rules.'))
      .map(([key, value]) => [key.slice('rules.'.length), value]),
  );
  const plain = Object.fromEntries(Object.entries(header).filter(([key]) => !key.startsWith('rules.')));
  return { ...(plain as unknown as FormDefinition), fiscalYear: (header.fiscalYear as number | undefined) ?? null, sections, items, rules };
}
