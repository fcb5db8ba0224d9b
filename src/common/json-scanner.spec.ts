import fc from 'fast-check';
import { bodyShapeProblem } from './body-shape';
import { JsonScanner, JsonShapeProblem } from './json-scanner';

const scan = (text: string, limits = { maxValues: 1_000_000, maxDepth: 32 }, chunkSize = 7): JsonShapeProblem | undefined => {
  const scanner = new JsonScanner(limits);
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += chunkSize) {
    const problem = scanner.feed(bytes.subarray(at, at + chunkSize));
    if (problem) return problem;
  }
  return scanner.end();
};

/** Every value of a parsed JSON value, keys included: what the scanner counts on its text. */
function valuesOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + value.reduce((sum: number, item) => sum + valuesOf(item), 0);
  if (value !== null && typeof value === 'object') return 1 + Object.entries(value).reduce((sum, [, item]) => sum + 1 + valuesOf(item), 0);
  return 1;
}

describe('JsonScanner', () => {
  it('counts every value, keys included, whatever the chunks', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 64 }), (value, chunkSize) => {
        const text = JSON.stringify(value);
        const count = valuesOf(JSON.parse(text));
        expect(scan(text, { maxValues: count, maxDepth: 1_000 }, chunkSize)).toBeUndefined();
        expect(scan(text, { maxValues: count - 1, maxDepth: 1_000 }, chunkSize)).toEqual({ kind: 'too_many_values', limit: count - 1 });
      }),
    );
  });

  it('tells a lone surrogate exactly where the walk of the parsed body does', () => {
    const unit = fc.constantFrom('\\ud800', '\\udbff', '\\udc00', '\\udfff', '\\u0041', '\\n', 'a', 'あ', '"', '\\\\u', '\\"');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 8 }), fc.integer({ min: 1, max: 16 }), (units, chunkSize) => {
        const text = `{"k${units.join('')}":"${units.join('')}"}`;
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return; // not JSON: JSON.parse refuses it after the scan
        }
        const walked = bodyShapeProblem(parsed, 32) !== undefined;
        expect(scan(text, undefined, chunkSize)?.kind === 'lone_surrogate').toBe(walked);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses nesting past the depth the walk refuses, and takes a pair across chunks', () => {
    expect(scan(`${'['.repeat(32)}${']'.repeat(32)}`)).toBeUndefined();
    expect(scan(`${'['.repeat(33)}${']'.repeat(33)}`)).toEqual({ kind: 'too_deep', limit: 32 });
    expect(bodyShapeProblem(JSON.parse(`${'['.repeat(32)}${']'.repeat(32)}`), 32)).toBeUndefined();
    expect(bodyShapeProblem(JSON.parse(`${'['.repeat(33)}${']'.repeat(33)}`), 32)).toBeDefined();
    expect(scan('"[[[{{{"')).toBeUndefined();
    expect(scan('"\\ud83d\\ude00"', undefined, 1)).toBeUndefined();
    expect(scan('"\\ud83d', undefined, 1)).toEqual({ kind: 'lone_surrogate' });
  });
});
