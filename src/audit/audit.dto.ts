import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/pagination';

export class AuditQueryDto extends PageQueryDto {
  /** Only events by this user or API client. */
  @IsOptional()
  @IsUUID()
  actorId?: string;

  /** Only this action, e.g. `auth.login`. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  /** Events at or after this time (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Events before this time (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  /** Operator only: whose log to read, or `platform` for events outside any organization. */
  @IsOptional()
  @Matches(/^(platform|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'must be an organization id or "platform"' })
  organizationId?: string;

  /** `csv` downloads the matching events (up to 50,000) as CSV for Excel. */
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class AuditVerifyQueryDto {
  /** Operator only: which chain to verify, or `platform`. */
  @IsOptional()
  @Matches(/^(platform|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'must be an organization id or "platform"' })
  organizationId?: string;
}

export class AuditEventDto {
  /** Position in the whole log (a decimal string: the log outgrows JavaScript numbers). */
  id: string;
  /** Position in this organization's hash chain, from 1. */
  @ApiProperty({ type: 'integer' })
  sequence: number;
  organizationId: string | null;
  @ApiProperty({ enum: ['user', 'client', 'system', 'anonymous'] })
  actorType: 'user' | 'client' | 'system' | 'anonymous';
  actorId: string | null;
  /** E-mail of a user, name of an API client, or the e-mail tried in a failed login. */
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  @ApiProperty({ enum: ['success', 'failure'] })
  outcome: 'success' | 'failure';
  sourceIp: string | null;
  userAgent: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: "null when the operator reads another organization's log: it sees who did what, never what the documents said.",
  })
  details: Record<string, unknown> | null;
  occurredAt: string;
  /** SHA-256 over the previous row's hash and this row. */
  hash: string;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items: AuditEventDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}

export class AuditBreakDto {
  /** The first row whose hash, link or anchor does not match; null when the row itself was removed. */
  eventId: string | null;
  @ApiProperty({ type: 'integer' })
  sequence: number;
  /**
   * row_altered, link_broken, row_missing, tail_missing: the hash chain does not follow.
   * anchor_mismatch: the row no longer has the hash an anchor signed (the chain was rewritten and
   * its hashes recomputed, somewhere after `anchoredThrough`). anchor_invalid: an anchor or a pass
   * fails its signature, link or count (anchors removed or forged): rows from `sequence` on are not proven.
   */
  @ApiProperty({ enum: ['row_altered', 'link_broken', 'row_missing', 'tail_missing', 'anchor_mismatch', 'anchor_invalid'] })
  reason: string;
}

export class AuditVerificationDto {
  /** The organization id, or `platform`. */
  chain: string;
  valid: boolean;
  /** Rows checked. */
  @ApiProperty({ type: 'integer' })
  checked: number;
  @ApiPropertyOptional({ type: AuditBreakDto, nullable: true })
  firstBroken: AuditBreakDto | null;
  /**
   * Rows 1 to this sequence are proven by an anchor signed with a key the database does not hold;
   * later rows (written since the last anchoring pass, every 5 minutes) by the hash chain alone.
   * null: no anchor yet.
   */
  @ApiProperty({ type: 'integer', nullable: true })
  anchoredThrough: number | null;
  /** When that anchor was signed. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  anchoredAt: string | null;
}
