import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal, UserPrincipal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { SessionDto, SessionListDto, SessionsRevokedDto } from './sessions.dto';

interface SessionRow {
  id: string;
  user_agent: string | null;
  ip: string | null;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date;
}

/**
 * A user's own login sessions: the list of signed-in devices and signing out the others. Every query
 * is bounded to the caller's user id, so another user's session id is simply "not found". Ending a
 * session ends its refresh tokens and its access tokens at once (both are checked against the
 * session on every use: src/auth/principal-loader.service.ts).
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal): Promise<SessionListDto> {
    const user = asUser(principal);
    const rows: SessionRow[] = await this.db.query(
      `SELECT id, user_agent, ip, created_at, last_used_at, expires_at
         FROM sessions
        WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()
        ORDER BY coalesce(last_used_at, created_at) DESC, id`,
      [user.userId],
    );
    return { items: rows.map((row) => toDto(row, user.sessionId)) };
  }

  async revoke(principal: Principal, sessionId: string): Promise<void> {
    const user = asUser(principal);
    await this.db.transaction(async (manager) => {
      // An UPDATE … RETURNING answers [rows, affected count] through TypeORM.
      const [ended]: [{ id: string }[], number] = await manager.query(
        `UPDATE sessions SET revoked_at = now(), revoked_reason = 'revoked_by_user'
          WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > now()
        RETURNING id`,
        [sessionId, user.userId],
      );
      if (ended.length === 0) throw AppError.notFound('session');
      await this.audit.record(
        { actor: user, organizationId: user.organizationId, action: 'auth.session_revoke', target: { type: 'session', id: sessionId }, details: { current: sessionId === user.sessionId } },
        manager,
      );
    });
  }

  async revokeOthers(principal: Principal): Promise<SessionsRevokedDto> {
    const user = asUser(principal);
    return this.db.transaction(async (manager) => {
      const [ended]: [{ id: string }[], number] = await manager.query(
        `UPDATE sessions SET revoked_at = now(), revoked_reason = 'revoked_by_user'
          WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL
        RETURNING id`,
        [user.userId, user.sessionId],
      );
      await this.audit.record(
        { actor: user, organizationId: user.organizationId, action: 'auth.sessions_revoke_others', target: { type: 'user', id: user.userId }, details: { revoked: ended.length } },
        manager,
      );
      return { revoked: ended.length };
    });
  }
}

function toDto(row: SessionRow, currentSessionId: string): SessionDto {
  return {
    id: row.id,
    userAgent: row.user_agent,
    ip: row.ip,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    current: row.id === currentSessionId,
  };
}

/** Sessions are a person's: an API client has none (403, like other portal-only routes). */
function asUser(principal: Principal): UserPrincipal {
  if (principal.type !== 'user') throw AppError.forbidden('This route is for portal users, not API clients.', 'users_only');
  return principal;
}
