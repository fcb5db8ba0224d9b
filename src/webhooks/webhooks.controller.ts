import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { NoStore } from '../auth/no-store.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhooksService } from './webhooks.service';
import {
  CreateWebhookDto,
  DeliveryQueryDto,
  UpdateWebhookDto,
  WebhookDeliveryPageDto,
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

  @ApiOperation({ summary: 'Replace the signing secret (effective at once); answers the new secret once' })
  @Authenticated({ clients: true, scope: 'webhooks:manage', roles: ['admin'] })
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @NoStore()
  rotateSecret(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<WebhookWithSecretDto> {
    return this.webhooks.rotateSecret(principal, id);
  }

  @ApiOperation({ summary: 'Delivery attempts of a subscription, newest first' })
  @Authenticated({ clients: true, scope: 'webhooks:manage', roles: ['admin'] })
  @Get(':id/deliveries')
  listDeliveries(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Query() query: DeliveryQueryDto): Promise<WebhookDeliveryPageDto> {
    return this.deliveries.list(principal, id, query);
  }
}
