import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { EVENT_TYPES, EventType } from '../events/events.service';

export const DELIVERY_STATUSES = ['succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CreateWebhookDto {
  /** Where events are POSTed: https (plain http only outside production); never a private, loopback or link-local address. */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  url: string;

  /** The event types to receive (at least one). */
  @ApiProperty({ enum: EVENT_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: 'name at least one event type' })
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true, message: `each must be one of: ${EVENT_TYPES.join(', ')}` })
  events: EventType[];

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  description?: string;
}

/** Any of the fields. `active: false` deactivates (nothing is deleted; the delivery log stays). */
export class UpdateWebhookDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: EVENT_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'name at least one event type' })
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true, message: `each must be one of: ${EVENT_TYPES.join(', ')}` })
  events?: EventType[];

  /** null clears it. */
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class WebhookQueryDto extends PageQueryDto {
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

export class DeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class WebhookDto {
  id: string;
  organizationId: string;
  url: string;
  @ApiProperty({ enum: EVENT_TYPES, isArray: true })
  events: EventType[];
  description: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Answered on creation and on rotation only: Kaiji never shows the secret again. */
export class WebhookWithSecretDto extends WebhookDto {
  /** The HMAC-SHA256 signing key (`whsec_…`): store it now. */
  secret: string;
}

export class WebhookPageDto {
  @ApiProperty({ type: [WebhookDto] })
  items: WebhookDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}

/** One delivery attempt. */
export class WebhookDeliveryDto {
  id: string;
  eventId: string;
  @ApiProperty({ enum: EVENT_TYPES })
  eventType: EventType;
  /** 1 for the first attempt, then each retry. */
  attempt: number;
  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: DeliveryStatus;
  /** The receiver's HTTP status, when it answered. */
  @ApiPropertyOptional({ type: Number, nullable: true })
  responseStatus: number | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  error: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true })
  durationMs: number | null;
  createdAt: string;
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  items: WebhookDeliveryDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}
