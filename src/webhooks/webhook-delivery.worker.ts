import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { defineQueue, JobOptions, RunningJob } from '../jobs/job-queue';
import { JobsService } from '../jobs/jobs.service';
import { WebhookSecrets } from './webhook-secrets';
import { postWebhook } from './webhook-sender';
import { signatureHeader } from './webhook-signature';
import { TargetRefused, WebhookTargets } from './webhook-targets';

export interface WebhookDeliveryJob {
  subscriptionId: string;
  eventId: string;
}

export const WEBHOOK_DELIVERY = defineQueue<WebhookDeliveryJob>('webhook-delivery');

/** A receiver has this long to answer. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Deliveries in progress at once per instance. */
const WORKERS = 4;

interface DeliveryTarget {
  url: string;
  secret_sealed: string;
  deliverable: boolean;
  type: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

interface Attempt {
  status: 'succeeded' | 'failed';
  responseStatus: number | null;
  error: string | null;
}

/**
 * Delivers one event to one subscription per job: POST `{id, type, createdAt, data}` signed with
 * the subscription's secret. Every attempt is logged; a non-2xx answer, a network error or a
 * refused address fails the attempt and pg-boss retries it with exponential backoff
 * (at-least-once: receivers deduplicate on the event id).
 */
@Injectable()
export class WebhookDeliveryWorker implements OnModuleInit {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly targets: WebhookTargets,
    private readonly secrets: WebhookSecrets,
  ) {}

  /** Retry policy for new delivery jobs. */
  get jobOptions(): JobOptions {
    const { retryLimit, retryDelaySeconds } = this.config.webhooks;
    return { retryLimit, retryDelaySeconds, retryBackoff: true, expireInSeconds: 60 };
  }

  onModuleInit(): void {
    this.jobs.work(WEBHOOK_DELIVERY, (job) => this.deliver(job), { concurrency: WORKERS });
  }

  async deliver(job: RunningJob<WebhookDeliveryJob>): Promise<void> {
    const { subscriptionId, eventId } = job.data;
    const [target]: DeliveryTarget[] = await this.db.query(
      `SELECT s.url, s.secret_sealed, s.active AND e.type = ANY(s.events) AS deliverable, e.type, e.payload, e.created_at
         FROM webhook_subscriptions s, domain_events e WHERE s.id = $1 AND e.id = $2`,
      [subscriptionId, eventId],
    );
    // Deactivated, or no longer subscribed to this type, since the event was queued: nothing to send.
    if (!target?.deliverable) return;

    const started = Date.now();
    const attempt = await this.attempt(eventId, target);
    const durationMs = Date.now() - started;
    await this.db.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, attempt, status, response_status, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [subscriptionId, eventId, job.attempt, attempt.status, attempt.responseStatus, attempt.error, durationMs],
    );
    if (attempt.status === 'failed') {
      this.logger.warn({ subscriptionId, eventId, attempt: job.attempt, willRetry: job.willRetry, error: attempt.error }, 'webhook delivery failed');
      throw new Error(`webhook delivery failed: ${attempt.error}`);
    }
  }

  private async attempt(eventId: string, target: DeliveryTarget): Promise<Attempt> {
    try {
      // Checked again now (DNS may answer differently than at registration); the connection goes to these addresses only.
      const resolved = await this.targets.resolve(target.url);
      const body = JSON.stringify({ id: eventId, type: target.type, createdAt: target.created_at.toISOString(), data: target.payload });
      const timestamp = Math.floor(Date.now() / 1000);
      const status = await postWebhook({
        target: resolved,
        body,
        timeoutMs: DELIVERY_TIMEOUT_MS,
        headers: {
          'Kaiji-Event-Id': eventId,
          'Kaiji-Event-Type': target.type,
          'Kaiji-Timestamp': String(timestamp),
          'Kaiji-Signature': signatureHeader(this.secrets.open(target.secret_sealed), timestamp, body),
        },
      });
      if (status >= 200 && status < 300) return { status: 'succeeded', responseStatus: status, error: null };
      return { status: 'failed', responseStatus: status, error: `the receiver answered HTTP ${status}` };
    } catch (error) {
      return { status: 'failed', responseStatus: null, error: describe(error) };
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof TargetRefused) return `refused without connecting: url ${error.message}`.slice(0, 500);
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const code = (error as NodeJS.ErrnoException).code;
  return (code && !error.message.includes(code) ? `${error.message} (${code})` : error.message).slice(0, 500);
}
