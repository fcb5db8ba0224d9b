import { join } from 'node:path';
import { scanProblemCodes } from '../openapi/problem-code-scan';
import { PROBLEM_CODES } from './problem-codes';

describe('the problem code catalogue', () => {
  const emitted = scanProblemCodes(join(__dirname, '..'));

  it('lists every code the source can answer with', () => {
    const missing = [...emitted].filter(([code]) => !(code in PROBLEM_CODES)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('lists no code the source no longer answers with', () => {
    expect(Object.keys(PROBLEM_CODES).filter((code) => !emitted.has(code))).toEqual([]);
  });

  it('describes every code', () => {
    for (const [code, description] of Object.entries(PROBLEM_CODES)) expect({ code, described: description.length > 10 }).toEqual({ code, described: true });
  });
});
