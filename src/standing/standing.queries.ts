import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { customerFacilities, SqlParams } from '../access/visibility';
import type { ContractKind } from '../contracts/contracts.dto';
import type { ConnectionMethod } from '../remote-maintenance/remote-maintenance.dto';
import { standingCtes, StandingScope } from './standing.sql';

export type { StandingScope } from './standing.sql';

export interface StandingFacility {
  id: string;
  name: string;
  pharmacy_code: string | null;
}

/** A contract in force during the 年度, with its 事業者確認用 of that 年度 and open follow-ups. */
export interface StandingContractRow {
  contract_id: string;
  /** The facility (customer) of the contract. */
  customer_id: string;
  kind: ContractKind;
  vendor_id: string;
  vendor_name: string;
  agent_id: string | null;
  agent_name: string | null;
  starts_on: string;
  ends_on: string | null;
  checklist_id: string | null;
  checklist_revision: number | null;
  checklist_submitted_at: Date | null;
  checklist_form_id: string | null;
  newer_form_id: string | null;
  no_count: number;
  overdue_count: number;
  open_requests: number;
  overdue_requests: number;
  open_threads: number;
}

/** A product a contract covers: the MDS/SDS received, the current remote-maintenance disclosure, the RM-SDS. */
export interface StandingProductRow {
  contract_id: string;
  customer_id: string;
  vendor_id: string;
  contract_kind: ContractKind;
  product_id: string;
  product_name: string;
  category: string;
  deployment: string;
  sds_id: string | null;
  sds_kind: 'MDS' | 'SDS' | null;
  sds_version: string | null;
  sds_published_at: Date | null;
  rm_id: string | null;
  rm_revision: number | null;
  rm_author_id: string | null;
  rm_author_name: string | null;
  rm_in_use: boolean | null;
  rm_confirmed_at: Date | null;
  rm_connection_method: ConnectionMethod | null;
  rm_gateway_label: string | null;
  rm_gateway_patched_on: string | null;
  rm_two_factor: boolean | null;
  rm_source_restricted: boolean | null;
  rm_session_logging: boolean | null;
  rm_unique_credentials: boolean | null;
  rm_sds_id: string | null;
  rm_sds_published_at: Date | null;
}

/**
 * The set-based reads behind a pharmacy's standing and its derived checklist items: one statement
 * for the contracts, one for the products they cover, whatever the number of facilities (a chain
 * asks for thousands of stores; see standing.sql.ts). Every statement carries the caller's
 * visibility predicates.
 */
@Injectable()
export class StandingQueries {
  /** The pharmacy, if the caller acts for it (the pharmacy itself or its chain). */
  async facility(manager: EntityManager, principal: Principal, pharmacyId: string): Promise<StandingFacility | undefined> {
    if (principal.organizationKind !== 'pharmacy' && principal.organizationKind !== 'chain') return undefined;
    const params = new SqlParams([pharmacyId]);
    const [facility]: StandingFacility[] = await manager.query(
      `SELECT o.id, o.name, o.pharmacy_code FROM organizations o WHERE o.id = $1 AND o.kind = 'pharmacy' AND o.id IN ${customerFacilities(principal, params)}`,
      params.values,
    );
    return facility;
  }

  contracts(manager: EntityManager, principal: Principal, facilityId: string, fiscalYear: number): Promise<StandingContractRow[]> {
    return this.contractsOf(manager, principal, { facilities: [facilityId] }, fiscalYear);
  }

  products(manager: EntityManager, principal: Principal, facilityId: string, fiscalYear: number): Promise<StandingProductRow[]> {
    return this.productsOf(manager, principal, { facilities: [facilityId] }, fiscalYear);
  }

  /** The contracts of a set of facilities, each row naming its facility (customer_id). */
  async contractsOf(manager: EntityManager, principal: Principal, scope: StandingScope, fiscalYear: number): Promise<StandingContractRow[]> {
    const params = new SqlParams();
    return manager.query(
      `WITH ${standingCtes(principal, params, scope, fiscalYear)}
       SELECT * FROM standing_contract_rows ORDER BY vendor_name, starts_on, contract_id`,
      params.values,
    );
  }

  /** The covered products of a set of facilities' contracts. */
  async productsOf(manager: EntityManager, principal: Principal, scope: StandingScope, fiscalYear: number): Promise<StandingProductRow[]> {
    const params = new SqlParams();
    return manager.query(
      `WITH ${standingCtes(principal, params, scope, fiscalYear)}
       SELECT * FROM standing_product_rows ORDER BY product_name, product_id, contract_id`,
      params.values,
    );
  }
}
