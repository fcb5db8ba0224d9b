import type { FastifyInstance } from 'fastify';
import { AppError } from './app-error';

/**
 * Deeper than any Kaiji body (the deepest, a form registration, nests about five levels) by a wide
 * margin. class-transformer walks a body recursively before validation, so a few thousand nested
 * arrays in any member, known or not, would overflow its stack and answer 500.
 */
export const MAX_BODY_DEPTH = 32;

/** A UTF-16 surrogate without its other half: JSON can carry one (`"\ud800"`), UTF-8 cannot. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Refuses, with a 400 before any route sees it, a parsed body nested deeper than MAX_BODY_DEPTH or
 * holding text that is not well-formed Unicode (validator.js's isEmail throws on a lone surrogate,
 * and PostgreSQL could only store it altered).
 */
export function useBodyShapeLimits(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request) => {
    const problem = bodyShapeProblem(request.body, MAX_BODY_DEPTH);
    if (problem) throw new AppError(400, 'malformed_body', 'Bad request', problem);
  });
}

/** What is wrong with the shape of a parsed JSON value, if anything (walked without recursion). */
export function bodyShapeProblem(value: unknown, maxDepth: number): string | undefined {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (typeof current === 'string') {
      if (LONE_SURROGATE.test(current)) return 'The body holds text that is not well-formed Unicode (a lone surrogate).';
      continue;
    }
    if (current === null || typeof current !== 'object' || Buffer.isBuffer(current)) continue;
    if (depth >= maxDepth) return `The body nests arrays or objects deeper than ${maxDepth} levels.`;
    if (Array.isArray(current)) for (const child of current as unknown[]) pending.push([child, depth + 1]);
    else for (const [key, child] of Object.entries(current)) pending.push([key, depth + 1], [child, depth + 1]);
  }
  return undefined;
}
