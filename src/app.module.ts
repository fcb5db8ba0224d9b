import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccessModule } from './access/access.module';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { LoggingModule } from './common/logging.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { OpenApiController } from './openapi/openapi.controller';
import { JobsModule } from './jobs/jobs.module';
import { MailModule } from './mail/mail.module';
import { InvitationsModule } from './invitations/invitations.module';
import { PendingPharmaciesModule } from './pending-pharmacies/pending-pharmacies.module';
import { NotificationsModule } from './notifications/notifications.module';
import { NotificationMailModule } from './notification-mail/notification-mail.module';
import { ChecklistsModule } from './checklists/checklists.module';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { HousekeepingSweep } from './common/housekeeping.sweep';
import { ContractsModule } from './contracts/contracts.module';
import { DisclosuresModule } from './disclosures/disclosures.module';
import { DocumentRequestsModule } from './document-requests/document-requests.module';
import { EventsModule } from './events/events.module';
import { FormsModule } from './forms/forms.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { ProductsModule } from './products/products.module';
import { RiskThreadsModule } from './risk-threads/risk-threads.module';
import { ReviewQueueModule } from './review-queue/review-queue.module';
import { StartupModule } from './startup/startup.module';
import { RemoteMaintenanceModule } from './remote-maintenance/remote-maintenance.module';
import { FacilityChecklistsModule } from './facility-checklists/facility-checklists.module';
import { StandingModule } from './standing/standing.module';
import { ChainModule } from './chain/chain.module';
import { PortalModule } from './portal/portal.module';
import { ChainFollowupsModule } from './chain-followups/chain-followups.module';
import { InspectionPackModule } from './inspection-pack/inspection-pack.module';
import { IncidentContactsModule } from './incident-contacts/incident-contacts.module';
import { EvidenceModule } from './evidence/evidence.module';
import { WellKnownModule } from './well-known/well-known.module';
import { WorkbooksModule } from './workbooks/workbooks.module';
import { AnswerSetsModule } from './answer-sets/answer-sets.module';
import { RevisionChangesModule } from './revision-changes/revision-changes.module';
import { SessionsModule } from './sessions/sessions.module';
import { RemindersModule } from './reminders/reminders.module';

@Module({})
export class AppModule {
  static register(config: AppConfig, options: { scheduler?: boolean } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        // scheduler: false (CLI, tests) runs no recurring schedules; KAIJI_JOBS decides about workers.
        JobsModule.forRoot({ schedules: options.scheduler !== false }),
        AccessModule,
        AuditModule,
        MailModule,
        EventsModule,
        NotificationsModule,
        NotificationMailModule,
        OrganizationsModule,
        AccountsModule,
        AuthModule,
        InvitationsModule,
        PendingPharmaciesModule,
        FormsModule,
        ProductsModule,
        ContractsModule,
        DisclosuresModule,
        ChecklistsModule,
        WorkbooksModule,
        AnswerSetsModule,
        DocumentRequestsModule,
        RiskThreadsModule,
        ReviewQueueModule,
        RemoteMaintenanceModule,
        FacilityChecklistsModule,
        StandingModule,
        ChainModule,
        ChainFollowupsModule,
        InspectionPackModule,
        IncidentContactsModule,
        EvidenceModule,
        RevisionChangesModule,
        SessionsModule,
        RemindersModule,
        StartupModule,
        PortalModule,
        WellKnownModule,
      ],
      controllers: [HealthController, OpenApiController],
      providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }, HousekeepingSweep],
    };
  }
}
