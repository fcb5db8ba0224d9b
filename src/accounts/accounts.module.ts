import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { ApiClientsController } from './api-clients.controller';
import { ApiClientsService } from './api-clients.service';
import { CredentialResetsService } from './credential-resets.service';
import { InactiveAccountsSweep } from './inactive-accounts.sweep';
import { PasswordsService } from './passwords.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [MailModule],
  controllers: [UsersController, ApiClientsController],
  providers: [PasswordsService, UsersService, CredentialResetsService, ApiClientsService, InactiveAccountsSweep],
  exports: [PasswordsService, UsersService],
})
export class AccountsModule {}
