import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { oauthRefusal, sendOAuthError } from '../oauth/oauth-error-response';
import { clientErrorProblem, PROBLEM_CONTENT_TYPE, toProblem } from './problem';
import { requestIdOf } from './request-id';

/** Every error leaves as RFC 9457 application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}

export function sendProblem(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
  // The OAuth token endpoint refuses in RFC 6749 §5.2's format, also for what is refused before it runs.
  const refusal = oauthRefusal(exception, request);
  if (refusal) return sendOAuthError(refusal, request, reply);
  const problem = toProblem(exception, request.url, requestIdOf(request));
  if (problem.status === 429 || problem.status === 503 || typeof problem.retryAfterSeconds === 'number') {
    const retryAfter = typeof problem.retryAfterSeconds === 'number' ? problem.retryAfterSeconds : problem.status === 503 ? 5 : 60;
    void reply.header('Retry-After', String(retryAfter));
  }
  if (problem.status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="kaiji"');
  void reply.status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses (bytes that are not HTTP, such as
 * those beyond a Content-Length that lied, or headers too large) is answered as a problem document
 * like everything else, then the connection is closed (its framing can no longer be trusted).
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const requestId = randomUUID();
  const problem = clientErrorProblem(error, requestId);
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
