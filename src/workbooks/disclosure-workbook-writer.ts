import ExcelJS from 'exceljs';
import type { FormDefinition } from '../forms/form-definition';
import { GUIDE_SHEET_NAME, FORM_SHEET, heading } from './checklist-workbook-layout';
import { customerSheetName } from './checklist-workbook-writer';
import { DISCLOSURE_COLUMNS, DISCLOSURE_FORM_FIELDS, PRODUCT_FIELDS } from './disclosure-workbook-layout';

export interface DisclosureSheetAnswer {
  itemId: string;
  answer: string;
  remarks: string | null;
  itemText: string | null;
  section: string | null;
}

export interface DisclosureSheetView {
  productId: string;
  productName: string;
  productVersion: string | null;
  kind: string;
  answers: DisclosureSheetAnswer[];
}

const BOLD = { bold: true } as const;

/** An MDS/SDS workbook: one sheet per product, items of the form with the answers given so far. */
export async function disclosureWorkbook(form: FormDefinition, products: DisclosureSheetView[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Kaiji';
  const sections = new Map(form.sections.map((section) => [section.id, section.title]));
  products.forEach((product, index) => {
    const sheet = workbook.addWorksheet(customerSheetName({ name: product.productName }, index), { views: [{ state: 'frozen', ySplit: PRODUCT_FIELDS.length + 2 }] });
    sheet.columns = DISCLOSURE_COLUMNS.map((column) => ({ width: column.width }));
    const values: Record<string, unknown> = { productId: product.productId, productName: product.productName, productVersion: product.productVersion, kind: product.kind };
    for (const field of PRODUCT_FIELDS) sheet.addRow([heading(field), values[field.key] ?? null]).getCell(1).font = BOLD;
    sheet.addRow([]);
    const head = sheet.addRow(DISCLOSURE_COLUMNS.map(heading));
    head.font = BOLD;
    const given = new Map(product.answers.map((answer) => [answer.itemId, answer]));
    const first = sheet.rowCount + 1;
    for (const item of form.items) {
      const answer = given.get(item.id);
      sheet.addRow([item.id, sections.get(item.sectionId) ?? item.sectionId, item.text, answer?.answer ?? null, answer?.remarks ?? null]);
    }
    // A partial form's uncatalogued items answered before come back with their own text.
    const listed = new Set(form.items.map((item) => item.id));
    for (const answer of product.answers) if (!listed.has(answer.itemId)) sheet.addRow([answer.itemId, answer.section, answer.itemText, answer.answer, answer.remarks]);
    const answers = [...new Set(form.items.flatMap((item) => item.answers))];
    validations(sheet).add(`D${first}:D${Math.max(sheet.rowCount, first) + (form.partial ? 200 : 0)}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${answers.join(',')}"`],
      showErrorMessage: true,
      error: `${answers.join(' / ')} から選んでください`,
    });
  });
  const formSheet = workbook.addWorksheet(FORM_SHEET.name);
  formSheet.columns = [{ width: 20 }, { width: 50 }];
  formSheet.addRow([heading(DISCLOSURE_FORM_FIELDS[0]), form.id]);
  formSheet.addRow([heading(DISCLOSURE_FORM_FIELDS[1]), form.versionLabel]);
  formSheet.addRow([]);
  formSheet.addRow([form.title]);
  const guide = workbook.addWorksheet(GUIDE_SHEET_NAME);
  guide.columns = [{ width: 22 }, { width: 100 }];
  guide.addRow(['MDS/SDS 一括入力ブックの記入方法']).font = BOLD;
  guide.addRow(['シート', '製品ごとに1シート。上に製品・バージョン・種別、下に項目の表']);
  guide.addRow(['アップロード', 'シートごとに下書きを作成（同じ製品・バージョン・種別の下書きがあれば置き換え）。1つでも誤りがあれば何も保存しません。公開は画面またはAPIで行います']);
  guide.addRow(['様式', `${form.id}（${form.versionLabel}）${form.partial ? '。一部のみ収録の様式のため、収録外の項目を行を追加して記入できます' : ''}`]);
  guide.addRow([]);
  guide.addRow(['列', '書き方']).font = BOLD;
  for (const column of [...PRODUCT_FIELDS, ...DISCLOSURE_COLUMNS]) guide.addRow([column.label, column.help]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** exceljs keeps a sheet's data validations (dropdowns) here; its type declarations leave the property out. */
function validations(sheet: ExcelJS.Worksheet): { add(range: string, validation: ExcelJS.DataValidation): void } {
  return (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
}
