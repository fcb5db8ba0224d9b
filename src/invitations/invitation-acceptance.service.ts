import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestOrigin } from '../access/principal';
import { PasswordsService } from '../accounts/passwords.service';
import type { UserRole } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { twoFactorRequired } from '../auth/two-factor-policy';
import { AppError } from '../common/app-error';
import { sha256 } from '../common/hashing';
import type { AcceptInvitationDto, InvitationAcceptedDto, InvitationLookupDto } from './invitations.dto';

interface UsableInvitation {
  id: string;
  organization_id: string;
  email: string;
  display_name: string | null;
  role: UserRole;
  expires_at: Date;
  organization_name: string;
  organization_kind: string;
  require_two_factor: boolean;
}

/** Pending only: accepted, revoked, expired and unknown tokens are one and the same answer. */
const USABLE_SQL = `SELECT i.id, i.organization_id, i.email, i.display_name, i.role, i.expires_at,
       o.name AS organization_name, o.kind AS organization_kind, o.require_two_factor
  FROM invitations i JOIN organizations o ON o.id = i.organization_id
 WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()`;

/**
 * The invitee's side (public routes: the token is the credential, sent in a body). Accepting creates
 * the account with today's password policy, marks the invitation accepted and audits both, in one
 * transaction: a refused password writes nothing and leaves the link usable.
 */
@Injectable()
export class InvitationAcceptanceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly passwords: PasswordsService,
    private readonly audit: AuditService,
  ) {}

  async lookup(token: string): Promise<InvitationLookupDto> {
    const [row]: UsableInvitation[] = await this.db.query(USABLE_SQL, [sha256(token)]);
    if (!row) throw invalidInvitation();
    return {
      organizationName: row.organization_name,
      organizationKind: row.organization_kind,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      expiresAt: row.expires_at.toISOString(),
    };
  }

  async accept(input: AcceptInvitationDto, origin: RequestOrigin): Promise<InvitationAcceptedDto> {
    return this.db.transaction(async (manager) => {
      const [row]: UsableInvitation[] = await manager.query(`${USABLE_SQL} FOR UPDATE OF i`, [sha256(input.token)]);
      if (!row) throw invalidInvitation();
      this.passwords.assertAcceptable(input.password, row.email);
      // The address may have become an account since the invitation (another organization's invitation).
      const [taken]: unknown[] = await manager.query('SELECT 1 FROM users WHERE lower(email) = $1', [row.email]);
      if (taken) {
        throw AppError.conflict('email_unavailable', 'このメールアドレスにはすでにアカウントがあります。ログインするか、招待した方に連絡してください (this address already has an account: log in instead).');
      }
      const [user]: { id: string }[] = await manager.query(
        `INSERT INTO users (organization_id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, '') RETURNING id`,
        [row.organization_id, row.email, input.displayName, row.role],
      );
      await this.passwords.setPassword(manager, { id: user.id, email: row.email }, input.password);
      await manager.query('UPDATE invitations SET accepted_at = now(), accepted_user_id = $2 WHERE id = $1', [row.id, user.id]);
      const actor = { type: 'account' as const, userId: user.id, email: row.email, origin };
      await this.audit.recordMany(
        [
          { actor, organizationId: row.organization_id, action: 'invitation.accept', target: { type: 'invitation', id: row.id } },
          { actor, organizationId: row.organization_id, action: 'user.create', target: { type: 'user', id: user.id }, details: { email: row.email, role: row.role, invitationId: row.id } },
        ],
        manager,
      );
      return {
        email: row.email,
        organizationName: row.organization_name,
        twoFactorRequired: twoFactorRequired({ kind: row.organization_kind, requireTwoFactor: row.require_two_factor }),
      };
    });
  }
}

function invalidInvitation(): AppError {
  return new AppError(
    HttpStatus.BAD_REQUEST,
    'invalid_invitation',
    'Invalid invitation link',
    'この招待リンクは無効か、有効期限が切れているか、すでに使われています。招待した方に再送を依頼してください (the invitation link is invalid, expired, revoked or already used: ask for a new one).',
  );
}
