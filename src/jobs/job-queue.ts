/**
 * A named queue carrying jobs of one data shape. Features declare their queues as constants and
 * pass them to JobsService, so `send` and `work` agree on the data type.
 */
export interface JobQueue<T extends object> {
  readonly name: string;
  /** Type-level only: the job data this queue carries. */
  readonly __data?: T;
}

export function defineQueue<T extends object>(name: string): JobQueue<T> {
  return { name };
}

/** How a job is retried and how long one attempt may run. */
export interface JobOptions {
  /** Retries after the first attempt. */
  retryLimit?: number;
  /** The delay before the first retry; with `retryBackoff` it doubles on each retry (with jitter). */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** An attempt still running after this long counts as failed (and is retried). */
  expireInSeconds?: number;
}

/** One attempt of a job, as a worker sees it. */
export interface RunningJob<T> {
  id: string;
  data: T;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /** Whether a failure of this attempt will be retried. */
  willRetry: boolean;
}

export type JobHandler<T> = (job: RunningJob<T>) => Promise<void>;
