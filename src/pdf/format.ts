/** Formatting shared by the documents (dates are printed as the API sends them: `YYYY-MM-DD`). */

const JAPAN_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** `YYYY-MM-DD` in Japan time for a timestamp; a plain date is returned as it is; null stays null. */
export function japanDate(value: string | null | undefined): string | null {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : JAPAN_DATE.format(date);
}

/** "第2版" */
export function revisionLabel(revision: number): string {
  return `第${revision}版`;
}
