import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InactiveAccountsSweep } from '../src/accounts/inactive-accounts.sweep';
import type { UsersService } from '../src/accounts/users.service';
import { AppConfig, loadConfig } from '../src/config/app-config';
import { defineQueue, JobHandler, JobQueue, RunningJob } from '../src/jobs/job-queue';
import { JobsService } from '../src/jobs/jobs.service';
import { TEST_JWT_SECRET } from './support/test-app';
import { waitFor } from './support/webhook-receiver';

/**
 * The job queue on its own: each test uses queues of its own (random names), so the instances
 * started here never take another test's jobs.
 */
describe('job queue', () => {
  const url = process.env.KAIJI_TEST_DATABASE_URL as string;
  const config = (jobs: string): AppConfig =>
    loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, KAIJI_JWT_SECRET: TEST_JWT_SECRET, KAIJI_TOTP_KEY: 'a1'.repeat(32), KAIJI_JOBS: jobs, KAIJI_JOBS_POLL_SECONDS: '0.5' });
  let db: DataSource;
  const running: JobsService[] = [];

  async function instance(queue: JobQueue<{ n: number }>, handler: JobHandler<{ n: number }>, options: { jobs?: string; cron?: string } = {}): Promise<JobsService> {
    const jobs = new JobsService(config(options.jobs ?? 'on'), { schedules: Boolean(options.cron) });
    if (options.cron) jobs.schedule(queue, options.cron, 'Asia/Tokyo', handler);
    else jobs.work(queue, handler);
    await jobs.onApplicationBootstrap();
    running.push(jobs);
    return jobs;
  }
  const jobsIn = async (queue: JobQueue<object>): Promise<{ state: string; data: { n: number } }[]> => db.query('SELECT state, data FROM pgboss.job WHERE name = $1 ORDER BY created_on', [queue.name]);

  beforeAll(async () => {
    db = await new DataSource({ type: 'postgres', url, poolSize: 2 }).initialize();
  });
  afterAll(async () => {
    for (const jobs of running) await jobs.beforeApplicationShutdown();
    await db?.destroy();
  });

  it('enqueues with the caller\'s transaction: a job exists if and only if the transaction commits', async () => {
    const queue = defineQueue<{ n: number }>(`test-tx-${randomUUID()}`);
    const jobs = await instance(queue, async () => undefined, { jobs: 'off' });
    await expect(
      db.transaction(async (manager) => {
        await jobs.sendMany(manager, queue, [{ n: 1 }, { n: 2 }]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await jobsIn(queue)).toEqual([]);
    await db.transaction((manager) => jobs.send(manager, queue, { n: 3 }));
    // KAIJI_JOBS=off: enqueued, never worked.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await jobsIn(queue)).toEqual([{ state: 'created', data: { n: 3 } }]);
    await expect(jobs.send(db.manager, queue, { n: 4 })).rejects.toThrow('inside the transaction');
  });

  it('runs each job once however many instances work the queue, retrying a failed attempt', async () => {
    const queue = defineQueue<{ n: number }>(`test-work-${randomUUID()}`);
    const seen: { instance: number; job: RunningJob<{ n: number }> }[] = [];
    const handler = (index: number) => async (job: RunningJob<{ n: number }>) => {
      seen.push({ instance: index, job });
      if (job.data.n === 0 && job.attempt === 1) throw new Error('first attempt fails');
    };
    const first = await instance(queue, handler(1));
    await instance(queue, handler(2));
    await db.transaction((manager) => first.sendMany(manager, queue, [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }], { retryLimit: 2, retryDelaySeconds: 1 }));

    await waitFor('every job completed', async () => (await jobsIn(queue)).every((j) => j.state === 'completed') && (await jobsIn(queue)).length === 4);
    const attempts = seen.map(({ job }) => `${job.data.n}#${job.attempt}`).sort();
    expect(attempts).toEqual(['0#1', '0#2', '1#1', '2#1', '3#1']);
    expect(seen.find(({ job }) => job.data.n === 0 && job.attempt === 1)?.job.willRetry).toBe(true);
  });

  it('keeps one schedule row however many instances declare it, in the declared time zone', async () => {
    const queue = defineQueue<{ n: number }>(`test-cron-${randomUUID()}`);
    await instance(queue, async () => undefined, { cron: '0 3 1 1 *' });
    await instance(queue, async () => undefined, { cron: '0 3 1 1 *' });
    expect(await db.query('SELECT cron, timezone FROM pgboss.schedule WHERE name = $1', [queue.name])).toEqual([{ cron: '0 3 1 1 *', timezone: 'Asia/Tokyo' }]);
    await db.query('DELETE FROM pgboss.schedule WHERE name = $1', [queue.name]);
  });

  it('schedules the inactive-accounts sweep daily at 03:00 in Japan', async () => {
    const schedules: { queue: string; cron: string; timeZone: string; handler: JobHandler<object> }[] = [];
    const jobs = { schedule: (queue: JobQueue<object>, cron: string, timeZone: string, handler: JobHandler<object>) => schedules.push({ queue: queue.name, cron, timeZone, handler }) };
    const sweep = new InactiveAccountsSweep(db, {} as UsersService, jobs as unknown as JobsService);
    const run = jest.spyOn(sweep, 'run').mockResolvedValue(0);
    sweep.onModuleInit();
    expect(schedules).toEqual([{ queue: 'inactive-accounts-sweep', cron: '0 3 * * *', timeZone: 'Asia/Tokyo', handler: expect.any(Function) }]);
    await schedules[0].handler({ id: 'j', data: {}, attempt: 1, willRetry: true });
    expect(run).toHaveBeenCalledTimes(1);
  });
});
