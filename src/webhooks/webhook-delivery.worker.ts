import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { defineQueue, JobOptions, RunningJob } from '../jobs/job-queue';
import { JobsService } from '../jobs/jobs.service';
import { WebhookSecrets } from './webhook-secrets';
import { postWebhook } from './webhook-sender';
import { signedHeaders } from './webhook-signature';
import { TargetRefused, WebhookTargets } from './webhook-targets';

/** Why an attempt is made: the event's own delivery (and its retries), a test delivery, or a redelivery someone asked for. */
export type DeliveryKind = 'event' | 'ping' | 'redelivery';

export interface WebhookDeliveryJob {
  subscriptionId: string;
  eventId: string;
  /** Absent: 'event' (jobs queued before pings and redeliveries existed carry none). */
  kind?: DeliveryKind;
  /** For a redelivery: the logged attempt it repeats, and who asked. */
  redeliveryOf?: string;
  requestedBy?: string | null;
}

export const WEBHOOK_DELIVERY = defineQueue<WebhookDeliveryJob>('webhook-delivery');

/** A receiver has this long to answer. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Deliveries in progress at once per instance. */
const WORKERS = 4;

interface DeliveryTarget {
  url: string;
  secret_sealed: string;
  /** The replaced secret while its overlap lasts, else null. */
  previous_secret_sealed: string | null;
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
 * Delivers one event to one subscription per job: POST `{id, type, createdAt, data}` signed per
 * Standard Webhooks with the subscription's secret (and with the replaced one during a rotation's
 * overlap). Every attempt is logged; a non-2xx answer, a network error or a refused address fails
 * the attempt and pg-boss retries an event's delivery with exponential backoff (at-least-once:
 * receivers deduplicate on webhook-id, the event id). A ping or a redelivery is tried once: someone
 * is watching its result and can ask again.
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

  /** A ping or a redelivery: one attempt, whose result the person who asked reads in the log. */
  readonly requestedJobOptions: JobOptions = { retryLimit: 0, expireInSeconds: 60 };

  onModuleInit(): void {
    this.jobs.work(WEBHOOK_DELIVERY, (job) => this.deliver(job), { concurrency: WORKERS });
  }

  async deliver(job: RunningJob<WebhookDeliveryJob>): Promise<void> {
    const { subscriptionId, eventId } = job.data;
    const kind = job.data.kind ?? 'event';
    const [target]: DeliveryTarget[] = await this.db.query(
      `SELECT s.url, s.secret_sealed, CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret_sealed END AS previous_secret_sealed,
              s.active AND ($3 <> 'event' OR e.type = ANY(s.events)) AS deliverable, e.type, e.payload, e.created_at
         FROM webhook_subscriptions s, domain_events e WHERE s.id = $1 AND e.id = $2`,
      [subscriptionId, eventId, kind],
    );
    // Deactivated, or no longer subscribed to this type, since the event was queued: nothing to send.
    if (!target?.deliverable) return;

    const started = Date.now();
    const attempt = await this.attempt(eventId, target);
    const durationMs = Date.now() - started;
    // A redelivery continues the event's numbering for this subscription: the log reads as one series.
    await this.db.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, attempt, status, response_status, error, duration_ms, kind, redelivery_of, requested_by)
       SELECT $1, $2, CASE WHEN $8 = 'redelivery' THEN coalesce(max(d.attempt), 0) + 1 ELSE $3 END, $4, $5, $6, $7, $8, $9, $10
         FROM webhook_deliveries d WHERE d.subscription_id = $1 AND d.event_id = $2`,
      [subscriptionId, eventId, job.attempt, attempt.status, attempt.responseStatus, attempt.error, durationMs, kind, job.data.redeliveryOf ?? null, job.data.requestedBy ?? null],
    );
    if (attempt.status === 'failed') {
      this.logger.warn({ subscriptionId, eventId, kind, attempt: job.attempt, willRetry: job.willRetry, error: attempt.error }, 'webhook delivery failed');
      throw new Error(`webhook delivery failed: ${attempt.error}`);
    }
  }

  private async attempt(eventId: string, target: DeliveryTarget): Promise<Attempt> {
    try {
      // Checked again now (DNS may answer differently than at registration); the connection goes to these addresses only.
      const resolved = await this.targets.resolve(target.url);
      const body = JSON.stringify({ id: eventId, type: target.type, createdAt: target.created_at.toISOString(), data: target.payload });
      const secrets = [target.secret_sealed, target.previous_secret_sealed].filter((sealed): sealed is string => sealed !== null).map((sealed) => this.secrets.open(sealed));
      const headers = signedHeaders(eventId, new Date(), body, secrets);
      const status = await postWebhook({ target: resolved, body, timeoutMs: DELIVERY_TIMEOUT_MS, headers: { ...headers } });
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
