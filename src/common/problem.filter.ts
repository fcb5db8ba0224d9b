import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem';
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
  const problem = toProblem(exception, request.url, requestIdOf(request));
  if (problem.status === 429 || problem.status === 503) {
    const retryAfter = typeof problem.retryAfterSeconds === 'number' ? problem.retryAfterSeconds : problem.status === 503 ? 5 : 60;
    void reply.header('Retry-After', String(retryAfter));
  }
  if (problem.status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="kaiji"');
  void reply.status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
