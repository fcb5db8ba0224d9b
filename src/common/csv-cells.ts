import { stringify } from 'csv-stringify/sync';
import { looksLikeFormula } from './spreadsheet-formula';

/**
 * What every CSV download writes in its cells, so that Excel and LibreOffice, opening the file with
 * a double click, show each cell as the text, number or date it is (README "CSV downloads").
 *
 * A CSV carries no types: both programs guess one from each cell's text. So
 *  - counts are written as numbers (read as numbers);
 *  - calendar dates (提出日, 目標日) as YYYY-MM-DD, which both read as a date that sorts and filters;
 *  - moments (an audit event) as `2026-12-07 09:30:00+09:00`, Japan time with its offset: neither
 *    program reads an offset, so the cell stays as written (seconds kept, zone stated), and being of
 *    one width and one zone it sorts in time order as text;
 *  - figures that are not numbers are given a unit, so that they cannot be read as a date or a
 *    fraction: `1件/2件`, never `1/2` (which both read as January 2nd);
 *  - text that a spreadsheet would turn into a number, date, time or truth value (a 保険薬局コード
 *    0112345678 losing its 0, a name "1/2", "2-1", "令和8年1月2日") or run as a formula (=, ＝ …)
 *    is prefixed with an apostrophe, the same mark the formula defence uses (spreadsheet-formula.ts):
 *    both programs then keep the cell as text and show the apostrophe, which a program reading the
 *    file removes with one rule (a leading ' is never part of Kaiji's data).
 */

/** A calendar date in Japan (YYYY-MM-DD): a date cell in XLSX, `2026-12-07` in a CSV. */
export class CalendarDate {
  constructor(readonly iso: string) {
    if (!/^\d{4}-\d\d-\d\d$/.test(iso)) throw new Error(`not a calendar date: ${iso}`);
  }

  /** Midnight UTC of the day: what exceljs writes as the day's serial number. */
  toUtcMidnight(): Date {
    return new Date(`${this.iso}T00:00:00Z`);
  }
}

/** A moment, shown in Japan time with its offset. */
export class JapanTime {
  constructor(readonly at: Date) {}
}

/** What a download's column gives for a row: text, a count, a date, a moment, or nothing. */
export type CellValue = string | number | null | CalendarDate | JapanTime;

export function calendarDate(iso: string | null | undefined): CalendarDate | null {
  return iso ? new CalendarDate(iso) : null;
}

export function japanTime(at: Date | string | null | undefined): JapanTime | null {
  return at ? new JapanTime(typeof at === 'string' ? new Date(at) : at) : null;
}

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;

/** `2026-12-07 09:30:00+09:00` (RFC 3339 with a space, as it allows for readability; Japan keeps no summer time). */
export function japanTimeText(at: Date): string {
  return `${new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')}+09:00`;
}

/** "1件/2件": part of a whole with its unit, which no spreadsheet reads as a date or a fraction. */
export function partOfWhole(part: number, whole: number, unit = '件'): string {
  return `${part}${unit}/${whole}${unit}`;
}

const MONTHS = '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const ERA = '(明治|大正|昭和|平成|令和|[mtshr])';

/**
 * Text (with full-width forms read as their ASCII ones, ０１/２ and ￥ as Japanese Excel and LibreOffice
 * read them; not NFKC, which would also read ① as 1 where both programs see text) that
 * Excel or LibreOffice would read as something else than text: a number (leading zeros lost,
 * 1,234, (1), 5%, 1e5, ¥500, 5-), a fraction (1 1/2), a date (1/2, 2-1, 2026-12-07, 1.2.3, 1月2日,
 * 令和8年1月2日, H30.1.1, Jan-2), a time (12:30, 9:30 AM, 12時30分) or a truth value (TRUE).
 */
const MISREAD: RegExp[] = [
  // Numbers: signs (also trailing), currency, thousands separators, decimals, exponents, percent, parentheses.
  /^[-+]?\(?[-+]?[$¥€£]?\s*(\d[\d,]*(\.\d*)?|\.\d+)(e[-+]?\d+)?\s*%?\)?[-+]?$/i,
  // Dates, times and fractions written with digits and separators only (two or three parts; IPv4 has four).
  /^\d+([/.-]\d+){1,2}\.?(\s+\d+(:\d+){1,2}(\.\d+)?)?$/,
  /^\d+(\s+\d+)?\s*\/\s*\d+$/,
  /^\d+(:\d+){1,2}(\.\d+)?\s*(am|pm|a|p)?$/i,
  // Japanese dates and times: 2026年1月2日, 1月2日, 2026年1月, 令和8年1月2日, H30.1.1, 12時30分, 午前9時.
  new RegExp(`^${ERA}\\s*(\\d+|元)\\s*[./-]\\s*\\d+\\s*[./-]\\s*\\d+$`, 'i'),
  /^(明治|大正|昭和|平成|令和)\s*(\d+|元)\s*年(\s*\d+\s*月(\s*\d+\s*日)?)?$/,
  /^(\d+\s*年\s*\d+\s*月(\s*\d+\s*日)?|\d+\s*月\s*\d+\s*日)$/,
  /^(午前|午後)?\s*\d+\s*時(\s*\d+\s*分)?(\s*\d+\s*秒)?$/,
  // Month names (Excel in English, and LibreOffice): Jan-2, 2 Jan, Sept1.
  new RegExp(`^${MONTHS}[\\s/-]*\\d+([\\s/,-]+\\d+)?$`, 'i'),
  new RegExp(`^\\d+[\\s/-]*${MONTHS}([\\s/,-]+\\d+)?$`, 'i'),
  /^(true|false)$/i,
];

/** Full-width ASCII forms (U+FF01–FF5E), ￥ and the ideographic space as their plain ones. */
function narrow(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0)).replace(/\uFFE5/g, '¥').replace(/\u3000/g, ' ');
}

export function readAsNonText(text: string): boolean {
  const normalized = narrow(text).trim();
  return normalized !== '' && MISREAD.some((pattern) => pattern.test(normalized));
}

/** The text of a CSV cell: with an apostrophe before it when a spreadsheet would run or convert it. */
export function csvText(text: string): string {
  return looksLikeFormula(text) || readAsNonText(text) ? `'${text}` : text;
}

/** A value as a CSV cell. */
export function csvCell(value: CellValue): string | number | null {
  if (value === null || typeof value === 'number') return value;
  if (value instanceof CalendarDate) return value.iso;
  if (value instanceof JapanTime) return japanTimeText(value.at);
  return csvText(value);
}

/** A value as an XLSX cell: a text cell stays text there (no apostrophe needed), a date is a date. */
export function xlsxCell(value: CellValue): string | number | Date | null {
  if (value instanceof CalendarDate) return value.toUtcMidnight();
  if (value instanceof JapanTime) return japanTimeText(value.at);
  return value;
}

/** The number format of an XLSX date cell. */
export const XLSX_DATE_FORMAT = 'yyyy-mm-dd';

/** One CSV line (CRLF, as Excel on Windows writes it) of header labels or values. */
export function csvLine(values: readonly CellValue[]): string {
  return stringify([values.map(csvCell)], { record_delimiter: 'windows' });
}

/** The byte order mark that makes Excel on Japanese Windows read a file as UTF-8 rather than Shift_JIS. */
export const UTF8_BOM = '\uFEFF';

/** A whole CSV in UTF-8: BOM, header line, then one line per row. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly CellValue[]>): string {
  let text = UTF8_BOM + csvLine(header);
  for (const row of rows) text += csvLine(row);
  return text;
}
