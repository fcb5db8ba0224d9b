import { DynamicModule, Module } from '@nestjs/common';
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
import { OrganizationsModule } from './organizations/organizations.module';
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
        OrganizationsModule,
        AccountsModule,
        AuthModule,
        StartupModule,
      ],
      controllers: [HealthController],
    };
  }
}
