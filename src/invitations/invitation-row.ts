import type { UserRole } from '../accounts/user.entity';
import type { InvitationDto, InvitationStatus } from './invitations.dto';

/** The state is derived from the timestamps, in SQL, so lists filter on it in one place. */
export const INVITATION_STATUS_SQL = `CASE WHEN i.accepted_at IS NOT NULL THEN 'accepted' WHEN i.revoked_at IS NOT NULL THEN 'revoked'
  WHEN i.expires_at <= now() THEN 'expired' ELSE 'pending' END`;

export const INVITATION_COLUMNS = `i.id, i.organization_id, i.email, i.display_name, i.role, ${INVITATION_STATUS_SQL} AS status, i.expires_at,
  i.sent_count, i.last_sent_at, u.display_name AS invited_by, i.accepted_at, i.revoked_at, i.created_at`;

export const INVITATION_FROM = 'invitations i LEFT JOIN users u ON u.id = i.invited_by';

export interface InvitationRow {
  id: string;
  organization_id: string;
  email: string;
  display_name: string | null;
  role: UserRole;
  status: InvitationStatus;
  expires_at: Date;
  sent_count: number;
  last_sent_at: Date;
  invited_by: string | null;
  accepted_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

export function toInvitationDto(row: InvitationRow): InvitationDto {
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    status: row.status,
    expiresAt: row.expires_at.toISOString(),
    sentCount: row.sent_count,
    lastSentAt: row.last_sent_at.toISOString(),
    invitedBy: row.invited_by,
    acceptedAt: row.accepted_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
