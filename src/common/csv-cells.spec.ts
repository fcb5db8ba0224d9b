import { MISREAD_SAMPLES, TEXT_SAMPLES } from '../../test/support/csv-cell-samples';
import { CalendarDate, calendarDate, csvCell, csvDocument, csvLine, japanTime, japanTimeText, partOfWhole, readAsNonText, xlsxCell } from './csv-cells';

/** The cell rules of every CSV download, without a spreadsheet (test/csv-spreadsheet-reading.e2e-spec.ts opens the same samples in LibreOffice). */
describe('CSV cell rules', () => {
  it.each(MISREAD_SAMPLES)('keeps %j as text with an apostrophe (a spreadsheet would convert it)', (text) => {
    expect(readAsNonText(text)).toBe(true);
    expect(csvCell(text)).toBe(`'${text}`);
  });

  it.each(TEXT_SAMPLES)('leaves %j as it is (text to both programs)', (text) => {
    expect(readAsNonText(text)).toBe(false);
    expect(csvCell(text)).toBe(text);
  });

  it('keeps the formula defence: = + - @ and their full-width forms get the apostrophe, once', () => {
    for (const text of ['=1+1', '＝HYPERLINK("x")', '＋1', '－2+3', '＠SUM(1)', '﹦1', '\t=1', '-5']) expect(csvCell(text)).toBe(`'${text}`);
  });

  it('writes counts as numbers, nothing as an empty cell', () => {
    expect(csvCell(3)).toBe(3);
    expect(csvCell(null)).toBeNull();
    expect(csvLine(['a', 3, null, 0])).toBe('a,3,,0\r\n');
  });

  it('writes calendar dates as YYYY-MM-DD (a date to both programs) and XLSX dates as dates', () => {
    expect(csvCell(new CalendarDate('2026-12-07'))).toBe('2026-12-07');
    expect(calendarDate(null)).toBeNull();
    expect(xlsxCell(new CalendarDate('2026-12-07'))).toEqual(new Date('2026-12-07T00:00:00Z'));
    expect(() => new CalendarDate('2026/12/07')).toThrow();
  });

  it('writes moments in Japan time with the offset, to the second, across midnight and the year end', () => {
    expect(japanTimeText(new Date('2026-12-07T00:30:00.123Z'))).toBe('2026-12-07 09:30:00+09:00');
    expect(japanTimeText(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01 00:00:00+09:00');
    expect(csvCell(japanTime('2026-12-06T20:05:09.999Z'))).toBe('2026-12-07 05:05:09+09:00');
    expect(japanTime(null)).toBeNull();
    // Not a pattern the apostrophe rule marks: the offset keeps it text in Excel and LibreOffice.
    expect(readAsNonText('2026-12-07 09:30:00+09:00')).toBe(false);
  });

  it('writes part of a whole with its unit', () => {
    expect(partOfWhole(1, 2)).toBe('1件/2件');
    expect(readAsNonText(partOfWhole(12, 31))).toBe(false);
  });

  it('writes a document: BOM, header, CRLF lines, quotes only where CSV needs them', () => {
    expect(csvDocument(['名前', '件数'], [['a,b', 1], ['"q"', 2], ['1/2', null]])).toBe('\uFEFF名前,件数\r\n"a,b",1\r\n"""q""",2\r\n\'1/2,\r\n');
  });
});
