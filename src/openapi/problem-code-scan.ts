import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Finds the problem `code`s the server's source can emit, so a test can hold the catalogue
 * (src/common/problem-codes.ts) to them: AppError factory calls and constructions, the filter's own
 * `problem(…)` calls and status table, OAuth token refusals, and every `code: '…'` member (a code
 * passed through a variable is written as such a member: rate-limit rules, request issues, the
 * conflict table), except in the files of NOT_PROBLEM_CODES, whose codes name something else.
 */

/** Which argument of each call is the code. */
const CALLS: { pattern: RegExp; argument: number }[] = [
  { pattern: /AppError\.(?:conflict|unprocessable)\(/g, argument: 0 },
  { pattern: /AppError\.(?:forbidden|unauthorized)\(/g, argument: 1 },
  { pattern: /new AppError\(/g, argument: 1 },
  { pattern: /\bproblem\((?=\s*[\d\w.]+\s*,\s*')/g, argument: 1 },
  { pattern: /\boauthError\(/g, argument: 1 },
  { pattern: /\boauthError\(/g, argument: 3 },
];
/** Files whose `code: '…'` members are not problem codes, and why. */
export const NOT_PROBLEM_CODES: Record<string, string> = {
  'remote-maintenance/remote-maintenance-risks.ts': 'risks of a remote-maintenance setup, shown in its answer',
  'accounts/api-client-sources.ts': 'risks of an API client allowed from anywhere, shown in its answer',
  'accounts/accounts.dto.ts': 'the type of those risks',
};
const SNAKE_CASE = /^[a-z][a-z0-9_]*$/;

export function scanProblemCodes(srcRoot: string): Map<string, string> {
  const found = new Map<string, string>();
  const files = sourceFiles(srcRoot).map((file) => ({ text: readFileSync(file, 'utf8'), relative: file.slice(srcRoot.length + 1) }));
  // A code passed as a named constant (`const PRECONDITION_FAILED = 'precondition_failed'`).
  const constants = new Map<string, string>();
  for (const { text } of files) for (const match of text.matchAll(/\bconst ([A-Z][A-Z0-9_]*) = '([a-z][a-z0-9_]*)';/g)) constants.set(match[1], match[2]);
  for (const { text, relative } of files) {
    for (const { pattern, argument } of CALLS) {
      for (const match of text.matchAll(pattern)) {
        const args = callArguments(text, match.index + match[0].length);
        const code = stringLiteral(args[argument]) ?? constants.get(args[argument] ?? '');
        if (code && SNAKE_CASE.test(code)) found.set(code, relative);
      }
    }
    if (!(relative in NOT_PROBLEM_CODES)) {
      for (const match of text.matchAll(/\bcode:\s*'([a-z][a-z0-9_]*)'/g)) found.set(match[1], relative);
    }
    if (relative === 'common/problem.ts') {
      for (const match of text.matchAll(/^\s*\d{3}:\s*\['([a-z][a-z0-9_]*)',/gm)) found.set(match[1], relative);
    }
  }
  // Computed codes: the filter's fallbacks for statuses without an entry in its table.
  found.set('internal_error', 'common/problem.ts');
  return found;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'portal' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The top-level arguments of a call whose `(` ends just before `start`, as source text. */
function callArguments(text: string, start: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (char === "'" || char === '"' || char === '`') {
      const end = endOfString(text, index);
      current += text.slice(index, end + 1);
      index = end;
      continue;
    }
    if (char === '(' || char === '[' || char === '{') depth++;
    if (char === ')' || char === ']' || char === '}') {
      if (depth === 0) break;
      depth--;
    }
    if (char === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) args.push(current.trim());
  return args;
}

function endOfString(text: string, start: number): number {
  const quote = text[start];
  for (let index = start + 1; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === quote) return index;
  }
  return text.length - 1;
}

function stringLiteral(argument: string | undefined): string | undefined {
  const match = argument === undefined ? null : /^'([^'\\]*)'$/.exec(argument);
  return match?.[1];
}
