import * as iconv from 'iconv-lite';
import type { CsvEncoding } from './chain-query.dto';

/**
 * Characters that Shift_JIS (as Excel on Japanese Windows reads it: Windows-31J) holds under
 * another code point than the one Unicode text usually carries.
 */
const WINDOWS_31J_EQUIVALENTS: Record<string, string> = {
  '\u301C': '\uFF5E', // 〜 WAVE DASH → ～
  '\u2016': '\u2225', // ‖ → ∥
  '\u2212': '\uFF0D', // − MINUS SIGN → －
  '\u2014': '\u2015', // — EM DASH → ―
  '\u00A2': '\uFFE0', // ¢ → ￠
  '\u00A3': '\uFFE1', // £ → ￡
  '\u00AC': '\uFFE2', // ¬ → ￢
  '\u00A5': '\uFFE5', // ¥ → ￥ (0x5C would read back as a backslash)
  '\u203E': '\uFFE3', // ‾ → ￣
};

/**
 * What a character Shift_JIS cannot hold (an emoji, 𠮷, 鷗…) becomes: 〓 (ゲタ), the mark Japanese
 * printing and software use for "a character that could not be shown", so that the gap is visible
 * in Excel instead of silently turning into "?" (which also occurs in real text).
 */
export const SHIFT_JIS_REPLACEMENT = '〓';

const encodable = new Map<string, boolean>();

function fits(char: string): boolean {
  let known = encodable.get(char);
  if (known === undefined) {
    known = iconv.decode(iconv.encode(char, 'shift_jis'), 'shift_jis') === char;
    encodable.set(char, known);
  }
  return known;
}

/** The text as Shift_JIS that never fails: equivalents first, then 〓 for the rest. */
export function toShiftJis(text: string): Buffer {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return Buffer.from(text, 'latin1');
  let safe = '';
  for (const char of text) {
    const mapped = WINDOWS_31J_EQUIVALENTS[char] ?? char;
    safe += mapped.charCodeAt(0) < 0x80 || fits(mapped) ? mapped : SHIFT_JIS_REPLACEMENT;
  }
  return iconv.encode(safe, 'shift_jis');
}

export function encodeCsv(text: string, encoding: CsvEncoding): Buffer {
  return encoding === 'shift_jis' ? toShiftJis(text) : Buffer.from(text, 'utf8');
}

/** UTF-8 starts with a byte order mark, which makes Excel read the file as UTF-8 rather than the system's Shift_JIS. */
export { UTF8_BOM } from '../common/csv-cells';

export const CSV_CONTENT_TYPE: Record<CsvEncoding, string> = {
  'utf-8': 'text/csv; charset=utf-8',
  shift_jis: 'text/csv; charset=Shift_JIS',
};
