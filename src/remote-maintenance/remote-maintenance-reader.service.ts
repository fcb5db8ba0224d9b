import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { remoteMaintenanceVisible, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { todayInJapan } from '../common/fiscal-year';
import { RemoteMaintenanceRow, SELECT_REMOTE_MAINTENANCE, toRemoteMaintenanceDto } from './remote-maintenance-row';
import type { ContractRemoteMaintenanceDto, RemoteMaintenanceDisclosureDto } from './remote-maintenance.dto';

export interface RemoteMaintenanceContract {
  id: string;
  kind: string;
  status: string;
  /** The contract's last day (YYYY-MM-DD), if it has one: past it the maintainer discloses nothing more. */
  ends_on: string | null;
  vendor_id: string;
  vendor_name: string;
  agent_id: string | null;
  agent_name: string | null;
  customer_id: string;
  customer_name: string;
  proposed_by: 'vendor' | 'customer';
  products: { id: string; name: string; category: string }[];
}

/**
 * Reading remote-maintenance disclosures: only the two parties of the contract see them (vendor or
 * agent; the customer and its chain), and every read is written to the audit log.
 */
@Injectable()
export class RemoteMaintenanceReader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The contract as the caller may see it for remote maintenance, or 404. `lock` takes it FOR UPDATE. */
  async contract(manager: EntityManager, principal: Principal, contractId: string, lock = false): Promise<RemoteMaintenanceContract> {
    const params = new SqlParams([contractId]);
    const [contract]: RemoteMaintenanceContract[] = await manager.query(
      `SELECT c.id, c.kind, c.status, to_char(c.ends_on, 'YYYY-MM-DD') AS ends_on, c.vendor_id, v.name AS vendor_name, c.agent_id, a.name AS agent_name, c.customer_id, cu.name AS customer_name, c.proposed_by,
              coalesce((SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'category', p.category) ORDER BY p.name, p.id)
                          FROM contract_products cp JOIN products p ON p.id = cp.product_id WHERE cp.contract_id = c.id), '[]') AS products
         FROM contracts c
         JOIN organizations v ON v.id = c.vendor_id
         JOIN organizations cu ON cu.id = c.customer_id
         LEFT JOIN organizations a ON a.id = c.agent_id
        WHERE c.id = $1 AND ${remoteMaintenanceVisible(principal, 'c', params)}
        ${lock ? 'FOR UPDATE OF c' : ''}`,
      params.values,
    );
    if (!contract) throw AppError.notFound('contract');
    return contract;
  }

  /** The current disclosure of one product (with names), read with the caller's manager. */
  async current(manager: EntityManager, contractId: string, productId: string): Promise<RemoteMaintenanceDisclosureDto | null> {
    const [row]: RemoteMaintenanceRow[] = await manager.query(`${SELECT_REMOTE_MAINTENANCE} AND rm.product_id = $2 AND rm.is_current`, [contractId, productId]);
    return row ? toRemoteMaintenanceDto(row) : null;
  }

  /** GET: every covered product with its current disclosure (and with `history` every revision); audited. */
  async get(principal: Principal, contractId: string, history: boolean): Promise<ContractRemoteMaintenanceDto> {
    const manager = this.db.manager;
    const contract = await this.contract(manager, principal, contractId);
    const rows: RemoteMaintenanceRow[] = await manager.query(
      `${SELECT_REMOTE_MAINTENANCE} ${history ? '' : 'AND rm.is_current'} ORDER BY rm.product_id, rm.revision DESC`,
      [contractId],
    );
    const today = todayInJapan();
    const byProduct = new Map<string, RemoteMaintenanceDisclosureDto[]>();
    for (const row of rows) byProduct.set(row.product_id, [...(byProduct.get(row.product_id) ?? []), toRemoteMaintenanceDto(row, today)]);
    await this.audit.record({
      actor: principal,
      organizationId: principal.organizationId,
      action: 'remote_maintenance.read',
      target: { type: 'contract', id: contractId },
      details: { history, disclosures: rows.map((row) => ({ id: row.id, productId: row.product_id, revision: row.revision })) },
    });
    return {
      contractId: contract.id,
      vendor: { id: contract.vendor_id, name: contract.vendor_name },
      agent: contract.agent_id ? { id: contract.agent_id, name: contract.agent_name ?? '' } : null,
      // As for contracts: nothing of a pharmacy is shown to a vendor before it has agreed to the relationship.
      customer: {
        id: contract.customer_id,
        name: principal.organizationKind !== 'vendor' || contract.status === 'active' || contract.proposed_by === 'customer' ? contract.customer_name : null,
      },
      products: contract.products.map((product) => {
        const revisions = byProduct.get(product.id) ?? [];
        return { product, current: revisions.find((r) => r.current) ?? null, ...(history ? { revisions } : {}) };
      }),
    };
  }
}
