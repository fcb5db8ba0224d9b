import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RuntimeRoleCheck } from './runtime-role-check';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        type: 'postgres' as const,
        url: config.databaseUrl,
        autoLoadEntities: true,
        synchronize: false,
        migrationsRun: false,
        // The schema is the migrations' (run by the owner); the API's role may not create extensions.
        installExtensions: false,
        poolSize: config.dbPoolSize,
        // Fail fast when the server is down so callers get a 503 instead of a hung request.
        extra: { connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 },
        // TypeORM would retry for ~30 s before the app starts; a clear early failure is better.
        retryAttempts: 2,
        retryDelay: 1_000,
      }),
    }),
  ],
  providers: [RuntimeRoleCheck],
})
export class DatabaseModule {}
