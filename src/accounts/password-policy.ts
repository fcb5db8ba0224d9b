import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_MIXED = 8;
export const PASSWORD_MIN_LONG = 13;
export const PASSWORD_MAX = 256;
/** Checklist 2-⑦ asks that recent passwords are not reused; Kaiji refuses the last five. */
export const PASSWORD_HISTORY_DEPTH = 5;

let commonPasswords: Set<string> | undefined;

/** About 49,000 passwords from public breach lists, as shipped with zxcvbn-ts. */
function isCommon(password: string): boolean {
  commonPasswords ??= new Set((dictionary['passwords-common']).map((p) => p.toLowerCase()));
  return commonPasswords.has(password.toLowerCase());
}

/**
 * The MHLW checklist's password rule (item 2-⑦): at least 8 characters mixing letters, digits and
 * symbols, or at least 13 characters; and not a well-known password. Returns what is wrong, or [].
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
  if (isCommon(password)) problems.push('is a commonly used password (よく使われるパスワードは使用できません)');
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) problems.push('must not contain your e-mail address');
  return problems;
}
