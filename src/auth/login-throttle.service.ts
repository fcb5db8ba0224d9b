import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { RequestOrigin } from '../access/principal';
import { AppError } from '../common/app-error';
import { throttleSourceKey } from '../common/source-address';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** After this many consecutive failures from one source each new attempt must wait 1 s, 2 s, 4 s… until the lock. */
const SLOW_DOWN_AFTER = 2;
/** First key of the advisory lock that serialises the attempts on one e-mail (the second is its hash). */
const LOGIN_LOCK_CLASS = 0x4b4c; // "KL"
/** The row counting an account's failures from every source together. */
const ACCOUNT_WIDE = '*';

export interface FailureCount {
  /** Failures of the current streak from this source. */
  failures: number;
  /** Whether this failure locked the source out of the account, or the account itself. */
  locked: boolean;
}

/**
 * Failed password and code checks, counted per e-mail as typed (known or not, so that answers never
 * tell) and per source: a streak from one address slows that address down and then locks it out of
 * the account, while the owner elsewhere still gets in. A much higher count from all sources
 * together locks the account for everyone, which stops guessing spread over many addresses. A
 * streak ends when its lock has run out, or when it began longer ago than a lock lasts.
 */
@Injectable()
export class LoginThrottle {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Takes the e-mail's lock for the rest of the transaction, so that a burst of parallel guesses is
   * checked and counted one at a time, then refuses (429) while this source or the account is locked
   * or this source must still wait.
   */
  async enter(manager: EntityManager, emailKey: string, origin: RequestOrigin): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOGIN_LOCK_CLASS, emailKey]);
    // The wait doubles from 1 s after SLOW_DOWN_AFTER failures, never beyond the lock's own length.
    const rows: { account_wide: boolean; failures: number; locked_seconds: number | null; wait_seconds: number | null }[] = await manager.query(
      `SELECT source_key = $5 AS account_wide, failures,
              ceil(extract(epoch FROM locked_until - now()))::int AS locked_seconds,
              CASE WHEN locked_until IS NULL THEN
                ceil(extract(epoch FROM last_failure_at + make_interval(secs => least(power(2, failures - $3), $4 * 60)) - now()))::int
              END AS wait_seconds
         FROM login_attempts WHERE email_key = $1 AND source_key IN ($2, $5)`,
      [emailKey, throttleSourceKey(origin.ip), SLOW_DOWN_AFTER, this.config.login.lockMinutes, ACCOUNT_WIDE],
    );
    const lockedSeconds = Math.max(0, ...rows.map((row) => row.locked_seconds ?? 0));
    if (lockedSeconds > 0) {
      throw new AppError(
        HttpStatus.TOO_MANY_REQUESTS,
        'account_locked',
        'Too many failed logins',
        'ログインの失敗が続いたため、しばらくロックされています。時間をおいてお試しください (too many failed logins: this login is locked for a while. Try again later).',
        { retryAfterSeconds: lockedSeconds },
      );
    }
    const source = rows.find((row) => !row.account_wide);
    if (source && source.failures >= SLOW_DOWN_AFTER && source.wait_seconds !== null && source.wait_seconds > 0) {
      throw new AppError(
        HttpStatus.TOO_MANY_REQUESTS,
        'login_slowed_down',
        'Too many failed logins',
        'ログインの失敗が続いています。少し待ってからお試しください (several logins failed: wait a moment before trying again).',
        { retryAfterSeconds: source.wait_seconds },
      );
    }
  }

  /** Counts a failure from this source and for the account, locking either at its threshold; the caller commits it, then answers. */
  async recordFailure(manager: EntityManager, emailKey: string, origin: RequestOrigin): Promise<FailureCount> {
    const source = throttleSourceKey(origin.ip);
    const streakOver = `(a.locked_until IS NOT NULL AND a.locked_until <= now()) OR a.first_failure_at < now() - make_interval(mins => $3)`;
    const counted: { source_key: string; failures: number }[] = await manager.query(
      `INSERT INTO login_attempts AS a (email_key, source_key, failures, first_failure_at, last_failure_at)
       VALUES ($1, $2, 1, now(), now()), ($1, $4, 1, now(), now())
       ON CONFLICT (email_key, source_key) DO UPDATE
         SET failures = CASE WHEN ${streakOver} THEN 1 ELSE a.failures + 1 END,
             first_failure_at = CASE WHEN ${streakOver} THEN now() ELSE a.first_failure_at END,
             locked_until = CASE WHEN a.locked_until IS NOT NULL AND a.locked_until <= now() THEN NULL ELSE a.locked_until END,
             last_failure_at = now()
       RETURNING source_key, failures`,
      [emailKey, source, this.config.login.lockMinutes, ACCOUNT_WIDE],
    );
    const fromSource = counted.find((row) => row.source_key === source)?.failures ?? 1;
    const accountWide = counted.find((row) => row.source_key === ACCOUNT_WIDE)?.failures ?? 1;
    const locksSource = fromSource >= this.config.login.lockThreshold;
    const locksAccount = accountWide >= this.config.login.accountLockThreshold;
    if (locksSource || locksAccount) {
      await manager.query(
        `UPDATE login_attempts SET locked_until = now() + make_interval(mins => $3)
          WHERE email_key = $1 AND source_key = ANY($2::text[])`,
        [emailKey, [...(locksSource ? [source] : []), ...(locksAccount ? [ACCOUNT_WIDE] : [])], this.config.login.lockMinutes],
      );
    }
    return { failures: fromSource, locked: locksSource || locksAccount };
  }

  /**
   * A success from this source ends its streak. The account-wide count stays until it runs out:
   * the owner signing in must not wipe the count of someone guessing from elsewhere.
   */
  async clearSource(manager: EntityManager, emailKey: string, origin: RequestOrigin): Promise<void> {
    await manager.query('DELETE FROM login_attempts WHERE email_key = $1 AND source_key = $2', [emailKey, throttleSourceKey(origin.ip)]);
  }
}
