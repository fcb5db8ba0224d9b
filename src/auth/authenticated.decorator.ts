import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { UserRole } from '../accounts/user.entity';
import type { Principal, RequestOrigin } from '../access/principal';
import type { RouteBodyConfig } from '../common/route-bodies';
import { sourceAddressOf } from '../common/source-address';
import type { ApiScope } from './scopes';

export const AUTH_RULE = 'kaiji:auth-rule';

export interface AuthRule {
  /** No token needed (login, token endpoint, health). */
  public?: boolean;
  /** Whether API clients may call the route; portal users always may unless `usersOnly`. */
  clients?: boolean;
  /** The scope an API client needs (write routes). */
  scope?: ApiScope;
  /** Roles a portal user needs; by default any role may read and viewers may not write. */
  roles?: UserRole[];
  /**
   * The caller's own account (/me, password, 2FA, logout): open to viewers and reachable while a
   * mandatory 2FA enrolment is still pending.
   */
  selfService?: boolean;
}

/**
 * Authentication, permission and OpenAPI security in one decorator. Routes without it are
 * refused: the global guard treats a missing rule as a mistake, not as "public".
 */
export function Authenticated(rule: Omit<AuthRule, 'public'> = {}) {
  return applyDecorators(
    SetMetadata(AUTH_RULE, rule),
    ApiBearerAuth('bearer'),
    // API clients' OAuth 2.0 client-credentials tokens, with the scope writes need (src/openapi clears
    // it on reads, which need none); routes for portal users only take the bearer scheme alone. Their
    // 401/403/404 answers are added by src/openapi from this same rule.
    ...(rule.clients ? [ApiSecurity('oauth2', rule.scope ? [rule.scope] : [])] : []),
  );
}

/**
 * No token needed. Fastify's route config says so too, for the hooks that decide before the body is
 * read (src/auth/body-admission.ts): on a method, as Nest reads route config from handlers only.
 */
export function Public() {
  return applyDecorators(SetMetadata(AUTH_RULE, { public: true } satisfies AuthRule), RouteConfig({ public: true } satisfies RouteBodyConfig));
}

export interface AuthenticatedRequest extends FastifyRequest {
  principal?: Principal;
  origin?: RequestOrigin;
}

/** The authenticated caller, set by the global guard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without @Authenticated()');
  return principal;
});

/** Where the request came from (IP, user agent), for routes that audit unauthenticated callers. */
export const Origin = createParamDecorator((_: unknown, context: ExecutionContext): RequestOrigin => originOf(context.switchToHttp().getRequest<FastifyRequest>()));

export function originOf(request: FastifyRequest): RequestOrigin {
  const userAgent = request.headers['user-agent'];
  return { ip: sourceAddressOf(request), userAgent: typeof userAgent === 'string' ? userAgent : null };
}
