import { FontWeight, textWidth } from './fonts';

/**
 * Line wrapping for Japanese: text is broken by character width (there are no spaces to break
 * at), runs of Latin letters and digits ("MDS/SDS", "2025-06-30") are kept together where they
 * fit, and the usual 禁則 rules apply: closing brackets, 、。 and small kana never start a line,
 * opening brackets never end one (the previous character moves down with them; when that would
 * empty the line, a closing mark hangs past the edge instead).
 */

/** The ideographic space (U+3000) that separates fields in Japanese print. */
export const WIDE_SPACE = '\u3000';

/** May not start a line. */
const NO_LINE_START = new Set([...'、。，．,.・：:；;？?！!ー～）)］]｝}〕〉》」』】〙〗’”ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ％%']);
/** May not end a line. */
const NO_LINE_END = new Set([...'（(［[｛{〔〈《「『【〘〖‘“']);

/** A unit never split unless it is wider than the line: a Latin word, a space, or one character. */
function units(text: string): string[] {
  return text.match(/[A-Za-z0-9@#$&*+\-/\\._:;,'"=<>|~^%!?()[\]{}]+|\s|[\s\S]/gu) ?? [];
}

export interface WrapOptions {
  weight: FontWeight;
  size: number;
  maxWidth: number;
}

/** Splits `text` into lines no wider than `maxWidth` (explicit newlines kept). */
export function wrapText(text: string, { weight, size, maxWidth }: WrapOptions): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').replace(/[\t\v\f]/g, ' ').split('\n')) {
    lines.push(...wrapParagraph(paragraph, weight, size, maxWidth));
  }
  return lines;
}

function wrapParagraph(paragraph: string, weight: FontWeight, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  let width = 0;
  /** The current line holds only characters carried down from the previous one. */
  let carriedOnly = false;
  const measure = (s: string) => textWidth(weight, s, size);
  const isBlank = (s: string) => /^\s$/.test(s);
  const flush = () => {
    while (line.length && isBlank(line[line.length - 1])) line.pop();
    lines.push(line.join(''));
    line = [];
    width = 0;
    carriedOnly = false;
  };
  const push = (unit: string) => {
    if (!line.length && isBlank(unit)) return; // no leading blanks on a wrapped line
    line.push(unit);
    width += measure(unit);
  };

  const queue = units(paragraph);
  for (let i = 0; i < queue.length; i++) {
    const unit = queue[i];
    const w = measure(unit);
    if (width + w <= maxWidth || isBlank(unit)) {
      push(unit);
      carriedOnly = false;
      continue;
    }
    if ([...unit].length > 1 && (w > maxWidth || carriedOnly)) {
      // A word that cannot get a line of its own here: break it by character.
      queue.splice(i, 1, ...unit);
      i--;
      continue;
    }
    if (!line.length || carriedOnly) {
      // A single character wider than what is left of a (nearly) fresh line: it overflows.
      push(unit);
      carriedOnly = false;
      continue;
    }
    // 追い出し: carry characters that may not start / end a line down with this unit.
    const carried: string[] = [];
    if (NO_LINE_START.has(unit[0])) carried.unshift(line.pop() as string);
    while (line.length && NO_LINE_END.has(line[line.length - 1])) carried.unshift(line.pop() as string);
    if (!line.length) {
      // Nothing would be left: keep the line; a closing mark hangs past the edge (ぶら下げ).
      line.push(...carried);
      if (unit.length === 1 && NO_LINE_START.has(unit)) push(unit);
      else i--;
      flush();
      continue;
    }
    flush();
    for (const c of carried) push(c);
    carriedOnly = carried.length > 0;
    i--; // place the unit again, on the new line
  }
  if (line.length || !lines.length) flush();
  return lines;
}

/** Shortens `text` with "…" so it fits on one line. */
export function ellipsize(text: string, options: WrapOptions): string {
  const { weight, size, maxWidth } = options;
  if (textWidth(weight, text, size) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length && textWidth(weight, `${chars.join('')}…`, size) > maxWidth) chars.pop();
  return `${chars.join('')}…`;
}
