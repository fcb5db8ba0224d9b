import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
const PROBLEM_TYPE_BASE = 'urn:kaiji:problem:';

/** An RFC 9457 problem document, with Kaiji's `code` and `requestId` extensions. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  requestId?: string;
  [extension: string]: unknown;
}

/** Unique constraints whose violation is the caller's conflict, named in the migrations. */
const CONFLICT_CONSTRAINTS: Record<string, { code: string; detail: string }> = {
  users_email_key: { code: 'email_taken', detail: 'An account with this e-mail already exists.' },
  products_vendor_name_key: { code: 'product_name_taken', detail: 'You already have a product with this name.' },
  organizations_pharmacy_code_key: { code: 'pharmacy_code_taken', detail: 'An organization with this 保険薬局コード already exists.' },
  organizations_vendor_corporate_number_key: { code: 'corporate_number_taken', detail: 'この法人番号はすでに別の事業者が登録しています (another vendor already holds this 法人番号).' },
};

const UNSTORABLE_VALUE_CODES = new Set(['22021', '22P05', '22007', '22008', '22003', '22P02', '54000']);
const DATABASE_UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);
const RELEASED_RUNNER_ERRORS = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

const logger = new Logger('Problem');

/** Turns anything thrown while serving a request into a problem document. */
export function toProblem(error: unknown, instance: string, requestId?: string): Problem {
  const base = { instance, requestId };
  if (error instanceof AppError) {
    // Extensions first: they may add members, never replace the standard ones or the request id.
    return { ...error.extensions, type: PROBLEM_TYPE_BASE + error.code, title: error.title, status: error.status, detail: error.detail, code: error.code, ...base };
  }
  if (error instanceof ThrottlerException) {
    return problem(HttpStatus.TOO_MANY_REQUESTS, 'rate_limited', 'Too many requests', 'Too many requests; slow down and retry later.', base);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return problem(status, codeForStatus(status), titleForStatus(status), messageOf(error), base);
  }
  if (isFastifyError(error)) {
    const status = error.statusCode;
    const detail = status === 413 ? 'The request body is too large.' : error.message;
    return problem(status, fastifyCode(error), titleForStatus(status), detail, base);
  }
  if (error instanceof QueryFailedError) {
    const driverError = error.driverError as { code?: string; constraint?: string };
    const conflict = driverError.constraint ? CONFLICT_CONSTRAINTS[driverError.constraint] : undefined;
    if (driverError.code === '23505' && conflict) return problem(409, conflict.code, 'Conflict', conflict.detail, base);
    // Values PostgreSQL cannot store (a NUL character, a year-0 date, a number out of range) are the caller's.
    if (driverError.code && UNSTORABLE_VALUE_CODES.has(driverError.code)) {
      return problem(400, 'unstorable_value', 'Bad request', 'A value in the request cannot be stored (for example a NUL character or an impossible date).', base);
    }
  }
  if (isDatabaseUnavailable(error)) {
    return problem(503, 'service_unavailable', 'Service unavailable', 'The database is unreachable; retry shortly.', base);
  }
  logger.error({ err: error, requestId }, 'unhandled error');
  return problem(500, 'internal_error', 'Internal server error', 'An unexpected error occurred.', base);
}

/** A request Node's HTTP parser refused (not HTTP, headers too large, too slow) before any route or request id existed. */
export function clientErrorProblem(error: { code?: string }, requestId: string): Problem {
  const base = { requestId };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return problem(408, 'request_timeout', 'Request timeout', 'The request did not arrive in time.', base);
  if (error.code === 'HPE_HEADER_OVERFLOW') return problem(431, 'headers_too_large', 'Request header fields too large', 'The request headers are too large.', base);
  return problem(400, 'malformed_request', 'Bad request', 'The request is not valid HTTP/1.1.', base);
}

function problem(status: number, code: string, title: string, detail: string | undefined, base: { instance?: string; requestId?: string }): Problem {
  return { type: PROBLEM_TYPE_BASE + code, title, status, detail, code, ...base };
}

function messageOf(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
}

interface FastifyError extends Error {
  statusCode: number;
  code: string;
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as FastifyError).statusCode === 'number' && typeof (error as FastifyError).code === 'string' && (error as FastifyError).code.startsWith('FST_');
}

function fastifyCode(error: FastifyError): string {
  if (error.statusCode === 413) return 'payload_too_large';
  if (error.statusCode === 415) return 'unsupported_media_type';
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) return 'malformed_body';
  return codeForStatus(error.statusCode);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, message } = current as { code?: string; message?: string };
    if (code && (DATABASE_UNAVAILABLE_CODES.has(code) || NETWORK_ERRORS.has(code))) return true;
    if (message && /Connection terminated|connection timeout|Connection ended|terminating connection|the database system is (starting up|shutting down)/i.test(message)) return true;
    // TypeORM releases a transaction's query runner when its connection breaks (server stopped or
    // restarted); the transaction's next statement then fails with one of these, not the network error.
    if (RELEASED_RUNNER_ERRORS.has((current as { name?: string }).name ?? '')) return true;
    current = (current as { driverError?: unknown; cause?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}

const TITLES: Record<number, [string, string]> = {
  400: ['bad_request', 'Bad request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not_found', 'Not found'],
  405: ['method_not_allowed', 'Method not allowed'],
  406: ['not_acceptable', 'Not acceptable'],
  409: ['conflict', 'Conflict'],
  413: ['payload_too_large', 'Payload too large'],
  414: ['uri_too_long', 'URI too long'],
  415: ['unsupported_media_type', 'Unsupported media type'],
  422: ['unprocessable', 'Unprocessable request'],
  429: ['rate_limited', 'Too many requests'],
  503: ['service_unavailable', 'Service unavailable'],
};

function codeForStatus(status: number): string {
  return TITLES[status]?.[0] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}

function titleForStatus(status: number): string {
  return TITLES[status]?.[1] ?? (status >= 500 ? 'Internal server error' : 'Bad request');
}
