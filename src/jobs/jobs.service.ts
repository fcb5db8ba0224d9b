import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobHandler, JobOptions, JobQueue } from './job-queue';

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

export interface JobsModuleOptions {
  /** Whether this process runs recurring schedules (the CLI and the tests' apps do not). */
  schedules: boolean;
}

/** How long shutdown waits for jobs in progress before handing them back to the queue. */
const SHUTDOWN_WAIT_MS = 15_000;

interface Worker {
  queue: string;
  handler: JobHandler<object>;
  concurrency: number;
}

interface Schedule {
  queue: string;
  cron: string;
  timeZone: string;
}

/**
 * The PostgreSQL job queue (pg-boss, tables in the `pgboss` schema). Jobs are enqueued with the
 * caller's transaction, so a job exists if and only if the change that caused it committed.
 * Features register their workers and schedules in `onModuleInit`; the queue starts when the
 * application has bootstrapped and stops gracefully on shutdown. With KAIJI_JOBS=off the process
 * still enqueues but runs no workers or schedules.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly queues = new Set<string>();
  private readonly workers: Worker[] = [];
  private readonly schedules: Schedule[] = [];
  private boss?: PgBoss;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOBS_OPTIONS) private readonly options: JobsModuleOptions,
  ) {}

  /** Runs `handler` for each job of the queue, `concurrency` at a time; a handler that throws has its job retried. */
  work<T extends object>(queue: JobQueue<T>, handler: JobHandler<T>, options: { concurrency?: number } = {}): void {
    this.assertNotStarted();
    this.queues.add(queue.name);
    this.workers.push({ queue: queue.name, handler: handler as JobHandler<object>, concurrency: options.concurrency ?? 1 });
  }

  /** A queue this process enqueues to but does not work (another instance does, e.g. one that can reach the SMTP server). */
  declare<T extends object>(queue: JobQueue<T>): void {
    this.assertNotStarted();
    this.queues.add(queue.name);
  }

  /** A recurring job (cron syntax, in `timeZone`): created once per occurrence however many instances run. */
  schedule<T extends object>(queue: JobQueue<T>, cron: string, timeZone: string, handler: JobHandler<T>): void {
    this.assertNotStarted();
    this.queues.add(queue.name);
    if (!this.options.schedules) return;
    this.schedules.push({ queue: queue.name, cron, timeZone });
    this.workers.push({ queue: queue.name, handler: handler as JobHandler<object>, concurrency: 1 });
  }

  /** Enqueues one job per item in the transaction `manager` holds (one statement). */
  async sendMany<T extends object>(manager: EntityManager, queue: JobQueue<T>, items: T[], options: JobOptions = {}): Promise<void> {
    if (items.length === 0) return;
    if (!this.queues.has(queue.name)) throw new Error(`job queue ${queue.name} has no worker registered`);
    const boss = this.running();
    const jobs: PgBoss.JobInsert[] = items.map((data) => ({
      name: queue.name,
      data,
      retryLimit: options.retryLimit,
      retryDelay: options.retryDelaySeconds,
      retryBackoff: options.retryBackoff,
      expireInSeconds: options.expireInSeconds,
    }));
    await boss.insert(jobs, { db: transactionDb(manager) });
  }

  send<T extends object>(manager: EntityManager, queue: JobQueue<T>, data: T, options: JobOptions = {}): Promise<void> {
    return this.sendMany(manager, queue, [data], options);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.databaseUrl) throw new Error('the job queue needs the database URL');
    const { workers } = this.config.jobs;
    const boss = new PgBoss({
      connectionString: this.config.databaseUrl,
      application_name: 'kaiji-jobs',
      max: workers ? 2 + this.workers.reduce((sum, w) => sum + w.concurrency, 0) : 2,
      // Its tables are created and upgraded by the owner before the API starts (job-queue-schema.ts):
      // the API's role may not create tables. pg-boss only checks here that they are current.
      migrate: false,
      supervise: workers,
      schedule: workers && this.schedules.length > 0,
      pollingIntervalSeconds: this.config.jobs.pollSeconds,
      maintenanceIntervalSeconds: this.config.jobs.maintenanceSeconds,
    });
    boss.on('error', (error) => this.logger.error({ err: error }, 'job queue error'));
    await boss.start();
    this.boss = boss;
    for (const name of this.queues) await ensureQueue(boss, name);
    if (!workers) return;
    for (const worker of this.workers) {
      for (let i = 0; i < worker.concurrency; i++) {
        await boss.work<object>(worker.queue, { includeMetadata: true, batchSize: 1 }, ([job]) => this.run(worker, job));
      }
    }
    for (const schedule of this.schedules) await boss.schedule(schedule.queue, schedule.cron, {}, { tz: schedule.timeZone });
  }

  /** Stops fetching, lets jobs in progress finish (bounded), then closes the queue's connections. */
  async beforeApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    await boss?.stop({ graceful: true, wait: true, timeout: SHUTDOWN_WAIT_MS });
  }

  private async run(worker: Worker, job: PgBoss.JobWithMetadata<object>): Promise<void> {
    try {
      await worker.handler({ id: job.id, data: job.data, attempt: job.retryCount + 1, willRetry: job.retryCount < job.retryLimit });
    } catch (error) {
      this.logger.warn({ queue: worker.queue, jobId: job.id, attempt: job.retryCount + 1, err: error }, 'job attempt failed');
      throw error;
    }
  }

  private running(): PgBoss {
    if (!this.boss) throw new Error('the job queue is not running');
    return this.boss;
  }

  private assertNotStarted(): void {
    if (this.boss) throw new Error('register job workers and schedules in onModuleInit, before the queue starts');
  }
}

/**
 * Creates the queue unless it exists. pg-boss 10's createQueue can deadlock when two instances
 * create the same queue at once (first start of a cluster, parallel test workers): PostgreSQL
 * aborts one of them, which then finds the queue the other created.
 */
async function ensureQueue(boss: PgBoss, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
    }
  }
}

/** pg-boss runs its INSERT on the caller's transaction connection through this adapter. */
function transactionDb(manager: EntityManager): PgBoss.Db {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('jobs are enqueued inside the transaction that causes them');
  return {
    executeSql: async (text: string, values: unknown[]) => ({ rows: ((await runner.query(text, values, true)) as { records?: unknown[] }).records ?? [] }),
  };
}
