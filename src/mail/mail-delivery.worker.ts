import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { defineQueue, JobOptions, RunningJob } from '../jobs/job-queue';
import { JobsService } from '../jobs/jobs.service';
import { MailTransport } from './mail-transport';

export interface MailDeliveryJob {
  messageId: string;
}

export const MAIL_DELIVERY = defineQueue<MailDeliveryJob>('mail-delivery');

/** Messages in progress at once per instance. */
const WORKERS = 2;

interface QueuedMessage {
  recipient: string;
  subject: string;
  body_text: string | null;
  status: string;
  headers: Record<string, string> | null;
}

/**
 * Sends one mail_messages row per job and records how it went: `sent` with the server's
 * Message-ID, or the error of the attempt. A failed attempt is retried by pg-boss with exponential
 * backoff, KAIJI_MAIL_RETRY_LIMIT times; after the last one the message is `failed` and its body
 * is cleared (never retried for ever). A process that cannot send (no SMTP server configured)
 * does not work the queue at all: its messages wait for an instance that can.
 */
@Injectable()
export class MailDeliveryWorker implements OnModuleInit {
  private readonly logger = new Logger('Mail');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly transport: MailTransport,
  ) {}

  get jobOptions(): JobOptions {
    const { retryLimit, retryDelaySeconds } = this.config.mail;
    return { retryLimit, retryDelaySeconds, retryBackoff: true, expireInSeconds: 120 };
  }

  onModuleInit(): void {
    if (this.transport.available) this.jobs.work(MAIL_DELIVERY, (job) => this.deliver(job), { concurrency: WORKERS });
    else this.jobs.declare(MAIL_DELIVERY);
  }

  async deliver(job: RunningJob<MailDeliveryJob>): Promise<void> {
    const { messageId } = job.data;
    const [message]: QueuedMessage[] = await this.db.query('SELECT recipient, subject, body_text, status, headers FROM mail_messages WHERE id = $1', [messageId]);
    // Already sent (a job run twice after an expired attempt) or given up: nothing to do.
    if (!message || message.status !== 'queued' || message.body_text === null) return;
    try {
      const smtpMessageId = await this.transport.send({ to: message.recipient, subject: message.subject, text: message.body_text, headers: message.headers ?? undefined });
      await this.db.query(
        `UPDATE mail_messages SET status = 'sent', attempts = $2, smtp_message_id = $3, last_error = NULL, body_text = NULL, last_attempt_at = now(), sent_at = now() WHERE id = $1`,
        [messageId, job.attempt, smtpMessageId.slice(0, 300) || null],
      );
    } catch (error) {
      const reason = describe(error);
      await this.db.query(
        `UPDATE mail_messages SET attempts = $2, last_error = $3, last_attempt_at = now(),
                status = CASE WHEN $4 THEN 'queued' ELSE 'failed' END,
                body_text = CASE WHEN $4 THEN body_text ELSE NULL END
          WHERE id = $1`,
        [messageId, job.attempt, reason, job.willRetry],
      );
      this.logger.warn({ messageId, attempt: job.attempt, willRetry: job.willRetry, error: reason }, 'mail delivery failed');
      throw new Error(`mail delivery failed: ${reason}`);
    }
  }
}

/** The SMTP server's answer where there is one (`550 …`), else the network error; never the message. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const { code, response } = error as Error & { code?: string; response?: string };
  const text = response ?? error.message;
  return (code && !text.includes(code) ? `${text} (${code})` : text).slice(0, 500);
}
