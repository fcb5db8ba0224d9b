import { CallHandler, ExecutionContext, HttpStatus, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { AuthenticatedRequest } from '../auth/authenticated.decorator';
import { actorId } from '../access/principal';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AppError } from './app-error';
import { isDatabaseUnavailable } from './problem';
import { answerCarriesSecret } from './secret-answers';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

interface KeyRow {
  request_hash: string;
  status: 'processing' | 'completed';
  response_status: number | null;
  /** The answer's body as sent (null: none, as for 204). */
  response_body: string | null;
  response_content_type: string | null;
  response_headers: Record<string, string> | null;
  answer_withheld: boolean;
  first_request_at: Date;
  /** Older than the keys' time to live: forgotten, as if never used (the sweep deletes it soon). */
  expired: boolean;
  lease_expired: boolean;
  lease_seconds_left: number;
  /** Seconds since the request holding the key claimed it. */
  held_seconds: number;
}

/** What a JSON answer is sent as (fastify's own choice for an object), for answers recorded without a type. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
/** Headers that describe what the first request wrote, replayed with its body (ETag: src/sync). */
const REPLAYED_HEADERS = ['etag', 'location'];

/**
 * POST requests with an `Idempotency-Key` header: a retry with the same key and body answers the
 * first result and writes nothing twice; the same key with another body is refused.
 *
 * An answer that carries a secret (secret-answers.ts) is not stored: the key records only that the
 * work was done, and a retry gets 409 `idempotent_answer_withheld` instead of a second copy of the
 * secret (and still does not do the work twice). Keys are kept for KAIJI_IDEMPOTENCY_TTL_HOURS;
 * an older key is forgotten when it is used again, and the housekeeping sweep deletes the rest.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** How long a request holds its key; after that a retry may take it over (the first one died). */
  private get leaseSeconds(): number {
    return this.config.idempotencyLeaseSeconds;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || !request.principal) return next.handle();
    return from(this.handle(context, request, String(key), next));
  }

  private async handle(context: ExecutionContext, request: AuthenticatedRequest, key: string, next: CallHandler, retried = false): Promise<unknown> {
    if (!KEY_PATTERN.test(key)) throw AppError.invalid([{ field: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' }]);
    const owner = actorId(request.principal!);
    const path = request.url.split('?')[0];
    const hash = createHash('sha256').update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
    const reply = context.switchToHttp().getResponse<FastifyReply>();

    const claimed: unknown[] = await this.db.query(
      `INSERT INTO idempotency_keys (owner_id, key, method, path, request_hash, status, locked_until)
       VALUES ($1, $2, $3, $4, $5, 'processing', now() + make_interval(secs => $6)) ON CONFLICT DO NOTHING RETURNING 1`,
      [owner, key, request.method, path, hash, this.leaseSeconds],
    );
    if (claimed.length === 0) {
      const [row]: KeyRow[] = await this.db.query(
        `SELECT request_hash, status, response_status, response_body, response_content_type, response_headers, answer_withheld, locked_until < now() AS lease_expired,
                created_at AS first_request_at, created_at < now() - make_interval(hours => $3) AS expired,
                greatest(1, ceil(extract(epoch FROM locked_until - now())))::int AS lease_seconds_left,
                greatest(0, extract(epoch FROM now() - (locked_until - make_interval(secs => $4))))::float8 AS held_seconds
           FROM idempotency_keys WHERE owner_id = $1 AND key = $2`,
        [owner, key, this.config.idempotencyTtlHours, this.leaseSeconds],
      );
      // Gone between the two statements (a refused request released it, or the sweep): claim again, once.
      if (row === undefined && !retried) return this.handle(context, request, key, next, true);
      if (row === undefined) throw new AppError(HttpStatus.CONFLICT, 'request_in_progress', 'Conflict', 'A request with this Idempotency-Key is still being processed; retry shortly.', { retryAfterSeconds: 1 });
      if (row.expired && (row.status === 'completed' || row.lease_expired) && !retried) {
        await this.db.query(
          `DELETE FROM idempotency_keys WHERE owner_id = $1 AND key = $2 AND created_at < now() - make_interval(hours => $3) AND (status = 'completed' OR locked_until < now())`,
          [owner, key, this.config.idempotencyTtlHours],
        );
        return this.handle(context, request, key, next, true);
      }
      if (row.request_hash !== hash) {
        throw AppError.unprocessable('idempotency_key_reused', 'This Idempotency-Key was used for a different request; use a new key.');
      }
      if (row.status === 'completed' && row.answer_withheld) throw answerWithheld(row.first_request_at);
      if (row.status === 'completed') {
        void reply.status(row.response_status ?? 200).header('Idempotent-Replayed', 'true');
        for (const [name, value] of Object.entries(row.response_headers ?? {})) void reply.header(name, value);
        if (row.response_body === null) return undefined;
        // The recorded text itself, not a value to serialize again: the replay is the first answer byte for byte.
        void reply.header('Content-Type', row.response_content_type ?? JSON_CONTENT_TYPE);
        return row.response_body;
      }
      const taken: unknown[] = row.lease_expired
        ? await this.db.query(
            // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, rowCount].
            `WITH taken AS (UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $3)
                             WHERE owner_id = $1 AND key = $2 AND status = 'processing' AND locked_until < now() RETURNING 1)
             SELECT * FROM taken`,
            [owner, key, this.leaseSeconds],
          )
        : [];
      if (taken.length === 0) {
        throw new AppError(HttpStatus.CONFLICT, 'request_in_progress', 'Conflict', 'A request with this Idempotency-Key is still being processed; retry shortly.', {
          retryAfterSeconds: expectedWaitSeconds(row.held_seconds, row.lease_seconds_left),
        });
      }
    }

    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      // A refused request wrote nothing: let a corrected retry use the key again.
      await this.db.query('DELETE FROM idempotency_keys WHERE owner_id = $1 AND key = $2', [owner, key]).catch(() => undefined);
      throw error;
    }
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    const contentType = reply.getHeader('content-type');
    const sentAs = typeof contentType === 'string' ? contentType : typeof body === 'string' ? 'text/plain; charset=utf-8' : JSON_CONTENT_TYPE;
    const headers = Object.fromEntries(REPLAYED_HEADERS.flatMap((name) => (typeof reply.getHeader(name) === 'string' ? [[name, reply.getHeader(name) as string]] : [])));
    await this.recordAnswer(owner, key, status, body, sentAs, headers);
    return body;
  }

  /**
   * The work is committed, so its answer must be kept: were the key left unanswered, a retry after
   * the lease would do the work a second time. While the database is unreachable (a restart) the
   * answer waits, within the lease, and is sent once it is recorded.
   */
  private async recordAnswer(owner: string, key: string, status: number, body: unknown, contentType: string, headers: Record<string, string>): Promise<void> {
    const giveUpAt = Date.now() + (this.leaseSeconds - 10) * 1000;
    // What fastify sends for the value (JSON.stringify: no response schemas), kept as text so a replay sends the same bytes.
    const serialized = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
    const withheld = serialized !== null && answerCarriesSecret(serialized);
    for (let wait = 250; ; wait = Math.min(wait * 2, 5_000)) {
      try {
        await this.db.query(
          `UPDATE idempotency_keys SET status = 'completed', response_status = $3, response_body = $4, response_content_type = $5, response_headers = $6,
                  answer_withheld = $7, locked_until = NULL
            WHERE owner_id = $1 AND key = $2`,
          [owner, key, status, withheld ? null : serialized, serialized === null ? null : contentType, withheld ? null : JSON.stringify(headers), withheld],
        );
        return;
      } catch (error) {
        if (!isDatabaseUnavailable(error) || Date.now() + wait > giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}

/**
 * Retry-After for a key still held: a request that has run for t seconds is expected to need about
 * as long again (so a retry backs off as it would by doubling), from 1 s for the usual fast request
 * up to the lease's end, after which a retry takes over a holder that died.
 */
export function expectedWaitSeconds(heldSeconds: number, leaseSecondsLeft: number): number {
  return Math.max(1, Math.min(Math.ceil(heldSeconds), leaseSecondsLeft));
}

function answerWithheld(firstRequestAt: Date): AppError {
  return new AppError(
    HttpStatus.CONFLICT,
    'idempotent_answer_withheld',
    'Conflict',
    'この Idempotency-Key の操作は完了済みですが、応答に秘密情報 (シークレット・トークン・リカバリーコード) が含まれていたため保存しておらず、再送できません。' +
      '作成されたものを一覧で確認し、必要なら失効・再発行してください (the request with this Idempotency-Key was completed, but its answer held a secret, which Kaiji does not keep: ' +
      'it cannot be replayed. Find what was created in its list, and revoke or rotate it if the answer was lost).',
    { firstRequestAt: firstRequestAt.toISOString() },
  );
}
