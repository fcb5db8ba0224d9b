import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { defineQueue } from '../jobs/job-queue';
import { JobsService } from '../jobs/jobs.service';
import { RATE_LIMIT_RETENTION_HOURS } from './rate-limit';

const HOUSEKEEPING_SWEEP = defineQueue<Record<string, never>>('housekeeping-sweep');

/**
 * Hourly: Idempotency-Keys older than KAIJI_IDEMPOTENCY_TTL_HOURS (with their recorded answers) and
 * rate-limit hits past every window are deleted, and so are failed-login counts a day old that hold no lock. A pg-boss schedule, so it runs once however many
 * instances run; a key used again after its time is forgotten on the spot anyway.
 */
@Injectable()
export class HousekeepingSweep implements OnModuleInit {
  private readonly logger = new Logger(HousekeepingSweep.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.schedule(HOUSEKEEPING_SWEEP, '23 * * * *', 'Asia/Tokyo', async () => {
      await this.run();
    });
  }

  async run(): Promise<{ idempotencyKeys: number; rateLimitHits: number; loginAttempts: number }> {
    // A key still being processed is left to its lease: its request may be running.
    const idempotencyKeys = await this.deleted(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) AND (status = 'completed' OR locked_until < now())`,
      [this.config.idempotencyTtlHours],
    );
    const rateLimitHits = await this.deleted(`DELETE FROM rate_limit_hits WHERE hit_at < now() - make_interval(hours => $1)`, [RATE_LIMIT_RETENTION_HOURS]);
    // Failure counts are kept per e-mail and source: without this, every address ever tried would stay.
    const loginAttempts = await this.deleted(`DELETE FROM login_attempts WHERE last_failure_at < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now())`);
    const result = { idempotencyKeys, rateLimitHits, loginAttempts };
    if (idempotencyKeys + rateLimitHits + loginAttempts > 0) this.logger.log(result, 'housekeeping sweep');
    return result;
  }

  private async deleted(statement: string, params: unknown[] = []): Promise<number> {
    const [row]: { count: number }[] = await this.db.query(`WITH gone AS (${statement} RETURNING 1) SELECT count(*)::int AS count FROM gone`, params);
    return row.count;
  }
}
