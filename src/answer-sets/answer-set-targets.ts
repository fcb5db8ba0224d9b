import type { EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { contractInForce, SqlParams } from '../access/visibility';
import type { CustomerKind } from '../forms/form-definition';
import { NAME_KEY_SQL, normalizeOrganizationName } from '../organizations/organization-name';
import type { TargetChainDto, TargetCustomerDto } from './answer-set-responses.dto';
import type { ApplyAnswerSetDto } from './answer-sets.dto';

/**
 * Which customers an application targets, in SQL. Always: the caller's own contracts (as vendor:
 * agents answer no checklist of another vendor's) in force today, that owe a checklist
 * (maintenance, operation), with customers of a kind the set's form serves in the 年度. The
 * selection's criteria narrow that down, all of them together.
 */
export type Selection = Pick<ApplyAnswerSetDto, 'productId' | 'chainId' | 'contractKind' | 'contractIds' | 'owing'>;

/** A selection names at least one criterion: applying to every customer is said with contractKind or owing, never by leaving things out. */
export function hasCriterion(selection: Selection): boolean {
  return selection.productId !== undefined || selection.chainId !== undefined || selection.contractKind !== undefined || selection.contractIds !== undefined || selection.owing === true;
}

/**
 * Chains a preview's breakdown lists at most: far more than a vendor's customers belong to in
 * practice (the largest chains are a few thousand stores, and there are a few hundred of them).
 */
export const MAX_PREVIEW_CHAINS = 500;

/** The search key of a customer search: compared like organization names (NFKC, case and spaces ignored). */
export function customerQueryKey(query: string): string {
  return normalizeOrganizationName(query).replace(/\s+/gu, '').toLowerCase();
}

interface TargetRow {
  contract_id: string;
  customer_id: string;
  customer_name: string;
  pharmacy_code: string | null;
  contract_kind: 'maintenance' | 'operation';
  checklist_status: 'submitted' | 'draft' | 'none';
}

export class AnswerSetTargets {
  constructor(
    private readonly manager: EntityManager,
    private readonly principal: Principal,
    private readonly fiscalYear: number,
    private readonly kinds: CustomerKind[],
  ) {}

  /** The FROM … WHERE of the targeted contracts (`c`, customer `cu`), `only` narrowing to some contract ids, `join` joining more. */
  private where(selection: Selection, params: SqlParams, only?: string[], join = ''): string {
    const conditions = [
      `c.vendor_id = ${params.add(this.principal.organizationId)}`,
      contractInForce('c', params),
      `c.kind IN ('maintenance', 'operation')`,
      `cu.kind = ANY(${params.add(this.kinds)}::text[])`,
    ];
    if (selection.contractKind) conditions.push(`c.kind = ${params.add(selection.contractKind)}`);
    if (selection.productId) conditions.push(`EXISTS (SELECT 1 FROM contract_products cp WHERE cp.contract_id = c.id AND cp.product_id = ${params.add(selection.productId)})`);
    if (selection.chainId) conditions.push(`cu.chain_id = ${params.add(selection.chainId)}`);
    if (selection.contractIds) conditions.push(`c.id = ANY(${params.add(selection.contractIds)}::uuid[])`);
    if (selection.owing) conditions.push(`NOT EXISTS (SELECT 1 FROM vendor_checklists vc WHERE vc.contract_id = c.id AND vc.fiscal_year = ${params.add(this.fiscalYear)} AND vc.status = 'submitted')`);
    if (only) conditions.push(`c.id = ANY(${params.add(only)}::uuid[])`);
    return `FROM contracts c JOIN organizations cu ON cu.id = c.customer_id ${join} WHERE ${conditions.join(' AND ')}`;
  }

  async count(selection: Selection): Promise<number> {
    const params = new SqlParams();
    const [row]: { count: number }[] = await this.manager.query(`SELECT count(*)::int AS count ${this.where(selection, params)}`, params.values);
    return row.count;
  }

  /**
   * Targeted customers by name, with where their checklist for the 年度 stands (a preview's first
   * page; an override's customer). `query` keeps those whose 保険薬局コード or name contains it.
   */
  async customers(selection: Selection, limit: number, only?: string[], query?: string): Promise<TargetCustomerDto[]> {
    const params = new SqlParams();
    let from = this.where(selection, params, only);
    if (query) {
      const key = params.add(customerQueryKey(query));
      from += ` AND (strpos(coalesce(cu.pharmacy_code, ''), ${key}) > 0 OR strpos(${NAME_KEY_SQL('cu.name')}, ${key}) > 0)`;
    }
    const fy = params.add(this.fiscalYear);
    const rows: TargetRow[] = await this.manager.query(
      `SELECT c.id AS contract_id, cu.id AS customer_id, cu.name AS customer_name, cu.pharmacy_code, c.kind AS contract_kind,
              CASE WHEN EXISTS (SELECT 1 FROM vendor_checklists vc WHERE vc.contract_id = c.id AND vc.fiscal_year = ${fy} AND vc.status = 'submitted') THEN 'submitted'
                   WHEN EXISTS (SELECT 1 FROM vendor_checklists vc WHERE vc.contract_id = c.id AND vc.fiscal_year = ${fy}) THEN 'draft'
                   ELSE 'none' END AS checklist_status
         ${from} ORDER BY cu.name, c.id LIMIT ${params.add(limit)}`,
      params.values,
    );
    return rows.map((row) => ({
      contractId: row.contract_id,
      customerId: row.customer_id,
      customerName: row.customer_name,
      pharmacyCode: row.pharmacy_code,
      contractKind: row.contract_kind,
      checklistStatus: row.checklist_status,
    }));
  }

  /**
   * What choosing each chain would target: the customers the other criteria select (chainId itself
   * aside) that are stores of a chain, counted by chain. Only chains the caller has such a customer
   * in appear, so a vendor learns the name of no chain it does not serve.
   */
  async chains(selection: Selection): Promise<TargetChainDto[]> {
    const params = new SqlParams();
    const from = this.where({ ...selection, chainId: undefined }, params, undefined, `JOIN organizations ch ON ch.id = cu.chain_id AND ch.kind = 'chain'`);
    const rows: { id: string; name: string; customers: number }[] = await this.manager.query(
      `SELECT ch.id, ch.name, count(*)::int AS customers ${from}
        GROUP BY ch.id, ch.name ORDER BY ch.name, ch.id LIMIT ${params.add(MAX_PREVIEW_CHAINS)}`,
      params.values,
    );
    return rows;
  }

  /** Every targeted contract id, in a fixed order (the chunks of a real application). */
  async contractIds(selection: Selection): Promise<string[]> {
    const params = new SqlParams();
    const rows: { id: string }[] = await this.manager.query(`SELECT c.id ${this.where(selection, params)} ORDER BY c.id`, params.values);
    return rows.map((row) => row.id);
  }
}

/** Customers' names by contract, for the failures an application lists. */
export async function customerNames(manager: EntityManager, contractIds: string[]): Promise<Map<string, string>> {
  if (contractIds.length === 0) return new Map();
  const rows: { id: string; name: string }[] = await manager.query('SELECT c.id, cu.name FROM contracts c JOIN organizations cu ON cu.id = c.customer_id WHERE c.id = ANY($1::uuid[])', [
    contractIds,
  ]);
  return new Map(rows.map((row) => [row.id, row.name]));
}
