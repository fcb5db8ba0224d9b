import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { DailyDigestJob } from './daily-digest.job';
import { ImmediateMailService } from './immediate-mail.service';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { NotificationPreferencesService } from './notification-preferences.service';
import { SecurityMailService } from './security-mail.service';

/** Notification e-mail: preferences per family, mail at once or in a daily digest, one-click unsubscribe, security messages. */
@Module({
  imports: [MailModule],
  controllers: [NotificationPreferencesController],
  providers: [NotificationPreferencesService, ImmediateMailService, DailyDigestJob, SecurityMailService],
  exports: [SecurityMailService],
})
export class NotificationMailModule {}
