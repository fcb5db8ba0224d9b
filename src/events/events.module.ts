import { Global, Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { EventsService } from './events.service';

@Global()
@Module({ imports: [WebhooksModule], providers: [EventsService], exports: [EventsService] })
export class EventsModule {}
