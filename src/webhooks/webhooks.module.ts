import { Injectable, Module } from '@nestjs/common';
import { WebhookOutbox } from '../events/webhook-outbox';

/** Placeholder until webhook delivery lands: events are recorded, nothing is sent. */
@Injectable()
class NoDeliveries extends WebhookOutbox {
  async enqueue(): Promise<void> {}
}

@Module({ providers: [{ provide: WebhookOutbox, useClass: NoDeliveries }], exports: [WebhookOutbox] })
export class WebhooksModule {}
