import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { EVENT_TYPES, EventType } from '../events/events.service';

export class NotificationQueryDto extends PageQueryDto {
  /** Only notifications not yet read. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unreadOnly?: boolean;
}

export class NotificationSubjectDto {
  /** e.g. contract, disclosure, checklist, document_request, risk_thread. */
  type: string;
  id: string;
}

export class NotificationDto {
  id: string;
  @ApiProperty({ enum: EVENT_TYPES })
  type: EventType;
  /** In Japanese, as shown in the portal. */
  title: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  body: string | null;
  /** A portal path to the subject. */
  @ApiPropertyOptional({ type: String, nullable: true })
  link: string | null;
  eventId: string;
  @ApiPropertyOptional({ type: NotificationSubjectDto, nullable: true })
  subject: NotificationSubjectDto | null;
  read: boolean;
  @ApiPropertyOptional({ type: String, nullable: true })
  readAt: string | null;
  createdAt: string;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] })
  items: NotificationDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
  /** The caller's unread notifications in all, whatever the page or filter. */
  @ApiProperty({ type: 'integer' })
  unreadCount: number;
}

export class MarkAllReadDto {
  /** Notifications marked read by this call. */
  @ApiProperty({ type: 'integer' })
  marked: number;
  @ApiProperty({ type: 'integer' })
  unreadCount: number;
}
