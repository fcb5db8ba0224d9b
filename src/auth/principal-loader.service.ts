import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ClientPrincipal, Principal, RequestOrigin, UserPrincipal } from '../access/principal';
import type { UserRole } from '../accounts/user.entity';
import type { OrganizationKind } from '../organizations/organization.entity';
import { AppError } from '../common/app-error';
import { queryPrepared } from '../common/prepared-statements';
import { isAddressAllowed } from '../common/source-address';
import { TWO_FACTOR_REQUIRED_SQL } from './two-factor-policy';

export interface AccessClaims {
  sub: string;
  typ: 'user' | 'client';
  /** The login session of a user token. */
  sid?: string;
  /** Space-separated scopes a client token was narrowed to at issue. */
  scope?: string;
}

/**
 * Turns verified token claims into the acting principal, checking the account on every request
 * so that a disabled user, a logged-out session or a revoked client stops working at once. The
 * checks run as prepared statements: they are on every request's path.
 */
@Injectable()
export class PrincipalLoader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async load(claims: AccessClaims, origin: RequestOrigin): Promise<Principal> {
    if (claims.typ === 'user' && claims.sid) return this.loadUser(claims.sub, claims.sid, origin);
    if (claims.typ === 'client') return this.loadClient(claims.sub, claims.scope, origin);
    throw invalidToken();
  }

  private async loadUser(userId: string, sessionId: string, origin: RequestOrigin): Promise<UserPrincipal> {
    const [row]: {
      email: string;
      role: UserRole;
      organization_id: string;
      kind: OrganizationKind;
      enrolled: boolean;
      require_two_factor: boolean;
      password_change_required: boolean;
    }[] = await queryPrepared(this.db.manager, {
      text: `SELECT u.email, u.role, u.organization_id, o.kind, u.totp_enabled_at IS NOT NULL AS enrolled,
                    ${TWO_FACTOR_REQUIRED_SQL} OR u.two_factor_enrolment_required AS require_two_factor, u.password_change_required
               FROM users u
               JOIN organizations o ON o.id = u.organization_id
               JOIN sessions s ON s.id = $2 AND s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()
              WHERE u.id = $1 AND u.disabled_at IS NULL`,
      values: [userId, sessionId],
    });
    if (!row) throw invalidToken();
    return {
      type: 'user',
      userId,
      email: row.email,
      role: row.role,
      sessionId,
      organizationId: row.organization_id,
      organizationKind: row.kind,
      twoFactorEnrolled: row.enrolled,
      twoFactorEnrolmentPending: row.require_two_factor && !row.enrolled,
      passwordChangeRequired: row.password_change_required,
      origin,
    };
  }

  private async loadClient(id: string, tokenScope: string | undefined, origin: RequestOrigin): Promise<ClientPrincipal> {
    const [row]: { name: string; scopes: string[]; allowed_cidrs: string[]; organization_id: string; kind: OrganizationKind }[] =
      await queryPrepared(this.db.manager, {
        text: `SELECT c.name, c.scopes, c.allowed_cidrs, c.organization_id, o.kind
                 FROM api_clients c JOIN organizations o ON o.id = c.organization_id
                WHERE c.id = $1 AND c.revoked_at IS NULL`,
        values: [id],
      });
    if (!row) throw invalidToken();
    if (!isAddressAllowed(origin.ip, row.allowed_cidrs)) throw sourceNotAllowed(origin.ip);
    return {
      type: 'client',
      clientId: id,
      clientName: row.name,
      // A scope removed from the client since the token was issued is gone at once.
      scopes: tokenScope === undefined ? row.scopes : tokenScope.split(' ').filter((scope) => row.scopes.includes(scope)),
      organizationId: row.organization_id,
      organizationKind: row.kind,
      origin,
    };
  }
}

export function invalidToken(): AppError {
  return AppError.unauthorized('The access token is missing, invalid, expired or revoked.', 'invalid_token');
}

export function sourceNotAllowed(ip: string): AppError {
  return AppError.forbidden(`Requests from ${ip} are not allowed for this API client.`, 'source_not_allowed');
}
