import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { MailModule } from '../mail/mail.module';
import { InvitationAcceptanceController } from './invitation-acceptance.controller';
import { InvitationAcceptanceService } from './invitation-acceptance.service';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';

/** E-mail invitations into an organization (issue 15): admins invite, resend and revoke; the invitee accepts through the link. */
@Module({
  imports: [AccountsModule, MailModule],
  controllers: [InvitationsController, InvitationAcceptanceController],
  providers: [InvitationsService, InvitationAcceptanceService],
  exports: [InvitationsService],
})
export class InvitationsModule {}
