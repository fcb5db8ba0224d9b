import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { UserRole } from '../accounts/user.entity';
import { AppError } from '../common/app-error';
import { isOperator, isOrganizationAdmin, Principal } from './principal';

/** Who may create an account in an organization, and so how the creation is recorded. */
export type AccountCreator = 'organization_admin' | 'operator_first_admin';

/**
 * The one place that decides what a principal may see or do. Feature services ask it and never
 * re-implement it. A record the caller may not see answers 404, exactly as a missing one would.
 */
@Injectable()
export class AccessPolicy {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Organizations a principal can read: the operator sees all; everyone sees their own; a chain
   * also sees its pharmacies; a pharmacy also sees its chain.
   */
  async assertCanReadOrganization(principal: Principal, organizationId: string): Promise<void> {
    if (isOperator(principal) || principal.organizationId === organizationId) return;
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM organizations o
        WHERE o.id = $1
          AND (o.chain_id = $2 OR o.id = (SELECT chain_id FROM organizations WHERE id = $2))`,
      [organizationId, principal.organizationId],
    );
    if (rows.length === 0) throw AppError.notFound('organization');
  }

  /** SQL fragment and parameter listing the organizations a principal can read (for lists). */
  readableOrganizationsFilter(principal: Principal, alias: string): { where: string; params: Record<string, string> } | null {
    if (isOperator(principal)) return null;
    return {
      where: `(${alias}.id = :own OR ${alias}.chain_id = :own OR ${alias}.id = (SELECT chain_id FROM organizations WHERE id = :own))`,
      params: { own: principal.organizationId },
    };
  }

  /** Registering vendors, pharmacies and chains: the operator's alone. */
  assertCanRegisterOrganizations(principal: Principal): void {
    if (!isOperator(principal)) throw AppError.forbidden('Only the Kaiji operator registers organizations.', 'operator_required');
  }

  /**
   * Managing an organization's accounts (list, change, disable, reset, the inactive sweep): its own
   * admins only. A member or viewer of it gets 403; everyone else, the operator included, 404: the
   * operator registers organizations and their first admin, and nothing inside a tenant is its
   * business (DESIGN.md), so to it these routes do not exist for another organization.
   */
  assertCanManageAccounts(principal: Principal, organizationId: string): void {
    if (isOrganizationAdmin(principal, organizationId)) return;
    if (principal.organizationId === organizationId) {
      throw AppError.forbidden('Only an administrator of this organization may manage its accounts.', 'admin_required');
    }
    throw AppError.notFound('organization');
  }

  /**
   * Creating an account: the organization's own admins; the operator only the first admin of an
   * organization that has no admin account at all (a disabled one counts: reviving a locked-out
   * tenant is not the operator's to do by logging in as a new admin). Runs inside the creating
   * transaction and locks the organization's row, so two "first" admins cannot both pass.
   */
  async assertCanCreateUser(manager: EntityManager, principal: Principal, organizationId: string, role: UserRole): Promise<AccountCreator> {
    if (isOrganizationAdmin(principal, organizationId)) return 'organization_admin';
    if (!isOperator(principal) || principal.organizationId === organizationId) {
      this.assertCanManageAccounts(principal, organizationId);
    }
    const locked: unknown[] = await manager.query('SELECT 1 FROM organizations WHERE id = $1 FOR NO KEY UPDATE', [organizationId]);
    if (locked.length === 0) throw AppError.notFound('organization');
    // A statement of its own, after the lock: it sees an admin that a concurrent first creation committed.
    const [{ has_admin }]: { has_admin: boolean }[] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM users WHERE organization_id = $1 AND role = 'admin') AS has_admin`,
      [organizationId],
    );
    if (has_admin) throw AppError.notFound('organization');
    if (role !== 'admin') {
      throw AppError.invalid(
        [{ field: 'role', message: '運営者が作成できるのは最初の管理者だけです (the operator creates only the first admin: role must be admin)' }],
        'The operator creates only the first administrator of an organization.',
      );
    }
    return 'operator_first_admin';
  }

  /** API clients belong to the organization's own admins; the operator does not hold vendor secrets. */
  assertCanManageApiClients(principal: Principal, organizationId: string): void {
    if (isOperator(principal) && principal.organizationId === organizationId) {
      // A client credential would reach the operator's routes without the 2FA its logins need.
      throw AppError.forbidden('運営者の組織には API クライアントを作成できません (the operator organization has no API clients: its logins need 2FA).', 'operator_no_api_clients');
    }
    if (isOrganizationAdmin(principal, organizationId)) return;
    if (principal.organizationId === organizationId) {
      throw AppError.forbidden('Only an administrator of this organization may manage its API clients.', 'admin_required');
    }
    throw AppError.notFound('organization');
  }

  /**
   * An organization's name and 法人番号: its admins, and the operator, who registered them (its
   * change is in the tenant's audit log and told to the tenant's admins).
   */
  async assertCanUpdateOrganization(principal: Principal, organizationId: string): Promise<void> {
    if (isOperator(principal) && principal.organizationId !== organizationId) {
      await this.assertCanReadOrganization(principal, organizationId);
      return;
    }
    this.assertCanManageAccounts(principal, organizationId);
  }

  /** An organization's security settings (2FA policy, automatic disabling of unused accounts): its own admins only. */
  assertCanChangeSecuritySettings(principal: Principal, organizationId: string): void {
    this.assertCanManageAccounts(principal, organizationId);
  }

  /** Whether an action on an organization is the operator acting inside another tenant (audited there and told to its admins). */
  isOperatorInTenant(principal: Principal, organizationId: string): boolean {
    return isOperator(principal) && principal.organizationId !== organizationId;
  }

  /**
   * The audit log of an organization: its admins; the operator may read any chain of events, but in
   * another organization's only who did what and when (see auditDetailsWithheld).
   */
  assertCanReadAudit(principal: Principal, organizationId: string | null): void {
    if (isOperator(principal)) return;
    if (organizationId !== null && isOrganizationAdmin(principal, organizationId)) return;
    if (organizationId === principal.organizationId) {
      throw AppError.forbidden('Only an administrator of this organization may read its audit log.', 'admin_required');
    }
    throw AppError.notFound('organization');
  }

  /**
   * The operator reads no document contents: in another organization's audit log the details (which
   * can quote them: an いいえ answer reviewed, a decline's reason) are withheld from it.
   */
  auditDetailsWithheld(principal: Principal, organizationId: string | null): boolean {
    return isOperator(principal) && organizationId !== null && organizationId !== principal.organizationId;
  }
}
