import ExcelJS from 'exceljs';
import { readAnswerSheets, dateOf } from './answer-sheets';
import { sheetRows, type SheetRow } from './workbook-stream-reader';

async function rowsOf(build: (workbook: ExcelJS.Workbook) => void): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  const rows: SheetRow[] = [];
  for await (const row of sheetRows(bytes)) rows.push(row);
  return rows;
}

describe('the streaming reader of answer workbooks', () => {
  it('reads sheets in order, by their names, with text, numbers, booleans, rich text, formulas and dates', async () => {
    const rows = await rowsOf((workbook) => {
      const first = workbook.addWorksheet('回答 (answers)');
      first.addRow(['番号 (itemId)', '回答 (answer)', '確認日 (confirmedOn)']);
      first.addRow(['2-③', { richText: [{ text: 'は' }, { text: 'い' }] }, new Date('2025-04-10T00:00:00Z')]);
      first.addRow([]);
      first.addRow(['  1-① ', { formula: '"いい"&"え"', result: 'いいえ' }, 45757]);
      const second = workbook.addWorksheet('様式 (form)');
      second.addRow(['年度 (fiscalYear)', 2025, true, '<&>"']);
    });
    expect(rows.map((r) => [r.sheet, r.row])).toEqual([
      ['回答 (answers)', 1],
      ['回答 (answers)', 2],
      ['回答 (answers)', 4],
      ['様式 (form)', 1],
    ]);
    expect(rows[1].cells.slice(1, 3)).toEqual(['2-③', 'はい']);
    expect(dateOf(rows[1].cells[3])).toBe('2025-04-10');
    expect(rows[2].cells.slice(1, 4)).toEqual(['1-①', 'いいえ', 45757]);
    expect(dateOf(rows[2].cells[3])).toBe('2025-04-10');
    expect(rows[3].cells.slice(1)).toEqual(['年度 (fiscalYear)', 2025, true, '<&>"']);
  });

  it('groups a sheet into the fields above its table, the table columns by key, and the rows', async () => {
    const rows = await rowsOf((workbook) => {
      const sheet = workbook.addWorksheet('1 ひかり薬局');
      sheet.addRow(['契約ID (contractId)', 'abc']);
      sheet.addRow(['顧客名 (customerName)', '表示のみ']);
      sheet.addRow([]);
      sheet.addRow(['備考 (remarks)', '番号 (itemId)', '回答 (answer)']);
      sheet.addRow(['メモ', '2-①', 'はい']);
    });
    async function* replay() {
      yield* rows;
    }
    const [sheet] = await readAnswerSheets(replay(), 'itemId', new Set(['contractId', 'itemId', 'answer', 'remarks']));
    expect(sheet.fields.get('contractId')).toMatchObject({ value: 'abc', row: 1, column: 2 });
    expect(sheet.fields.has('customerName')).toBe(false);
    expect([...sheet.columns.keys()]).toEqual(['remarks', 'itemId', 'answer']);
    expect(sheet.rows).toEqual([{ row: 5, values: new Map([['remarks', 'メモ'], ['itemId', '2-①'], ['answer', 'はい']]) }]);
  });

  it('takes dates as typed: 2025/4/10, 2025-04-10, a serial number; refuses other text', () => {
    expect(dateOf('2025/4/10')).toBe('2025-04-10');
    expect(dateOf('2025-04-10')).toBe('2025-04-10');
    expect(dateOf(null)).toBeNull();
    expect(dateOf('来週')).toEqual({ problem: expect.stringContaining('YYYY-MM-DD') });
  });
});
