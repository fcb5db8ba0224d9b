import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { NoStore } from '../auth/no-store.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookRequestedDeliveries } from './webhook-requested-deliveries.service';
import { WebhooksService } from './webhooks.service';
import { EntityTagRead } from '../sync/entity-tag.interceptor';
import {
  CreateWebhookDto,
  DeliveryQueryDto,
  RotateSecretDto,
  UpdateWebhookDto,
  WebhookDeliveryPageDto,
  WebhookDeliveryRequestDto,
  WebhookDto,
  WebhookPageDto,
  WebhookQueryDto,
  WebhookWithSecretDto,
} from './webhooks.dto';

/** Admins of the organization, or its API clients with webhooks:manage (for reads too: URLs are configuration). */
@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly deliveries: WebhookDeliveriesService,
    private readonly requested: WebhookRequestedDeliveries,
  ) {}

  @ApiOperation({ summary: 'Subscribe a URL to event types; answers the signing secret once' })
  @Authenticated({ clients: true, scope: 'webhooks:manage', roles: ['admin'] })
  @Post()
  @NoStore()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    return this.webhooks.create(principal, body);
  }

  @ApiOperation({ summary: "Your organization's webhook subscriptions" })
  @Authenticated({ clients: true, scope: 'webhooks:manage', roles: ['admin'] })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: WebhookQueryDto): Promise<WebhookPageDto> {
    return this.webhooks.list(principal, query);
  }

  @ApiOperation({ summary: 'One webhook subscription' })
  @EntityTagRead(WebhookDto)
  @Authenticated({ clients: true, scope: 'webhooks:manage', roles: ['admin'] })
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<WebhookDto> {
    return this.webhooks.get(principal, id);
  }

  @ApiOperation({ summary: 'Change the URL, event types or description, or (de)activate' })
  @Authenticated({ clients: true, scope: 'webhooks:manage', roles: ['admin'] })
  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: UpdateWebhookDto): Promise<WebhookDto> {
    return this.webhooks.update(principal, id, body);
  }

  @ApiOperation({ summary: 'Deactivate (nothing is deleted; the delivery log stays)' })
  @Authenticated({ clients: true, scope: 'webhooks:manage', roles: ['admin'] })
  @Delete(':id')
  deactivate(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<WebhookDto> {
    return this.webhooks.deactivate(principal, id);
  }

  @ApiOperation({
    summary: 'Replace the signing secret; answers the new secret once',
    description:
      'The new secret signs at once. The replaced one keeps signing alongside it for `overlapHours` (default 24, at most 168; 0: not at all), so each delivery carries two `v1,…` signatures in `webhook-signature` until `previousSecretExpiresAt`.',
  })
  @ApiBody({ type: RotateSecretDto, required: false })
  @ApiProblems(400, 404)
  @Authenticated({ clients: true, scope: 'webhooks:manage', roles: ['admin'] })
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @NoStore()
  rotateSecret(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: RotateSecretDto): Promise<WebhookWithSecretDto> {
    return this.webhooks.rotateSecret(principal, id, body ?? {});
  }

  @ApiOperation({
    summary: 'Send a test delivery (webhook.ping) to this subscription',
    description: 'Queues one signed `webhook.ping` delivery to this subscription only, tried once; its attempt appears in the delivery log (`?eventId=`) within seconds.',
  })
  @ApiProblems(404, 409)
  @Authenticated({ clients: true, scope: 'webhooks:manage', roles: ['admin'] })
  @Post(':id/ping')
  @HttpCode(202)
  ping(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<WebhookDeliveryRequestDto> {
    return this.requested.ping(principal, id);
  }

  @ApiOperation({
    summary: "Send a logged delivery's event again",
    description:
      'Queues the event of this attempt again: the same body and `webhook-id` (receivers deduplicate on it), a new `webhook-timestamp` and signatures; tried once and logged as a new attempt (`kind: redelivery`).',
  })
  @ApiProblems(404, 409)
  @Authenticated({ clients: true, scope: 'webhooks:manage', roles: ['admin'] })
  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  redeliver(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Param('deliveryId', UuidPipe) deliveryId: string): Promise<WebhookDeliveryRequestDto> {
    return this.requested.redeliver(principal, id, deliveryId);
  }

  @ApiOperation({ summary: 'Delivery attempts of a subscription, newest first' })
  @ApiProblems(400, 404)
  @Authenticated({ clients: true, scope: 'webhooks:manage', roles: ['admin'] })
  @Get(':id/deliveries')
  listDeliveries(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Query() query: DeliveryQueryDto): Promise<WebhookDeliveryPageDto> {
    return this.deliveries.list(principal, id, query);
  }
}
