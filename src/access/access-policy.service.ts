import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { isOperator, isOrganizationAdmin, Principal } from './principal';

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

  /**
   * Managing an organization's accounts: its own admins, and the operator (who creates the first
   * admin). Someone who cannot even see the organization gets 404; a member who can, 403.
   */
  async assertCanManageAccounts(principal: Principal, organizationId: string): Promise<void> {
    await this.assertCanReadOrganization(principal, organizationId);
    if (isOperator(principal) || isOrganizationAdmin(principal, organizationId)) return;
    if (principal.organizationId === organizationId) {
      throw AppError.forbidden('Only an administrator of this organization may manage its accounts.', 'admin_required');
    }
    // A chain reading its pharmacies does not manage their accounts: to it they do not exist here.
    throw AppError.notFound('organization');
  }

  /** API clients belong to the organization's own admins; the operator does not hold vendor secrets. */
  async assertCanManageApiClients(principal: Principal, organizationId: string): Promise<void> {
    if (isOrganizationAdmin(principal, organizationId)) return;
    if (principal.organizationId === organizationId) {
      throw AppError.forbidden('Only an administrator of this organization may manage its API clients.', 'admin_required');
    }
    throw AppError.notFound('organization');
  }

  /** Organization settings (2FA policy, inactive accounts): its admins; the operator may rename. */
  async assertCanUpdateOrganization(principal: Principal, organizationId: string): Promise<void> {
    await this.assertCanManageAccounts(principal, organizationId);
  }

  /** The audit log of an organization: its admins; the operator may read any chain of events. */
  assertCanReadAudit(principal: Principal, organizationId: string | null): void {
    if (isOperator(principal)) return;
    if (organizationId !== null && isOrganizationAdmin(principal, organizationId)) return;
    if (organizationId === principal.organizationId) {
      throw AppError.forbidden('Only an administrator of this organization may read its audit log.', 'admin_required');
    }
    throw AppError.notFound('organization');
  }
}
