import type { UserRole } from '../accounts/user.entity';
import type { OrganizationKind } from '../organizations/organization.entity';

/** Where a request came from; recorded with everything it does. */
export interface RequestOrigin {
  ip: string;
  userAgent: string | null;
}

interface PrincipalBase {
  organizationId: string;
  organizationKind: OrganizationKind;
  origin: RequestOrigin;
}

/** A person signed in to the portal. */
export interface UserPrincipal extends PrincipalBase {
  type: 'user';
  userId: string;
  email: string;
  role: UserRole;
  sessionId: string;
  twoFactorEnrolled: boolean;
  /** The organization makes 2FA mandatory (or an admin reset it) and this user has not enrolled yet. */
  twoFactorEnrolmentPending: boolean;
  /** An admin reset the password: only self-service routes answer until the user sets a new one. */
  passwordChangeRequired?: boolean;
}

/** A vendor's (or pharmacy's) system calling with client credentials. */
export interface ClientPrincipal extends PrincipalBase {
  type: 'client';
  clientId: string;
  clientName: string;
  scopes: string[];
}

export type Principal = UserPrincipal | ClientPrincipal;

export function actorId(principal: Principal): string {
  return principal.type === 'user' ? principal.userId : principal.clientId;
}

export function isOperator(principal: Principal): boolean {
  return principal.organizationKind === 'operator';
}

export function isOrganizationAdmin(principal: Principal, organizationId: string): boolean {
  return principal.type === 'user' && principal.role === 'admin' && principal.organizationId === organizationId;
}
