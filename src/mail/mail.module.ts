import { Module } from '@nestjs/common';
import { EmbeddedMailbox } from './embedded-mailbox';
import { MailDeliveriesController } from './mail-deliveries.controller';
import { MailDeliveryWorker } from './mail-delivery.worker';
import { MailTransport } from './mail-transport';
import { MailService } from './mail.service';

/** Outgoing e-mail: the outbox (mail_messages + pg-boss), SMTP delivery, the admins' delivery log, the development mailbox. */
@Module({
  controllers: [MailDeliveriesController],
  providers: [EmbeddedMailbox, MailTransport, MailDeliveryWorker, MailService],
  exports: [MailService, EmbeddedMailbox],
})
export class MailModule {}
