import { DynamicModule, Global, Module } from '@nestjs/common';
import { JOBS_OPTIONS, JobsModuleOptions, JobsService } from './jobs.service';

/** The PostgreSQL job queue, for every feature (global). */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: JobsModuleOptions): DynamicModule {
    return {
      module: JobsModule,
      providers: [{ provide: JOBS_OPTIONS, useValue: options }, JobsService],
      exports: [JobsService],
    };
  }
}
