import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
// The Japanese feedback only: the package's index would also load its word lists, which cost 10×
// the time per check (measured) for little gain over the breach list.
import japaneseFeedback from '@zxcvbn-ts/language-ja/dist/translations';

export const PASSWORD_MIN_MIXED = 8;
export const PASSWORD_MIN_LONG = 13;
export const PASSWORD_MAX = 256;
/** Checklist 2-⑦ asks that recent passwords are not reused; Kaiji refuses the last five. */
export const PASSWORD_HISTORY_DEPTH = 5;

/**
 * The fewest guesses zxcvbn may estimate: 10^8 is what 8 random characters score, the least the
 * checklist allows; 'password123!', 'P@ssw0rd2025!' or 'Summer2025!' score far less.
 */
export const PASSWORD_MIN_GUESSES = 1e8;
/** zxcvbn's work grows fast with length (seconds for 256 crafted characters): it judges the first 32. */
const ZXCVBN_MAX_LENGTH = 32;

let commonPasswords: Set<string> | undefined;
let estimator: ZxcvbnFactory | undefined;

/** About 49,000 passwords from public breach lists, as shipped with zxcvbn-ts. */
function isCommon(password: string): boolean {
  commonPasswords ??= new Set((dictionary['passwords-common']).map((p) => p.toLowerCase()));
  return commonPasswords.has(password.toLowerCase());
}

/**
 * zxcvbn's estimate (on top of the common-password list, which it also uses, with keyboard walks,
 * sequences, repeats, dates and l33t spellings), with its Japanese advice; null when strong enough.
 */
function guessability(password: string, email?: string): string | null {
  estimator ??= new ZxcvbnFactory({
    dictionary,
    graphs: adjacencyGraphs,
    translations: japaneseFeedback,
    maxLength: ZXCVBN_MAX_LENGTH,
    l33tMaxSubstitutions: 16,
  });
  const [local = '', domain = ''] = (email ?? '').toLowerCase().split('@');
  const userInputs = ['kaiji', local, ...local.split(/[^\p{L}\p{Nd}]+/u), ...domain.split('.')].filter((word) => word.length >= 4);
  const result = estimator.check(password, userInputs);
  if (result.guesses >= PASSWORD_MIN_GUESSES) return null;
  const advice = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join('。');
  return `is too easy to guess (推測されやすいパスワードです${advice ? `: ${advice}` : ''})`;
}

/**
 * The MHLW checklist's password rule (item 2-⑦): at least 8 characters mixing letters, digits and
 * symbols, or at least 13 characters; not a well-known password; and, by zxcvbn's estimate, no
 * easier to guess than 8 random characters (issue 13, finding 22). Returns what is wrong, or [].
 */
export function passwordPolicyViolations(password: string, email?: string): string[] {
  const problems: string[] = [];
  if (password.length > PASSWORD_MAX) problems.push(`must be at most ${PASSWORD_MAX} characters`);
  const mixed = /\p{L}/u.test(password) && /\p{Nd}/u.test(password) && /[^\p{L}\p{Nd}\s]/u.test(password);
  if (password.length < PASSWORD_MIN_MIXED) {
    problems.push(`must be at least ${PASSWORD_MIN_MIXED} characters (8文字以上)`);
  } else if (password.length < PASSWORD_MIN_LONG && !mixed) {
    problems.push(`must mix letters, digits and symbols, or be at least ${PASSWORD_MIN_LONG} characters (英数字・記号を混在させた8文字以上、または13文字以上)`);
  }
  const local = email?.split('@')[0]?.toLowerCase();
  const containsEmail = Boolean(local && local.length >= 4 && password.toLowerCase().includes(local));
  if (isCommon(password)) problems.push('is a commonly used password (よく使われるパスワードは使用できません)');
  else if (problems.length === 0 && !containsEmail) {
    // Only a password that passes every plain rule is estimated: one message per problem.
    const weak = guessability(password, email);
    if (weak) problems.push(weak);
  }
  if (containsEmail) problems.push('must not contain your e-mail address');
  return problems;
}
