import { HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error';
import { toProblem } from '../common/problem';
import { TOKEN_ENDPOINT_PATH } from './authorization-server-metadata';
import { OAuthTokenError } from './oauth-error';

/**
 * What the token endpoint answers instead of a problem document, if anything: an OAuthTokenError as
 * it is, and a malformed request (400: validation, or a body refused by the checks that run before
 * any route) as invalid_request or unsupported_grant_type. Everything else stays problem+json with
 * the rest of the API, as the document says: a body too large (413) or of another media type (415),
 * rate limits (429) and server errors. Standard OAuth clients (oauth4webapi, Spring, MSAL…) read
 * only RFC 6749 §5.2 JSON; a problem document would reach them as an "unexpected response".
 */
export function oauthRefusal(exception: unknown, request: FastifyRequest): OAuthTokenError | undefined {
  if (request.method !== 'POST' || request.routeOptions?.url !== TOKEN_ENDPOINT_PATH) return undefined;
  if (exception instanceof OAuthTokenError) return exception;
  // Only 400s are converted: toProblem logs server errors, and sendProblem will.
  if (statusOf(exception) !== 400) return undefined;
  const problem = toProblem(exception, request.url);
  const fields = Array.isArray(problem.errors) ? (problem.errors as { field: string; message: string }[]) : [];
  const grantType = (request.body as { grant_type?: unknown } | undefined)?.grant_type;
  // A grant type this server does not offer, as opposed to a request without one.
  if (fields.some((f) => f.field === 'grant_type') && typeof grantType === 'string' && grantType !== '') {
    return new OAuthTokenError('unsupported_grant_type', `grant_type ${JSON.stringify(grantType)} is not supported; use client_credentials.`);
  }
  return new OAuthTokenError('invalid_request', fields.length > 0 ? fields.map((f) => `${f.field} ${f.message}`).join('; ') : (problem.detail ?? 'The token request is malformed.'));
}

/** RFC 6749 §5.2: JSON, never cached; invalid_client is 401 with a challenge in the scheme the client used (HTTP Basic), else 400. */
export function sendOAuthError(refusal: OAuthTokenError, request: FastifyRequest, reply: FastifyReply): void {
  const usedBasic = /^basic /i.test(request.headers.authorization ?? '');
  const status = refusal.error === 'invalid_client' && usedBasic ? 401 : 400;
  if (status === 401) void reply.header('WWW-Authenticate', 'Basic realm="kaiji"');
  void reply
    .status(status)
    .header('Cache-Control', 'no-store')
    .header('Pragma', 'no-cache')
    .header('Content-Type', 'application/json; charset=utf-8')
    .send(JSON.stringify({ error: refusal.error, error_description: refusal.description }));
}

function statusOf(exception: unknown): number | undefined {
  if (exception instanceof AppError) return exception.status;
  if (exception instanceof HttpException) return exception.getStatus();
  const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
}
