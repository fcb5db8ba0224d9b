/**
 * Excel runs a cell that starts with = + - @ (or a tab or carriage return) as a formula, and
 * Japanese Excel reads the full-width ＝ ＋ － ＠ an IME types the same way; other compatibility
 * forms fold into them too (﹦ ﹢ ﹣ ﹫ ⁼ ⁺ ₊ …), so the first character is judged after NFKC
 * normalisation. Text that looks like a formula is prefixed with an apostrophe, which Excel shows
 * as text (OWASP "CSV injection"); the text itself is kept as it was.
 */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text.slice(0, 2).normalize('NFKC'));
}

/** The value written to a CSV cell: text that looks like a formula made inert, anything else unchanged. */
export function inertCell<T>(value: T): T | string {
  return typeof value === 'string' && looksLikeFormula(value) ? `'${value}` : value;
}
