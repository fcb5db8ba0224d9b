import { HttpStatus } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from './app-error';

/** Hits older than this are past every window (the longest is an hour) and swept. */
export const RATE_LIMIT_RETENTION_HOURS = 24;

/** Distinguishes the advisory locks of rate limits from other users of pg_advisory_xact_lock. */
const RATE_LIMIT_LOCK_CLASS = 7_114_311;

export interface RateLimit {
  /** What is counted, e.g. `contract-proposal`. */
  bucket: string;
  /** Who is counted, e.g. an organization id. */
  subject: string;
  limit: number;
  windowSeconds: number;
  /** The problem code of the refusal. */
  code: string;
  /** The refusal, in Japanese with the English beside it. */
  detail: string;
}

/** Throws the rule's 429 when the window is full, counting nothing (see recordRateLimitHit). */
export async function assertUnderRateLimit(db: DataSource, rule: RateLimit): Promise<void> {
  const retryAfterSeconds = await retryAfterIfFull(db.manager, rule);
  if (retryAfterSeconds !== null) throw rateLimited(rule, retryAfterSeconds);
}

/** Counts one hit, committed at once whatever becomes of the caller's request. */
export async function recordRateLimitHit(db: DataSource, rule: RateLimit): Promise<void> {
  await db.query('INSERT INTO rate_limit_hits (bucket, subject) VALUES ($1, $2)', [rule.bucket, rule.subject]);
}

/**
 * Counts one attempt against a sliding window, in its own committed transaction, so that attempts
 * the caller then refuses count too (the point when limiting probes). Over the limit it throws 429
 * with Retry-After and counts nothing. One lock per (bucket, subject): parallel attempts cannot
 * all slip in under the limit. Kept in PostgreSQL, so every instance sees the same count.
 */
export async function consumeRateLimit(db: DataSource, rule: RateLimit): Promise<void> {
  const retryAfterSeconds = await db.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [RATE_LIMIT_LOCK_CLASS, `${rule.bucket}:${rule.subject}`]);
    const full = await retryAfterIfFull(manager, rule);
    if (full !== null) return full;
    await manager.query('INSERT INTO rate_limit_hits (bucket, subject) VALUES ($1, $2)', [rule.bucket, rule.subject]);
    return null;
  });
  if (retryAfterSeconds !== null) throw rateLimited(rule, retryAfterSeconds);
}

/** Seconds until the oldest of the window's last `limit` hits leaves it, or null while there is room. */
async function retryAfterIfFull(manager: EntityManager, rule: RateLimit): Promise<number | null> {
  const [window]: { hits: number; retry_after: number | null }[] = await manager.query(
    `SELECT count(*)::int AS hits,
            ceil(extract(epoch FROM min(hit_at) + make_interval(secs => $3) - now()))::int AS retry_after
       FROM (SELECT hit_at FROM rate_limit_hits
              WHERE bucket = $1 AND subject = $2 AND hit_at > now() - make_interval(secs => $3)
              ORDER BY hit_at DESC LIMIT $4) recent`,
    [rule.bucket, rule.subject, rule.windowSeconds, rule.limit],
  );
  return window.hits >= rule.limit ? Math.max(1, window.retry_after ?? 1) : null;
}

function rateLimited(rule: RateLimit, retryAfterSeconds: number): AppError {
  return new AppError(HttpStatus.TOO_MANY_REQUESTS, rule.code, 'Too many requests', rule.detail, { retryAfterSeconds });
}
