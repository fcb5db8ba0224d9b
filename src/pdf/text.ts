import { FontWeight, textWidth } from './fonts';

/**
 * Line wrapping for Japanese: text is broken by character width (there are no spaces to break
 * at), runs of Latin letters and digits ("MDS/SDS", "2025-06-30") are kept together where they
 * fit, and the usual 禁則 rules apply: closing brackets, 、。 and small kana never start a line,
 * opening brackets never end one (the previous character moves down with them).
 */

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
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    lines.push(...wrapParagraph(paragraph, weight, size, maxWidth));
  }
  return lines;
}

function wrapParagraph(paragraph: string, weight: FontWeight, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  let width = 0;
  const width1 = (s: string) => textWidth(weight, s, size);
  const flush = () => {
    while (line.length && /^\s$/.test(line[line.length - 1])) line.pop();
    lines.push(line.join(''));
    line = [];
    width = 0;
  };
  const push = (unit: string) => {
    if (!line.length && /^\s$/.test(unit)) return; // no leading blanks on a wrapped line
    line.push(unit);
    width += width1(unit);
  };

  const queue = units(paragraph);
  for (let i = 0; i < queue.length; i++) {
    const unit = queue[i];
    const w = width1(unit);
    if (width + w <= maxWidth || /^\s$/.test(unit)) {
      push(unit);
      continue;
    }
    if (unit.length > 1 && w > maxWidth) {
      // A word wider than a whole line: break it by character.
      queue.splice(i + 1, 0, ...[...unit].slice(1));
      queue[i] = [...unit][0];
      i--;
      continue;
    }
    if (!line.length) {
      push(unit);
      continue;
    }
    // 追い出し: carry characters that may not start / end a line down with this unit.
    const carried: string[] = [];
    if (NO_LINE_START.has(unit[0]) && line.length > 1) carried.unshift(line.pop() as string);
    while (line.length > 1 && NO_LINE_END.has(line[line.length - 1])) carried.unshift(line.pop() as string);
    width = width1(line.join(''));
    flush();
    for (const c of carried) push(c);
    push(unit);
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
