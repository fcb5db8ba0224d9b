import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { MAIL_KINDS, type MailKind } from './mail-message';

export const MAIL_STATUSES = ['queued', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export class MailDeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MAIL_STATUSES })
  @IsOptional()
  @IsIn(MAIL_STATUSES)
  status?: MailStatus;
}

/** One message sent to a person of the organization, and how its delivery went. The body is never shown (it may hold a secret link). */
export class MailDeliveryDto {
  id: string;
  recipient: string;
  subject: string;
  @ApiProperty({ enum: MAIL_KINDS })
  kind: MailKind;
  /** queued (waiting or being retried), sent (accepted by the SMTP server) or failed (after the last retry). */
  @ApiProperty({ enum: MAIL_STATUSES })
  status: MailStatus;
  /** Attempts made so far. */
  @ApiProperty({ type: 'integer' })
  attempts: number;
  /** The SMTP server's answer or the network error of the last failed attempt. */
  @ApiPropertyOptional({ type: String, nullable: true })
  lastError: string | null;
  /** The Message-ID the message went out with. */
  @ApiPropertyOptional({ type: String, nullable: true })
  smtpMessageId: string | null;
  createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  lastAttemptAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  sentAt: string | null;
}

export class MailDeliveryPageDto {
  @ApiProperty({ type: [MailDeliveryDto] })
  items: MailDeliveryDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}
