import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { defineQueue } from '../jobs/job-queue';
import { JobsService } from '../jobs/jobs.service';
import { UsersService } from './users.service';

const INACTIVE_ACCOUNTS_SWEEP = defineQueue<Record<string, never>>('inactive-accounts-sweep');

/**
 * Daily at 03:00 (Japan): organizations that opted in have accounts unused for the configured
 * period disabled. A pg-boss schedule, so however many instances run, the sweep runs once.
 */
@Injectable()
export class InactiveAccountsSweep implements OnModuleInit {
  private readonly logger = new Logger(InactiveAccountsSweep.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.schedule(INACTIVE_ACCOUNTS_SWEEP, '0 3 * * *', 'Asia/Tokyo', async () => {
      await this.run();
    });
  }

  async run(): Promise<number> {
    const organizations: { id: string }[] = await this.db.query('SELECT id FROM organizations WHERE auto_disable_inactive_users');
    let disabled = 0;
    for (const { id } of organizations) {
      disabled += await this.users.disableInactive({ type: 'system', label: 'inactive-accounts-sweep' }, id);
    }
    if (disabled > 0) this.logger.log({ disabled }, 'disabled inactive accounts');
    return disabled;
  }
}
