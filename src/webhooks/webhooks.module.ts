import { Module } from '@nestjs/common';
import { WebhookOutbox } from '../events/webhook-outbox';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookJobsOutbox } from './webhook-jobs.outbox';
import { WebhookRequestedDeliveries } from './webhook-requested-deliveries.service';
import { WebhookSecrets } from './webhook-secrets';
import { HostResolver, WebhookTargets } from './webhook-targets';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Signed webhooks on the PostgreSQL job queue. Provides the events core's WebhookOutbox (imported
 * by EventsModule), so this module never imports a feature.
 */
@Module({
  controllers: [WebhooksController],
  providers: [
    HostResolver,
    WebhookTargets,
    WebhookSecrets,
    WebhooksService,
    WebhookDeliveriesService,
    WebhookRequestedDeliveries,
    WebhookDeliveryWorker,
    { provide: WebhookOutbox, useClass: WebhookJobsOutbox },
  ],
  exports: [WebhookOutbox],
})
export class WebhooksModule {}
