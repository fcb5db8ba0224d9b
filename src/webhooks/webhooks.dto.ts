import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { EVENT_TYPES, EventType } from '../events/events.service';
import type { DeliveryKind } from './webhook-delivery.worker';

export const DELIVERY_STATUSES = ['succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const DELIVERY_KINDS = ['event', 'ping', 'redelivery'] as const satisfies readonly DeliveryKind[];

/** A test delivery's type: sent only by POST /v1/webhooks/{id}/ping, to that subscription alone (not subscribable). */
export const PING_EVENT_TYPE = 'webhook.ping';
/** What a delivery can carry: the subscribable event types and the ping. */
export const DELIVERED_TYPES = [...EVENT_TYPES, PING_EVENT_TYPE] as const;
export type DeliveredType = (typeof DELIVERED_TYPES)[number];
export const MAX_OVERLAP_HOURS = 168;

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

  /** Only the attempts for this event (e.g. the ping just queued). */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  eventId?: string;
}

/** Optional body of a rotation. */
export class RotateSecretDto {
  /**
   * Hours the replaced secret keeps signing alongside the new one (each delivery then carries both
   * signatures), so receivers can switch without failing a delivery. 0: the old secret stops at once.
   */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_OVERLAP_HOURS, default: 24 })
  // Absent means the default; null is refused rather than read as "default".
  @ValidateIf((_, value) => value !== undefined)
  @IsInt({ message: `must be a whole number of hours from 0 to ${MAX_OVERLAP_HOURS}` })
  @Min(0, { message: `must be a whole number of hours from 0 to ${MAX_OVERLAP_HOURS}` })
  @Max(MAX_OVERLAP_HOURS, { message: `must be a whole number of hours from 0 to ${MAX_OVERLAP_HOURS}` })
  overlapHours?: number;
}

/** A ping or redelivery, queued: its attempt appears in the delivery log (filter by eventId) within seconds. */
export class WebhookDeliveryRequestDto {
  @ApiProperty({ format: 'uuid' })
  subscriptionId: string;
  /** The event sent; also the webhook-id header receivers deduplicate on. */
  @ApiProperty({ format: 'uuid' })
  eventId: string;
  @ApiProperty({ enum: DELIVERED_TYPES })
  eventType: DeliveredType;
  @ApiProperty({ enum: ['ping', 'redelivery'] })
  kind: 'ping' | 'redelivery';
}

export class WebhookDto {
  id: string;
  organizationId: string;
  url: string;
  @ApiProperty({ enum: EVENT_TYPES, isArray: true })
  events: EventType[];
  description: string | null;
  active: boolean;
  /** While a rotation's overlap lasts: when the replaced secret stops signing; otherwise null. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Answered on creation and on rotation only: Kaiji never shows the secret again. */
export class WebhookWithSecretDto extends WebhookDto {
  /**
   * The Standard Webhooks signing secret, `whsec_` + base64 of 32 random bytes (the HMAC-SHA256 key
   * is the decoded bytes; `new Webhook(secret)` of the standardwebhooks library takes it as is): store it now.
   */
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
  @ApiProperty({ enum: DELIVERED_TYPES })
  eventType: DeliveredType;
  /** 1 for the first attempt, then each retry or redelivery of the event. */
  @ApiProperty({ type: 'integer' })
  attempt: number;
  /** event: the event's delivery or a retry; ping: a test delivery; redelivery: asked for by POST …/redeliver. */
  @ApiProperty({ enum: DELIVERY_KINDS })
  kind: DeliveryKind;
  /** For a redelivery: the attempt it repeated. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  redeliveryOf: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: DeliveryStatus;
  /** The receiver's HTTP status, when it answered. */
  @ApiPropertyOptional({ type: 'integer', nullable: true })
  responseStatus: number | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  error: string | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true })
  durationMs: number | null;
  createdAt: string;
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  items: WebhookDeliveryDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}
