import ExcelJS from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import { CalendarDate, csvLine, UTF8_BOM, XLSX_DATE_FORMAT, xlsxCell } from '../common/csv-cells';
import type { CsvEncoding } from './chain-query.dto';
import type { Column } from './chain-export-tables';
import { encodeCsv } from './csv-encoding';

/** Rows arrive in batches (a chunk of stores at a time), so a download never holds the whole chain. */
export type Batches<T> = AsyncIterable<T[]>;

/**
 * CSV for Excel on Japanese Windows: CRLF, Japanese headers, UTF-8 with BOM or Shift_JIS; streamed
 * batch by batch. Cells follow the shared rules (src/common/csv-cells.ts): dates as dates, text that
 * a spreadsheet would convert or run kept as text.
 */
export function csvStream<T>(columns: Column<T>[], batches: Batches<T>, encoding: CsvEncoding): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    yield encodeCsv((encoding === 'utf-8' ? UTF8_BOM : '') + csvLine(columns.map((column) => column.header)), encoding);
    for await (const batch of batches) {
      yield encodeCsv(batch.map((row) => csvLine(columns.map((column) => column.value(row)))).join(''), encoding);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

export interface Sheet<T> {
  name: string;
  /** Lines above the header row (what the sheet shows, its 年度 and form versions), in bold. */
  title?: string[];
  columns: Column<T>[];
  batches: () => Batches<T>;
  /** Columns kept in view when scrolling right (the store or vendor name). */
  frozenColumns: number;
  /** Styles a written row (e.g. heat-map fills). */
  decorate?: (row: ExcelJS.Row, item: T) => void;
}

/**
 * XLSX through exceljs' streaming writer: each sheet with its title lines, a bold header row, frozen
 * panes (title and header stay in view), column widths and an auto filter on the header; rows are
 * committed as they are written, so memory stays bounded.
 */
export function xlsxStream(sheets: AnySheet[]): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Kaiji';
  workbook.created = new Date();
  const write = async () => {
    for (const sheet of sheets as unknown as Sheet<unknown>[]) {
      const title = sheet.title ?? [];
      const headerRow = title.length + 1;
      const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', xSplit: sheet.frozenColumns, ySplit: headerRow }] });
      worksheet.columns = sheet.columns.map((column) => ({ width: column.width }));
      worksheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: sheet.columns.length } };
      for (const line of title) {
        const row = worksheet.addRow([line]);
        row.font = { bold: true };
        row.commit();
      }
      const header = worksheet.addRow(sheet.columns.map((column) => column.header));
      header.font = { bold: true };
      header.alignment = { vertical: 'middle', wrapText: true };
      header.commit();
      for await (const batch of sheet.batches()) {
        for (const item of batch) {
          const values = sheet.columns.map((column) => column.value(item));
          const row = worksheet.addRow(values.map(xlsxCell));
          values.forEach((value, index) => {
            if (value instanceof CalendarDate) row.getCell(index + 1).numFmt = XLSX_DATE_FORMAT;
          });
          sheet.decorate?.(row, item);
          row.commit();
        }
      }
      worksheet.commit();
    }
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

/** A sheet of any row type, for a workbook of several. */
export type AnySheet = { readonly __sheet: unique symbol };

export function sheet<T>(definition: Sheet<T>): AnySheet {
  return definition as unknown as AnySheet;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A batch source over a list already in memory (the summaries). */
export async function* single<T>(rows: T[]): AsyncGenerator<T[]> {
  yield rows;
}
