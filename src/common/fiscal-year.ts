/**
 * 年度: the Japanese fiscal year, April 1 – March 31, named by the Gregorian year it starts in
 * (2025 = 令和7年度 = 2025-04-01 … 2026-03-31).
 */

const REIWA_OFFSET = 2018;
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;

/** "令和7年度" for 2025; years before 令和 (2019) are shown as 平成. */
export function fiscalYearLabel(fiscalYear: number): string {
  if (fiscalYear >= 2019) return `令和${fiscalYear - REIWA_OFFSET === 1 ? '元' : fiscalYear - REIWA_OFFSET}年度`;
  return `平成${fiscalYear - 1988}年度`;
}

/** First and last day of the 年度, as YYYY-MM-DD. */
export function fiscalYearRange(fiscalYear: number): { from: string; to: string } {
  return { from: `${fiscalYear}-04-01`, to: `${fiscalYear + 1}-03-31` };
}

/** Today's date in Japan, as YYYY-MM-DD. */
export function todayInJapan(now: Date = new Date()): string {
  return new Date(now.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

/** The 年度 a date (YYYY-MM-DD) falls in. */
export function fiscalYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= 4 ? year : year - 1;
}

export function currentFiscalYear(now: Date = new Date()): number {
  return fiscalYearOf(todayInJapan(now));
}
