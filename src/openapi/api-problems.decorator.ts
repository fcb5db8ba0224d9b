import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/** Why an operation answers each error status, as its OpenAPI response says. */
const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or has invalid fields (problem+json, `errors` lists them).',
  401: 'Missing, expired or revoked token (problem+json).',
  403: 'Authenticated, but the role or scope does not allow this (problem+json).',
  404: 'No such record, or not visible to the caller (problem+json).',
  409: 'The request conflicts with the record\'s state, or its Idempotency-Key is in use (problem+json).',
  412: 'If-Match names a revision that is no longer current (problem+json).',
  413: 'The body is larger than this operation accepts (problem+json).',
  415: 'The body\'s media type is not one this operation accepts (problem+json).',
  422: 'The request is well-formed but cannot be carried out (problem+json).',
  428: 'This operation requires If-Match (problem+json).',
  429: 'Too many requests; Retry-After says when to try again (problem+json).',
  503: 'Temporarily unavailable; Retry-After says when to try again (problem+json).',
};

/**
 * The error statuses an operation can answer beyond those every operation shares, each with the
 * shared problem+json schema (#/components/schemas/Problem, added by src/openapi).
 */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Error (problem+json).',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      }),
    ),
  );
}
