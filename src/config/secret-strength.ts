/**
 * Production refuses secrets anyone could know: the placeholders published in docker-compose.yml,
 * the README and the demo, and keys too regular to be random. The estimate is deliberately simple
 * (characters' spread and repetition): it catches "change-me…", "0000…" and "abab…", not a clever
 * human phrase, which no check can tell from random text.
 */

/** Values a deployment could copy from this repository: docker-compose.yml's placeholders and the demo's password. */
const PUBLISHED_VALUES = new Set(
  [
    'change-me-change-me-change-me-change-me-48chars',
    '0'.repeat(64),
    'Change-me-2025!',
    'Kaiji-demo-2025!',
  ].map((value) => value.toLowerCase()),
);

const PLACEHOLDER_WORDS = /change[-_ .]?me|replace[-_ .]?me|placeholder|your[-_ .]?(secret|key|password)|example|dummy/i;

/** Why a secret may not be used in production ("is …"), or null when nothing is wrong with it. */
export function placeholderProblem(value: string): string | null {
  if (PUBLISHED_VALUES.has(value.toLowerCase())) return 'is a value published with Kaiji (docker-compose.yml, the README or the demo), not a secret';
  if (PLACEHOLDER_WORDS.test(value)) return 'looks like a placeholder, not a secret';
  return null;
}

/**
 * Why a random key looks not random enough ("is …"), or null. `minBits` is the least estimated
 * entropy: the count of characters times the Shannon entropy of their distribution.
 */
export function lowEntropyProblem(value: string, minBits: number): string | null {
  const placeholder = placeholderProblem(value);
  if (placeholder) return placeholder;
  if (repeatedShare(value) > 0.3) return 'repeats a short pattern: it is not random';
  if (sequentialShare(value) > 0.5) return 'runs through consecutive characters: it is not random';
  if (estimatedBits(value) < minBits) return `has too little randomness (about ${Math.floor(estimatedBits(value))} bits; at least ${minBits} needed)`;
  return null;
}

/** Length × Shannon entropy per character of the value's own character distribution. */
export function estimatedBits(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...value].length;
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / length;
    perChar -= p * Math.log2(p);
  }
  return perChar * length;
}

/**
 * The share of 4-character runs that already occurred earlier in the value ("abab…",
 * "password" written four times): in random text of these lengths almost none do.
 */
function repeatedShare(value: string): number {
  const runs = value.length - 3;
  if (runs < 2) return 0;
  const seen = new Set<string>();
  let repeated = 0;
  for (let i = 0; i < runs; i++) {
    const run = value.slice(i, i + 4);
    if (seen.has(run)) repeated++;
    seen.add(run);
  }
  return repeated / runs;
}

/** The share of neighbouring characters one code point apart ("0123…", "abcd…", "zyx…"). */
function sequentialShare(value: string): number {
  if (value.length < 2) return 0;
  let steps = 0;
  for (let i = 1; i < value.length; i++) {
    if (Math.abs(value.charCodeAt(i) - value.charCodeAt(i - 1)) === 1) steps++;
  }
  return steps / (value.length - 1);
}
