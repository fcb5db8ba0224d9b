import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { USER_ROLES, type UserRole } from '../accounts/user.entity';
import { PageQueryDto } from '../common/pagination';
import { normalizeInvitationEmail } from './invitation-email';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;
const TOKEN_MESSAGE = 'must be the token from the link in the e-mail (メールのリンクのトークンではありません)';

export class CreateInvitationDto {
  /** The invitee's address: NFKC-normalised and lowercased (全角 characters are folded). */
  @Transform(({ value }) => (typeof value === 'string' ? normalizeInvitationEmail(value) : value))
  @IsEmail({}, { message: 'must be an e-mail address (メールアドレスの形式ではありません)' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role: UserRole;

  /** How the mail addresses the invitee; they confirm or change it when they accept. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;
}

export class InvitationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INVITATION_STATUSES })
  @IsOptional()
  @IsIn(INVITATION_STATUSES)
  status?: InvitationStatus;
}

export class InvitationDto {
  id: string;
  organizationId: string;
  email: string;
  @ApiProperty({ type: String, nullable: true })
  displayName: string | null;
  @ApiProperty({ enum: USER_ROLES })
  role: UserRole;
  @ApiProperty({ enum: INVITATION_STATUSES })
  status: InvitationStatus;
  expiresAt: string;
  /** Times the invitation was mailed (1 + resends). */
  @ApiProperty({ type: 'integer' })
  sentCount: number;
  lastSentAt: string;
  @ApiProperty({ type: String, nullable: true })
  invitedBy: string | null;
  @ApiProperty({ type: String, nullable: true })
  acceptedAt: string | null;
  @ApiProperty({ type: String, nullable: true })
  revokedAt: string | null;
  createdAt: string;
}

export class InvitationPageDto {
  @ApiProperty({ type: [InvitationDto] })
  items: InvitationDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}

/** The token travels in a body, never in a path or query (they end up in access logs). */
export class InvitationTokenDto {
  /** The token from the link in the e-mail (`token=…`). */
  @IsString()
  @Matches(TOKEN_PATTERN, { message: TOKEN_MESSAGE })
  token: string;
}

export class AcceptInvitationDto extends InvitationTokenDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  /** 8+ characters mixing letters, digits and symbols, or 13+ characters. */
  @IsString()
  @MaxLength(256)
  password: string;
}

/** What the accept page shows before the invitee sets a password. */
export class InvitationLookupDto {
  organizationName: string;
  @ApiProperty({ enum: ['vendor', 'pharmacy', 'chain', 'operator'] })
  organizationKind: string;
  email: string;
  @ApiProperty({ type: String, nullable: true })
  displayName: string | null;
  @ApiProperty({ enum: USER_ROLES })
  role: UserRole;
  expiresAt: string;
}

export class InvitationAcceptedDto {
  /** The new account's login. */
  email: string;
  organizationName: string;
  /** The organization requires 2FA: after logging in, the user enrols before anything else. */
  twoFactorRequired: boolean;
}
