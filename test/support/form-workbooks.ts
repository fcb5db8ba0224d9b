import archiver from 'archiver';
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import type { Response } from 'superagent';

/**
 * Workbooks for the form-registration suite: read a downloaded form version, edit it as an
 * operator would in Excel (by the keys in brackets of the headings), and build hostile uploads.
 */

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const HEADER = '様式 (form)';
export const ITEMS = '項目 (items)';

/** supertest parser: the body as bytes (problems stay readable with JSON.parse). */
export function binary(response: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
}

export async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

export async function editWorkbook(bytes: Buffer, edit: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = await loadWorkbook(bytes);
  edit(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const keyOf = (value: ExcelJS.CellValue) => (typeof value === 'string' ? /\(([A-Za-z.]+)\)$/.exec(value)?.[1] : undefined);

export function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
}

/** The header sheet's rows of a field, by the key in brackets of column A. */
export function headerRows(workbook: ExcelJS.Workbook, key: string): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  sheet(workbook, HEADER).eachRow((row) => {
    if (keyOf(row.getCell(1).value) === key) rows.push(row);
  });
  return rows;
}

export function headerValue(workbook: ExcelJS.Workbook, key: string): ExcelJS.CellValue {
  return headerRows(workbook, key)[0]?.getCell(2).value;
}

export function setHeader(workbook: ExcelJS.Workbook, key: string, value: ExcelJS.CellValue): void {
  const [row] = headerRows(workbook, key);
  if (!row) throw new Error(`no header row ${key}`);
  row.getCell(2).value = value;
}

/** Column number of the items sheet by its key ("answers", "counterpartFormId"). */
export function itemColumn(workbook: ExcelJS.Workbook, key: string): number {
  let found = 0;
  sheet(workbook, ITEMS)
    .getRow(1)
    .eachCell((cell, number) => {
      if (keyOf(cell.value) === key) found = number;
    });
  if (!found) throw new Error(`no column ${key}`);
  return found;
}

/** The items sheet's row of an item, by its number as printed. */
export function itemRow(workbook: ExcelJS.Workbook, itemId: string): ExcelJS.Row {
  const column = itemColumn(workbook, 'id');
  let found: ExcelJS.Row | undefined;
  sheet(workbook, ITEMS).eachRow((row, number) => {
    if (number > 1 && row.getCell(column).value === itemId) found = row;
  });
  if (!found) throw new Error(`no item ${itemId}`);
  return found;
}

export function setItem(workbook: ExcelJS.Workbook, itemId: string, key: string, value: ExcelJS.CellValue): void {
  itemRow(workbook, itemId).getCell(itemColumn(workbook, key)).value = value;
}

/** Inserts an item row before `beforeItemId` (copying that row's section), with the given values by key. */
export function insertItem(workbook: ExcelJS.Workbook, beforeItemId: string, values: Record<string, ExcelJS.CellValue>): void {
  const items = sheet(workbook, ITEMS);
  const before = itemRow(workbook, beforeItemId);
  const row: ExcelJS.CellValue[] = [];
  for (const key of ['sectionId', 'sectionTitle', 'sectionTitleEn']) row[itemColumn(workbook, key) - 1] = before.getCell(itemColumn(workbook, key)).value;
  for (const [key, value] of Object.entries(values)) row[itemColumn(workbook, key) - 1] = value;
  items.insertRow(before.number, row);
}

export function removeItem(workbook: ExcelJS.Workbook, itemId: string): void {
  sheet(workbook, ITEMS).spliceRows(itemRow(workbook, itemId).number, 1);
}

/** The item numbers of the items sheet, in order. */
export function itemIds(workbook: ExcelJS.Workbook): string[] {
  const column = itemColumn(workbook, 'id');
  const ids: string[] = [];
  sheet(workbook, ITEMS).eachRow((row, number) => {
    const value = row.getCell(column).value;
    if (number > 1 && typeof value === 'string') ids.push(value);
  });
  return ids;
}

/** A ZIP of the given entries (deflated), made with archiver as any ZIP tool would. */
export function zipOf(entries: { name: string; data: Buffer | string }[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const archive = archiver('zip', { zlib: { level: 9 } });
    const chunks: Buffer[] = [];
    archive.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.on('end', () => resolve(Buffer.concat(chunks)));
    archive.on('error', reject);
    for (const entry of entries) archive.append(entry.data, { name: entry.name });
    void archive.finalize();
  });
}

/** A sheet of random text that does not compress, to bring a workbook near a size. */
export function addPadding(workbook: ExcelJS.Workbook, approximateBytes: number): void {
  const padding = workbook.addWorksheet('余白 (padding)');
  const cellBytes = 1_000;
  for (let index = 0; index < Math.ceil(approximateBytes / (cellBytes * 0.76)); index++) padding.addRow([randomBytes(cellBytes * 0.75).toString('base64')]);
}
