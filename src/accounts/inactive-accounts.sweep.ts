import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UsersService } from './users.service';

/** Daily: organizations that opted in have accounts unused for the configured period disabled. */
@Injectable()
export class InactiveAccountsSweep {
  private readonly logger = new Logger(InactiveAccountsSweep.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
  ) {}

  @Cron(CronExpression.EVERY_DAY_AT_3AM, { timeZone: 'Asia/Tokyo' })
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
