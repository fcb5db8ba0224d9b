import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import type { Principal } from '../access/principal';
import { AppError } from '../common/app-error';
import { isDatabaseUnavailable } from '../common/problem';
import { AUTH_RULE, AuthenticatedRequest, AuthRule, originOf } from './authenticated.decorator';
import { invalidToken } from './principal-loader.service';

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * The global guard: every route declares its rule with @Authenticated() or @Public(); a route
 * that declares neither is refused, so a forgotten decorator cannot open a route.
 */
@Injectable()
export class AuthGuard extends PassportAuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.origin = originOf(request);
    const rule = this.reflector.getAllAndOverride<AuthRule | undefined>(AUTH_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new Error(`${context.getClass().name}.${context.getHandler().name} declares no auth rule`);
    if (rule.public) return true;

    await super.canActivate(context);
    const principal = (request as unknown as { user: Principal }).user;
    request.principal = principal;
    assertRuleAllows(rule, principal, request.method);
    return true;
  }

  override handleRequest<T>(error: unknown, principal: T): T {
    // An unreachable database is not a bad token: the filter answers 503, and the client retries.
    if (error instanceof AppError || isDatabaseUnavailable(error)) throw error;
    if (error || !principal) throw invalidToken();
    return principal;
  }
}

function assertRuleAllows(rule: AuthRule, principal: Principal, method: string): void {
  const writing = !READ_METHODS.has(method);
  if (principal.type === 'client') {
    if (!rule.clients) throw AppError.forbidden('This route is for portal users, not API clients.', 'users_only');
    if (writing && rule.scope && !principal.scopes.includes(rule.scope)) {
      throw AppError.forbidden(`This API client lacks the scope ${rule.scope}.`, 'insufficient_scope');
    }
    return;
  }
  if (rule.selfService) return;
  if (principal.passwordChangeRequired) {
    throw AppError.forbidden('管理者がパスワードをリセットしました。新しいパスワードを設定してください (an administrator reset your password: set a new one first, POST /v1/auth/password).', 'password_change_required');
  }
  if (principal.twoFactorEnrolmentPending) {
    throw AppError.forbidden('Your organization requires two-factor authentication: enrol first.', 'two_factor_enrolment_required');
  }
  if (rule.roles && !rule.roles.includes(principal.role)) {
    throw AppError.forbidden(`This needs one of the roles: ${rule.roles.join(', ')}.`, 'role_required');
  }
  if (writing && principal.role === 'viewer') {
    throw AppError.forbidden('The viewer role can read but not change anything.', 'read_only_role');
  }
}
