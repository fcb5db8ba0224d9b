import { NotFoundException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error';
import { hasBody } from '../common/body-shape';
import { sendProblem } from '../common/problem.filter';
import { routeBodyConfig } from '../common/route-bodies';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, JwtKeyring } from './jwt-keys';
import { invalidToken } from './principal-loader.service';

/**
 * Whether a request's body may be read at all, decided from its headers before a byte of it is:
 * - a route that needs authentication (all but @Public()) reads a body only from a caller whose
 *   bearer token verifies (signature, issuer, audience, expiry): anyone else gets 401 at once, as
 *   the guard would answer after reading it (the guard still loads the account, revocation
 *   included, before the route runs);
 * - a body in a media type with a parser of its own (PDF, XLSX) is read only by the routes that take
 *   it (RouteBodyConfig.uploadTypes): elsewhere 415;
 * - a body sent to no route gets the 404 it would get once read.
 * Refused bodies are not drained: the connection is closed after the answer.
 */
export function useBodyAdmission(fastify: FastifyInstance, options: { keyring: () => JwtKeyring; uploadTypes: string[] }): void {
  const jwt = new JwtService();
  const uploadTypes = new Set(options.uploadTypes);
  let keyring: JwtKeyring | undefined;
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!hasBody(request)) return done();
    if (request.is404) return refuse(request, reply, new NotFoundException(`Cannot ${request.method} ${request.raw.url}`));
    const config = routeBodyConfig(request);
    if (!config.public && !bearerVerifies(request.headers.authorization, (keyring ??= options.keyring()), jwt)) return refuse(request, reply, invalidToken());
    const type = mediaTypeOf(request);
    if (uploadTypes.has(type) && !config.uploadTypes?.includes(type)) {
      return refuse(
        request,
        reply,
        new AppError(415, 'unsupported_media_type', 'Unsupported media type', `このAPIは ${type} の本文を受け付けません (this route does not take ${type} bodies)`),
      );
    }
    done();
  });
}

function refuse(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  void reply.header('Connection', 'close');
  sendProblem(error, request, reply);
}

function mediaTypeOf(request: FastifyRequest): string {
  const type = request.headers['content-type'];
  return typeof type === 'string' ? type.split(';', 1)[0].trim().toLowerCase() : '';
}

/** The same checks as the JWT strategy's, without the database: enough to tell a caller from anyone. */
function bearerVerifies(authorization: string | undefined, keyring: JwtKeyring, jwt: JwtService): boolean {
  const token = /^Bearer +([A-Za-z0-9_.-]+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return false;
  try {
    const decoded = jwt.decode<{ header?: { kid?: unknown } } | null>(token, { complete: true });
    const key = keyring.verificationKeyFor(decoded?.header?.kid);
    if (!key) return false;
    // jsonwebtoken takes a KeyObject as well; the typing names only string and Buffer.
    const claims = jwt.verify<{ exp?: unknown }>(token, { secret: key as unknown as string, algorithms: [JWT_ALGORITHM], issuer: JWT_ISSUER, audience: JWT_AUDIENCE });
    return typeof claims.exp === 'number';
  } catch {
    return false;
  }
}
