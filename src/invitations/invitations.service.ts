import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.service';
import type { Principal } from '../access/principal';
import { assertEmailAvailable } from '../accounts/email-availability';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { sha256 } from '../common/hashing';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import { consumeRateLimit } from '../common/rate-limit';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MailService } from '../mail/mail.service';
import { invitationMail } from './invitation-mail';
import { INVITATION_COLUMNS, INVITATION_FROM, InvitationRow, toInvitationDto } from './invitation-row';
import type { CreateInvitationDto, InvitationDto, InvitationQueryDto } from './invitations.dto';

/**
 * An organization's admins invite people by e-mail (issue 15): the same people who manage its
 * accounts (AccessPolicy.assertCanManageAccounts: others 403 inside, 404 outside). The link holds a
 * token of 256 random bits stored as its SHA-256; a resend replaces it, so the old link dies.
 * Invitations and resends count together against a per-organization hourly limit: mail goes only
 * where an admin sends it, and not in bulk.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessPolicy,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  async invite(principal: Principal, organizationId: string, input: CreateInvitationDto): Promise<InvitationDto> {
    this.access.assertCanManageAccounts(principal, organizationId);
    await this.throttle(organizationId);
    // An address with an account: 409 (email_taken in this organization, email_unavailable elsewhere,
    // with the accounts' own pause against probing who uses Kaiji).
    await assertEmailAvailable(this.db, organizationId, input.email);
    return this.db.transaction(async (manager) => {
      // Serializes invitations of one organization: two admins inviting the same address at once.
      await manager.query('SELECT 1 FROM organizations WHERE id = $1 FOR NO KEY UPDATE', [organizationId]);
      const [open]: { id: string }[] = await manager.query(
        'SELECT id FROM invitations WHERE organization_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()',
        [organizationId, input.email],
      );
      if (open) {
        throw AppError.conflict(
          'invitation_pending',
          'このメールアドレスにはすでに有効な招待があります。届いていない場合は招待一覧から再送してください (a pending invitation exists for this address: resend it instead).',
        );
      }
      const token = newToken();
      const [{ id }]: { id: string }[] = await manager.query(
        `INSERT INTO invitations (organization_id, email, display_name, role, token_hash, expires_at, invited_by)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6), $7) RETURNING id`,
        [organizationId, input.email, input.displayName ?? null, input.role, sha256(token), this.config.invitations.validDays, inviterId(principal)],
      );
      await this.audit.record(
        { actor: principal, organizationId, action: 'invitation.create', target: { type: 'invitation', id }, details: { email: input.email, role: input.role } },
        manager,
      );
      return this.sendAndReturn(manager, organizationId, id, token);
    });
  }

  async list(principal: Principal, organizationId: string, query: InvitationQueryDto): Promise<Page<InvitationDto>> {
    this.access.assertCanManageAccounts(principal, organizationId);
    const size = pageSize(query);
    const before = decodeCursor(query.cursor);
    const rows: InvitationRow[] = await this.db.query(
      `SELECT * FROM (SELECT ${INVITATION_COLUMNS} FROM ${INVITATION_FROM} WHERE i.organization_id = $1) v
        WHERE ($2::text IS NULL OR status = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [organizationId, query.status ?? null, before?.createdAt ?? null, before?.id ?? null, size + 1],
    );
    return toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), toInvitationDto);
  }

  /** A new link (the old one stops working) and a fresh validity period; pending or expired invitations only. */
  async resend(principal: Principal, organizationId: string, invitationId: string): Promise<InvitationDto> {
    this.access.assertCanManageAccounts(principal, organizationId);
    await this.throttle(organizationId);
    return this.db.transaction(async (manager) => {
      await this.lockOpen(manager, organizationId, invitationId);
      const token = newToken();
      await manager.query(
        `UPDATE invitations SET token_hash = $2, expires_at = now() + make_interval(days => $3), sent_count = sent_count + 1, last_sent_at = now() WHERE id = $1`,
        [invitationId, sha256(token), this.config.invitations.validDays],
      );
      await this.audit.record({ actor: principal, organizationId, action: 'invitation.resend', target: { type: 'invitation', id: invitationId } }, manager);
      return this.sendAndReturn(manager, organizationId, invitationId, token);
    });
  }

  async revoke(principal: Principal, organizationId: string, invitationId: string): Promise<InvitationDto> {
    this.access.assertCanManageAccounts(principal, organizationId);
    return this.db.transaction(async (manager) => {
      await this.lockOpen(manager, organizationId, invitationId);
      await manager.query('UPDATE invitations SET revoked_at = now() WHERE id = $1', [invitationId]);
      await this.audit.record({ actor: principal, organizationId, action: 'invitation.revoke', target: { type: 'invitation', id: invitationId } }, manager);
      return this.findOne(manager, organizationId, invitationId);
    });
  }

  /**
   * An invitation created but not mailed (src/pending-pharmacies): a pharmacy's first admin, named by
   * a vendor or chain, is mailed only once the operator has checked the address. Its token is never
   * told to anyone; sendPending replaces it with the one it mails.
   */
  async createUnsent(manager: EntityManager, organizationId: string, email: string): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO invitations (organization_id, email, role, token_hash, expires_at, sent_count)
       VALUES ($1, $2, 'admin', $3, now() + make_interval(days => $4), 0) RETURNING id`,
      [organizationId, email, sha256(newToken()), this.config.invitations.validDays],
    );
    return id;
  }

  /** Mails an invitation createUnsent made, with a new link and a fresh validity period, in the caller's transaction. */
  async sendPending(manager: EntityManager, organizationId: string, invitationId: string): Promise<InvitationDto> {
    await this.lockOpen(manager, organizationId, invitationId);
    const token = newToken();
    await manager.query(
      `UPDATE invitations SET token_hash = $2, expires_at = now() + make_interval(days => $3), sent_count = sent_count + 1, last_sent_at = now() WHERE id = $1`,
      [invitationId, sha256(token), this.config.invitations.validDays],
    );
    return this.sendAndReturn(manager, organizationId, invitationId, token);
  }

  private async sendAndReturn(manager: EntityManager, organizationId: string, id: string, token: string): Promise<InvitationDto> {
    const invitation = await this.findOne(manager, organizationId, id);
    const [organization]: { name: string }[] = await manager.query('SELECT name FROM organizations WHERE id = $1', [organizationId]);
    await this.mail.enqueue(
      manager,
      invitationMail({
        to: invitation.email,
        displayName: invitation.displayName,
        organizationId,
        organizationName: organization.name,
        inviterName: invitation.invitedBy ?? organization.name,
        role: invitation.role,
        link: `${this.config.mail.publicUrl}/portal/invitations/accept?token=${token}`,
        expiresAt: new Date(invitation.expiresAt),
      }),
    );
    return invitation;
  }

  /** The invitation of this organization (404 otherwise), locked; 409 once accepted or revoked. */
  private async lockOpen(manager: EntityManager, organizationId: string, invitationId: string): Promise<void> {
    const [row]: { closed: boolean }[] = await manager.query(
      'SELECT accepted_at IS NOT NULL OR revoked_at IS NOT NULL AS closed FROM invitations WHERE id = $1 AND organization_id = $2 FOR UPDATE',
      [invitationId, organizationId],
    );
    if (!row) throw AppError.notFound('invitation');
    if (row.closed) {
      throw AppError.conflict('invitation_closed', 'この招待はすでに承諾されたか取り消されています (the invitation was already accepted or revoked).');
    }
  }

  private async findOne(manager: EntityManager, organizationId: string, invitationId: string): Promise<InvitationDto> {
    const [row]: InvitationRow[] = await manager.query(`SELECT ${INVITATION_COLUMNS} FROM ${INVITATION_FROM} WHERE i.id = $1 AND i.organization_id = $2`, [
      invitationId,
      organizationId,
    ]);
    if (!row) throw AppError.notFound('invitation');
    return toInvitationDto(row);
  }

  private throttle(organizationId: string): Promise<void> {
    return consumeRateLimit(this.db, {
      bucket: 'invitation-organization',
      subject: organizationId,
      limit: this.config.invitations.perOrganizationPerHour,
      windowSeconds: 3600,
      code: 'invitation_rate_limited',
      detail: 'この組織から 1 時間に送れる招待の数を超えました。しばらくしてからやり直してください (too many invitations from this organization this hour; try again later).',
    });
  }
}

const newToken = (): string => randomBytes(32).toString('base64url');

/** Admins are users; the column stays empty for any other actor. */
function inviterId(principal: Principal): string | null {
  return principal.type === 'user' ? principal.userId : null;
}
