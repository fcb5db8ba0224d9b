import type { CellValue } from 'exceljs';
import type { Answer } from '../forms/form-definition';
import { ANSWER_WORDS } from '../forms/form-validation';
import type { ValueKind } from './form-workbook-layout';

/** A cell as the reader sees it: its plain value, whatever Excel wrapped it in. */
export type Plain = string | number | boolean | null;

/** A value read for a definition, or why it cannot be (Japanese with the English beside it). */
export type Read<T> = { value: T } | { problem: string };

/**
 * The plain value of a cell: rich text joined, a formula's last result, a hyperlink's text; text
 * trimmed (cells pasted from a PDF or the official sheet often carry stray spaces), blank as null.
 */
export function plainValue(value: CellValue | undefined): Plain | { error: string } {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return plainValue(value.richText.map((run) => run.text).join(''));
  if ('formula' in value || 'sharedFormula' in value) return formulaValue(value);
  if ('hyperlink' in value) return plainValue(value.text);
  if ('error' in value) return { error: String(value.error) };
  return null;
}

/**
 * A formula's last result. LibreOffice saves TRUE and FALSE as the formulas TRUE() and FALSE(), and
 * exceljs drops a result that is false: the formula itself then says which it is.
 */
function formulaValue(value: { formula?: string; result?: CellValue }): Plain | { error: string } {
  if (value.result !== undefined && value.result !== null) return plainValue(value.result);
  const literal = /^\s*(TRUE|FALSE)\s*\(\s*\)\s*$/i.exec(value.formula ?? '');
  return literal ? literal[1].toUpperCase() === 'TRUE' : null;
}

/** The text of a heading cell ('' when blank or not text). */
export function headingText(value: CellValue | undefined): string {
  const plain = plainValue(value);
  return typeof plain === 'string' ? plain : typeof plain === 'number' ? String(plain) : '';
}

const REIWA = /^令和\s*(元|\d{1,2})\s*年度?$/;
const TRUE_WORDS = new Set(['true', 'はい', '○']);
const FALSE_WORDS = new Set(['false', 'いいえ', '×']);
const ANSWER_SEPARATORS = /[/／・,、，\s]+/;

/** A non-blank cell's value as the kind of field it fills. */
export function readValue(plain: Exclude<Plain, null>, kind: ValueKind, values?: readonly string[]): Read<unknown> {
  switch (kind) {
    case 'text':
      return typeof plain === 'boolean' ? { problem: '文字で入力してください (must be text)' } : { value: String(plain) };
    case 'integer':
      return readInteger(plain);
    case 'boolean':
      return readBoolean(plain);
    case 'answers':
      return readAnswers(String(plain));
    case 'paragraphs':
      return typeof plain === 'boolean' ? { problem: '文字で入力してください (must be text)' } : { value: paragraphsOf(String(plain)) };
    case 'enum':
      return typeof plain === 'string' && values?.includes(plain)
        ? { value: plain }
        : { problem: `次のいずれかを入力してください: ${values?.join(' / ')} (must be one of ${values?.join(', ')})` };
  }
}

/** The lines of a cell, each trimmed, blank lines dropped: a paragraph a line. */
const paragraphsOf = (text: string): string[] =>
  text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

function readInteger(plain: Exclude<Plain, null>): Read<number> {
  if (typeof plain === 'number' && Number.isInteger(plain)) return { value: plain };
  if (typeof plain === 'string') {
    if (/^\d{1,7}$/.test(plain)) return { value: Number(plain) };
    const reiwa = REIWA.exec(plain);
    if (reiwa) return { value: 2018 + (reiwa[1] === '元' ? 1 : Number(reiwa[1])) };
  }
  return { problem: '整数（年度は西暦年、例: 2026）を入力してください (must be a whole number; a 年度 as its Gregorian year, e.g. 2026)' };
}

function readBoolean(plain: Exclude<Plain, null>): Read<boolean> {
  if (typeof plain === 'boolean') return { value: plain };
  const word = String(plain).toLowerCase();
  if (TRUE_WORDS.has(word)) return { value: true };
  if (FALSE_WORDS.has(word)) return { value: false };
  return { problem: 'TRUE か FALSE を入力してください (must be TRUE or FALSE)' };
}

function readAnswers(text: string): Read<Answer[]> {
  const words = text.split(ANSWER_SEPARATORS).filter((word) => word !== '');
  const unknown = words.filter((word) => !(ANSWER_WORDS as readonly string[]).includes(word));
  if (unknown.length > 0) {
    return {
      problem: `「${unknown.join('」「')}」は回答の種類にありません。${ANSWER_WORDS.join(' / ')} から選んでください (unknown answer ${unknown.map((word) => `"${word}"`).join(', ')}; answers are ${ANSWER_WORDS.join(', ')})`,
    };
  }
  return { value: words as Answer[] };
}

/** How the writer puts a value of a kind into a cell; the reader's readValue takes it back. */
export function cellOf(value: unknown, kind: ValueKind): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (kind === 'answers') return (value as string[]).join('/');
  if (kind === 'paragraphs') return (value as string[]).join('\n');
  return value as string | number | boolean;
}
