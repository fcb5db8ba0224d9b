import ExcelJS from 'exceljs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalForm } from '../forms/form-canonical';
import { CATALOG_DIRECTORY } from '../forms/form-catalog.loader';
import type { FormDefinition } from '../forms/form-definition';
import { diffForms } from './form-diff';
import { readFormWorkbook } from './form-workbook-reader';
import { formWorkbook } from './form-workbook-writer';
import { headingText } from './workbook-cells';
import { ITEM_COLUMNS, ITEMS_SHEET } from './form-workbook-layout';

const catalog = (): FormDefinition[] =>
  readdirSync(CATALOG_DIRECTORY)
    .filter((name) => name.endsWith('.json'))
    .map((name) => canonicalForm(JSON.parse(readFileSync(join(CATALOG_DIRECTORY, name), 'utf8')) as FormDefinition));

/** Loads a workbook, lets `edit` change it, and writes it back. */
async function edited(bytes: Buffer, edit: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  edit(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const problemsOf = async (bytes: Buffer) => {
  const error = (await readFormWorkbook(bytes).catch((caught: unknown) => caught)) as { code?: string; status?: number; extensions?: { errors?: unknown[] }; detail?: string };
  return { code: error.code, status: error.status, errors: (error.extensions?.errors ?? []) as Record<string, unknown>[], detail: error.detail };
};

describe('form workbook layout', () => {
  it.each(catalog().map((form) => [form.id, form] as const))('%s uploads back exactly as downloaded', async (_id, form) => {
    const { form: read } = await readFormWorkbook(await formWorkbook(form));
    expect(canonicalForm(read)).toEqual(form);
  });

  it('finds columns by the key in brackets, wherever they are and however the Japanese reads', async () => {
    const form = catalog().find((candidate) => candidate.id === 'vendor-checklist-pharmacy-r7') as FormDefinition;
    const bytes = await edited(await formWorkbook(form), (workbook) => {
      const sheet = workbook.getWorksheet(ITEMS_SHEET.name) as ExcelJS.Worksheet;
      sheet.getCell(1, 1).value = 'No. (id)';
      sheet.spliceColumns(2, 0, ['メモ']);
    });
    expect(canonicalForm((await readFormWorkbook(bytes)).form)).toEqual(form);
  });

  it('reads TRUE and FALSE saved as the formulas TRUE() and FALSE(), as LibreOffice writes them', async () => {
    const form = catalog().find((candidate) => candidate.id === 'vendor-checklist-pharmacy-r7') as FormDefinition;
    const requiredColumn = ITEM_COLUMNS.findIndex((column) => column.key === 'required') + 1;
    const bytes = await edited(await formWorkbook(form), (workbook) => {
      const header = workbook.worksheets[0];
      header.eachRow((row) => {
        if (headingText(row.getCell(1).value).includes('(partial)')) row.getCell(2).value = { formula: 'FALSE()' };
      });
      (workbook.getWorksheet(ITEMS_SHEET.name) as ExcelJS.Worksheet).getCell(2, requiredColumn).value = { formula: 'TRUE()' };
    });
    const read = canonicalForm((await readFormWorkbook(bytes)).form);
    expect(read).toEqual(form);
    expect([read.partial, read.items[0].required]).toEqual([false, true]);
  });

  it('names sheet, row and column of a repeated number, an unknown answer and a missing column', async () => {
    const form = catalog().find((candidate) => candidate.id === 'vendor-checklist-pharmacy-r7') as FormDefinition;
    const answersColumn = ITEM_COLUMNS.findIndex((column) => column.key === 'answers') + 1;
    const bytes = await edited(await formWorkbook(form), (workbook) => {
      const sheet = workbook.getWorksheet(ITEMS_SHEET.name) as ExcelJS.Worksheet;
      sheet.getCell(4, 1).value = '2-①';
      sheet.getCell(5, answersColumn).value = 'はい/たぶん';
    });
    const { errors } = await problemsOf(bytes);
    expect(errors).toEqual([
      expect.objectContaining({ sheet: '項目 (items)', row: 4, column: '番号 (id)', cell: 'A4', message: expect.stringContaining('番号「2-①」が3行目と重複しています') }),
      expect.objectContaining({ sheet: '項目 (items)', row: 5, column: '回答 (answers)', message: expect.stringContaining('「たぶん」は回答の種類にありません') }),
    ]);
    const noColumn = await edited(await formWorkbook(form), (workbook) => (workbook.getWorksheet(ITEMS_SHEET.name) as ExcelJS.Worksheet).spliceColumns(answersColumn, 1));
    expect((await problemsOf(noColumn)).errors).toEqual([expect.objectContaining({ sheet: '項目 (items)', row: 1, column: '回答 (answers)', message: expect.stringContaining('列「回答 (answers)」がありません') })]);
  });

  it('refuses bytes that are not a workbook, or a cut one', async () => {
    expect(await problemsOf(Buffer.from('not a workbook'))).toMatchObject({ status: 400, code: 'not_a_workbook' });
    const zip = await formWorkbook(catalog()[0]);
    expect(await problemsOf(zip.subarray(0, zip.length - 30))).toMatchObject({ status: 400, code: 'not_a_workbook' });
  });
});

describe('form diff', () => {
  const item = (id: string, text: string, scope?: string) => ({ id, text, scope });

  it('matches on text first, then on number', () => {
    const before = [item('1', 'A'), item('2', 'B'), item('3', 'C'), item('4', 'D')];
    const after = [item('1', 'A2'), item('2', 'B'), item('4', 'C'), item('5', 'E')];
    expect(diffForms(before, after)).toEqual({
      added: [{ itemId: '5', text: 'E' }],
      removed: [{ itemId: '4', text: 'D' }],
      textChanged: [{ itemId: '1', before: 'A', after: 'A2' }],
      renumbered: [{ fromItemId: '3', toItemId: '4', text: 'C' }],
      unchanged: 1,
    });
  });

  it('pairs items of the same text by number, then by scope heading', () => {
    const before = [item('2-⑪', 'X', 'サーバ'), item('2-⑫', 'X', '端末PC')];
    expect(diffForms(before, before)).toMatchObject({ unchanged: 2, renumbered: [] });
    const after = [item('2-⑪', 'Y', 'サーバ'), item('2-⑫', 'X', 'サーバ'), item('2-⑬', 'X', '端末PC')];
    expect(diffForms(before, after)).toMatchObject({ unchanged: 0, added: [{ itemId: '2-⑪', text: 'Y' }], textChanged: [] });
    expect(diffForms(before, after).renumbered).toEqual([
      { fromItemId: '2-⑪', toItemId: '2-⑫', text: 'X' },
      { fromItemId: '2-⑫', toItemId: '2-⑬', text: 'X' },
    ]);
  });
});
