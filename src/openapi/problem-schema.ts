import { PROBLEM_CODES } from '../common/problem-codes';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
export const PROBLEM_REF = '#/components/schemas/Problem';

/** The shared error schemas: RFC 9457 problem details with Kaiji's extensions. */
export function problemSchemas(): Record<string, unknown> {
  return {
    ProblemCode: {
      type: 'string',
      description: 'A stable, snake_case code for the kind of problem (src/common/problem-codes.ts); `x-enumDescriptions` says when each is answered.',
      enum: Object.keys(PROBLEM_CODES),
      'x-enumDescriptions': { ...PROBLEM_CODES },
    },
    ProblemFieldError: {
      type: 'object',
      description: 'One invalid field of the request, or one problem in an uploaded workbook (placed by sheet, row, column and cell).',
      required: ['message'],
      properties: {
        field: { type: 'string', description: 'Path of the field in the request, e.g. `answers[9].targetOn`.', examples: ['answers[9].targetOn'] },
        message: { type: 'string', description: 'What is wrong, in Japanese with the English beside it.' },
        itemId: { type: 'string', description: 'The checklist item as printed on the sheet, e.g. `2-⑨`.', examples: ['2-⑨'] },
        sheet: { type: 'string', description: 'Workbook uploads: the sheet.' },
        row: { type: 'integer', description: 'Workbook uploads: the row number Excel shows.' },
        column: { type: 'string', description: 'Workbook uploads: the column heading.' },
        cell: { type: 'string', description: 'Workbook uploads: the cell, A1-style.' },
      },
    },
    Problem: {
      type: 'object',
      description:
        'An error, as RFC 9457 problem details (`application/problem+json`), with the extensions `code`, `requestId` and, for invalid ' +
        'requests, `errors`. Some problems carry further members named in their detail (e.g. `retryAfterSeconds`, `existingRequestId`).',
      required: ['type', 'title', 'status', 'code'],
      properties: {
        type: { type: 'string', format: 'uri', description: '`urn:kaiji:problem:` followed by the code.', examples: ['urn:kaiji:problem:validation_failed'] },
        title: { type: 'string', description: 'A short summary of the kind of problem.', examples: ['Invalid request'] },
        status: { type: 'integer', minimum: 100, maximum: 599, description: 'The HTTP status code.', examples: [400] },
        detail: { type: 'string', description: 'What went wrong in this occurrence, for people.' },
        // No uri-reference format: it is the request path and query exactly as the client sent them.
        instance: { type: 'string', description: 'The request path and query, as sent.' },
        code: { $ref: '#/components/schemas/ProblemCode' },
        requestId: { type: 'string', description: 'The request id (also the X-Request-Id header): quote it when reporting a problem.' },
        errors: { type: 'array', items: { $ref: '#/components/schemas/ProblemFieldError' }, description: 'The invalid fields (validation_failed, workbook_invalid, …).' },
        retryAfterSeconds: { type: 'integer', minimum: 0, description: 'When the request may be retried (also the Retry-After header).' },
      },
    },
  };
}
