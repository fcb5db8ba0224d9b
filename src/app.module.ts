import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AccessModule } from './access/access.module';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { LoggingModule } from './common/logging.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { ChecklistsModule } from './checklists/checklists.module';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { ContractsModule } from './contracts/contracts.module';
import { DisclosuresModule } from './disclosures/disclosures.module';
import { EventsModule } from './events/events.module';
import { FormsModule } from './forms/forms.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { ProductsModule } from './products/products.module';
import { StartupModule } from './startup/startup.module';

@Module({})
export class AppModule {
  static register(config: AppConfig, options: { scheduler?: boolean } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        ...(options.scheduler === false ? [] : [ScheduleModule.forRoot()]),
        AccessModule,
        AuditModule,
        EventsModule,
        OrganizationsModule,
        AccountsModule,
        AuthModule,
        FormsModule,
        ProductsModule,
        ContractsModule,
        DisclosuresModule,
        ChecklistsModule,
        StartupModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
    };
  }
}
