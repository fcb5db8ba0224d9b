/** Display helpers: 年度 labels, dates in Japan time, answer classes. */

const JAPAN = 'Asia/Tokyo';

/** 2025 → 令和7年度 (令和 N = 2018 + N). */
export function fiscalYearLabel(fiscalYear: number): string {
  const reiwa = fiscalYear - 2018;
  return reiwa >= 1 ? `令和${reiwa === 1 ? '元' : reiwa}年度` : `${fiscalYear}年度`;
}

/** Today as YYYY-MM-DD in Japan. */
export function todayInJapan(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: JAPAN, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The 年度 (April–March) a day falls in, as the Gregorian year it starts in. */
export function fiscalYearOf(day: string): number {
  const [year, month] = day.split('-').map(Number);
  return month >= 4 ? year : year - 1;
}

export function currentFiscalYear(): number {
  return fiscalYearOf(todayInJapan());
}

/** 2026 → ['2026/04/01', '2027/03/31']: the 年度's first and last day as shown. */
export function fiscalYearRange(fiscalYear: number): [string, string] {
  return [`${fiscalYear}/04/01`, `${fiscalYear + 1}/03/31`];
}

/** 2025-10-01 → 2025/10/01; timestamps in Japan time with minutes. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value.replaceAll('-', '/');
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat('ja-JP', { timeZone: JAPAN, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat('ja-JP', {
    timeZone: JAPAN,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** いいえ and 対象外 call for risk communication: their rows stand out. */
export function isRiskAnswer(answer: string | null | undefined): boolean {
  return answer === 'いいえ' || answer === '対象外';
}

export function answerClass(answer: string | null | undefined): string {
  switch (answer) {
    case 'いいえ':
      return 'answer answer-no';
    case '対象外':
      return 'answer answer-na';
    case 'はい':
    case '該当':
      return 'answer answer-yes';
    case null:
    case undefined:
    case '':
      return 'answer answer-none';
    default:
      return 'answer';
  }
}

export function plural(count: number, unit: string): string {
  return `${count.toLocaleString('ja-JP')}${unit}`;
}
