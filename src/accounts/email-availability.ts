import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { assertUnderRateLimit, RateLimit, recordRateLimitHit } from '../common/rate-limit';

/** Addresses an organization may be refused per hour because they belong to another tenant. */
export const REFUSED_EMAILS_PER_HOUR = 10;

/**
 * E-mail addresses are unique across Kaiji (they are the login), so creating an account with an
 * address another tenant uses must fail; it must not become a way to learn who uses Kaiji (issue
 * 13, finding 11). An admin legitimately needs to know that an address is already one of its own
 * accounts (it can list them anyway): 409 `email_taken`. An address used elsewhere answers 409
 * `email_unavailable`, which says only that this address cannot be registered, and counts: after
 * REFUSED_EMAILS_PER_HOUR such refusals the organization's account creation pauses (429) for the
 * rest of the hour, for every address alike, so the pause itself reveals nothing.
 */
export async function assertEmailAvailable(db: DataSource, organizationId: string, email: string): Promise<void> {
  const limit = refusedEmailsLimit(organizationId);
  await assertUnderRateLimit(db, limit);
  const [holder]: { organization_id: string }[] = await db.query('SELECT organization_id FROM users WHERE lower(email) = lower($1)', [email]);
  if (!holder) return;
  if (holder.organization_id === organizationId) {
    throw AppError.conflict('email_taken', 'このメールアドレスはこの組織のアカウントですでに使われています (an account of this organization already has this e-mail address).');
  }
  await recordRateLimitHit(db, limit);
  throw AppError.conflict('email_unavailable', 'このメールアドレスは登録できません。別のアドレスを指定してください (this e-mail address cannot be registered: use another one).');
}

function refusedEmailsLimit(organizationId: string): RateLimit {
  return {
    bucket: 'user-email-refused',
    subject: organizationId,
    limit: REFUSED_EMAILS_PER_HOUR,
    windowSeconds: 3600,
    code: 'account_creation_paused',
    detail:
      'アカウント作成で登録できないメールアドレスが続いたため、しばらく作成を停止しています。時間をおいて再度お試しください (too many addresses were refused: account creation is paused for a while; try again later).',
  };
}
