/**
 * Whose logins must use two-factor authentication. The operator's always (DESIGN: its logins use
 * 2FA; it creates every tenant), whatever its organization record says; any other organization
 * when its admins make 2FA mandatory. Until a user concerned has enrolled, their session reaches
 * only their own account (AuthGuard, selfService routes): enrolment comes first.
 */
export function twoFactorRequired(organization: { kind: string; requireTwoFactor: boolean }): boolean {
  return organization.requireTwoFactor || organization.kind === 'operator';
}

/** The same rule in SQL, over `organizations o`. */
export const TWO_FACTOR_REQUIRED_SQL = `(o.require_two_factor OR o.kind = 'operator')`;
