import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AppError } from '../common/app-error';
import { sha256 } from '../common/hashing';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, JwtKeyring } from './jwt-keys';
import type { RequestOrigin } from '../access/principal';
import type { AccessClaims } from './principal-loader.service';

export interface UserTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

/** Sessions, refresh-token rotation with reuse detection, and signing of access tokens. */
@Injectable()
export class TokensService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly keyring: JwtKeyring,
  ) {}

  get accessTokenTtl(): number {
    return this.config.jwt.accessTokenTtlSeconds;
  }

  /** How long a refresh token can last: its session's lifetime from login (the portal's cookie keeps it as long). */
  get refreshTokenTtlSeconds(): number {
    return this.config.jwt.refreshTokenDays * 24 * 60 * 60;
  }

  signAccessToken(claims: AccessClaims): string {
    return this.jwt.sign(claims as unknown as Record<string, unknown>, {
      secret: this.keyring.currentKey,
      algorithm: JWT_ALGORITHM,
      keyid: this.keyring.currentKid,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn: this.accessTokenTtl,
    });
  }

  /** Starts a login session and returns its first token pair; the device is kept for the user's session list. */
  async startSession(manager: EntityManager, userId: string, origin?: RequestOrigin): Promise<UserTokens> {
    const [session]: { id: string }[] = await manager.query(
      `INSERT INTO sessions (user_id, expires_at, user_agent, ip, last_used_at) VALUES ($1, now() + make_interval(days => $2), left($3, 512), left($4, 64), now()) RETURNING id`,
      [userId, this.config.jwt.refreshTokenDays, origin?.userAgent ?? null, origin?.ip ?? null],
    );
    return this.issuePair(manager, userId, session.id);
  }

  /**
   * Exchanges a refresh token for a new pair. A token presented a second time means it leaked:
   * the whole session (every token of that login) is revoked.
   */
  async rotate(refreshToken: string): Promise<{ tokens: UserTokens } | { reused: true; organizationId: string; sessionId: string }> {
    return this.db.transaction(async (manager) => {
      const [row]: { id: string; session_id: string; user_id: string; organization_id: string; used_at: Date | null; live: boolean }[] = await manager.query(
        `SELECT t.id, t.session_id, s.user_id, u.organization_id, t.used_at,
                (s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL) AS live
           FROM refresh_tokens t
           JOIN sessions s ON s.id = t.session_id
           JOIN users u ON u.id = s.user_id
          WHERE t.token_hash = $1
          FOR UPDATE OF t, s`,
        [sha256(refreshToken)],
      );
      if (!row || !row.live) throw invalidRefreshToken();
      if (row.used_at) {
        await this.revokeSession(manager, row.session_id, 'refresh_token_reused');
        return { reused: true as const, organizationId: row.organization_id, sessionId: row.session_id };
      }
      await manager.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [row.id]);
      await manager.query('UPDATE sessions SET last_used_at = now() WHERE id = $1', [row.session_id]);
      return { tokens: await this.issuePair(manager, row.user_id, row.session_id) };
    });
  }

  async revokeSession(manager: EntityManager, sessionId: string, reason: string): Promise<void> {
    await manager.query('UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, reason]);
  }

  async revokeAllSessions(manager: EntityManager, userId: string, reason: string): Promise<void> {
    await manager.query('UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL', [userId, reason]);
  }

  private async issuePair(manager: EntityManager, userId: string, sessionId: string): Promise<UserTokens> {
    const refreshToken = randomBytes(32).toString('base64url');
    await manager.query('INSERT INTO refresh_tokens (session_id, token_hash) VALUES ($1, $2)', [sessionId, sha256(refreshToken)]);
    return {
      accessToken: this.signAccessToken({ sub: userId, typ: 'user', sid: sessionId }),
      refreshToken,
      expiresIn: this.accessTokenTtl,
      tokenType: 'Bearer',
    };
  }
}

export function invalidRefreshToken(): AppError {
  return AppError.unauthorized('The refresh token is invalid, expired or revoked.', 'invalid_refresh_token');
}
