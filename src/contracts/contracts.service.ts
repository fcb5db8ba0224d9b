import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { contractVisible, customerFacilities, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { EventsService } from '../events/events.service';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Page, pageSize, toPage } from '../common/pagination';
import { listOrder } from '../sync/list-order';
import { AcceptContractDto, CONTRACT_KIND_LABELS, ContractDto, ContractQueryDto, ProposeContractDto } from './contracts.dto';
import { ContractRow, SELECT_CONTRACT, toContractDto } from './contract-row';
import { shownStatusFilter } from './contract-term';
import { assertVendorProducts, checkProposalParties, insertProposedContract, openProposal } from './contract-proposal';

/**
 * Contracts between a vendor and a customer facility. Either side proposes; the contract is active
 * only once the other side accepts.
 */
@Injectable()
export class ContractsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async propose(principal: Principal, input: ProposeContractDto): Promise<ContractDto> {
    await openProposal(this.db, this.config.contractProposalsPerHour, principal.organizationId, input);
    const parties = principal.organizationKind === 'vendor' ? await this.vendorProposal(principal, input) : await this.customerProposal(principal, input);
    await checkProposalParties(this.db.manager, parties, input);

    return this.db.transaction(async (manager) => {
      const id = await insertProposedContract(manager, this.audit, { principal, ...parties, terms: input });
      await this.events.publish(manager, {
        type: 'contract.proposed',
        recipients: [parties.side === 'vendor' ? parties.customerId : parties.vendorId],
        subject: { type: 'contract', id },
        payload: { contractId: id, kind: input.kind, proposedBy: parties.side },
        notification: { title: '契約の承認依頼が届きました', body: CONTRACT_KIND_LABELS[input.kind], link: `/contracts/${id}` },
      });
      return this.findVisible(manager, principal, id);
    });
  }

  async accept(principal: Principal, id: string, input: AcceptContractDto): Promise<ContractDto> {
    return this.decide(principal, id, 'active', input.productIds);
  }

  async decline(principal: Principal, id: string): Promise<ContractDto> {
    return this.decide(principal, id, 'declined');
  }

  async list(principal: Principal, query: ContractQueryDto): Promise<Page<ContractDto>> {
    const params = new SqlParams();
    const where = [contractVisible(principal, 'c', params)];
    if (query.status) where.push(shownStatusFilter(query.status, 'c', params));
    if (query.kind) where.push(`c.kind = ${params.add(query.kind)}`);
    if (query.vendorId) where.push(`c.vendor_id = ${params.add(query.vendorId)}`);
    if (query.customerId) where.push(`c.customer_id = ${params.add(query.customerId)}`);
    if (query.role) where.push(`c.${query.role === 'agent' ? 'agent_id' : 'vendor_id'} = ${params.add(principal.organizationId)}`);
    if (query.pharmacyCode) where.push(pharmacyCodeFilter(principal, query.pharmacyCode, params));
    const order = listOrder(query, 'c', params);
    where.push(...order.where);
    const size = pageSize(query);
    const rows: ContractRow[] = await this.db.query(`${SELECT_CONTRACT} WHERE ${where.join(' AND ')} ORDER BY ${order.orderBy} LIMIT ${params.add(size + 1)}`, params.values);
    return toPage(rows, size, order.keyOf, (row) => toContractDto(row, principal));
  }

  get(principal: Principal, id: string): Promise<ContractDto> {
    return this.findVisible(this.db.manager, principal, id);
  }

  private async decide(principal: Principal, id: string, outcome: 'active' | 'declined', productIds?: string[]): Promise<ContractDto> {
    return this.db.transaction(async (manager) => {
      const params = new SqlParams([id]);
      const [contract]: { vendor_id: string; customer_id: string; agent_id: string | null; status: string; proposed_by: 'vendor' | 'customer'; product_count: string }[] = await manager.query(
        `SELECT c.vendor_id, c.customer_id, c.agent_id, c.status, c.proposed_by, (SELECT count(*) FROM contract_products cp WHERE cp.contract_id = c.id) AS product_count
           FROM contracts c WHERE c.id = $1 AND ${contractVisible(principal, 'c', params)} FOR UPDATE OF c`,
        params.values,
      );
      if (!contract) throw AppError.notFound('contract');
      const principalSide = principal.organizationId === contract.vendor_id ? 'vendor' : principal.organizationKind === 'vendor' ? 'agent' : 'customer';
      if (principalSide === 'agent') throw AppError.forbidden('An agent cannot accept or decline a contract between a vendor and its customer.', 'not_a_party');
      if (principalSide === contract.proposed_by) throw AppError.forbidden('The other side of the contract accepts or declines your proposal.', 'own_proposal');
      if (contract.status !== 'proposed') throw AppError.conflict('contract_not_proposed', `The contract is already ${contract.status}.`);
      if (outcome === 'active' && principalSide === 'vendor') {
        if (productIds?.length) {
          await assertVendorProducts(manager, contract.vendor_id, productIds);
          await this.replaceProducts(manager, id, productIds);
        } else if (Number(contract.product_count) === 0) {
          throw AppError.invalid([{ field: 'productIds', message: 'name the products this contract covers' }], 'The proposal names no products.');
        }
      } else if (productIds?.length) {
        throw AppError.invalid([{ field: 'productIds', message: 'only the vendor sets the products when accepting' }]);
      }
      await manager.query(`UPDATE contracts SET status = $2, decided_at = now(), decided_by_user = $3, updated_at = now() WHERE id = $1`, [id, outcome, userIdOf(principal)]);
      await this.audit.record(
        { actor: principal, organizationId: principal.organizationId, action: outcome === 'active' ? 'contract.accept' : 'contract.decline', target: { type: 'contract', id } },
        manager,
      );
      if (outcome === 'active') {
        await this.events.publish(manager, {
          type: 'contract.accepted',
          recipients: [contract.vendor_id, contract.customer_id, ...(contract.agent_id ? [contract.agent_id] : [])],
          subject: { type: 'contract', id },
          payload: { contractId: id },
          notification: { title: '契約が有効になりました', link: `/contracts/${id}` },
        });
      }
      return this.findVisible(manager, principal, id);
    });
  }

  private async vendorProposal(principal: Principal, input: ProposeContractDto) {
    if (!input.pharmacyCode) throw AppError.invalid([{ field: 'pharmacyCode', message: "is required: the customer pharmacy's 保険薬局コード" }]);
    if (!input.productIds?.length) throw AppError.invalid([{ field: 'productIds', message: 'name at least one of your products' }]);
    if (input.vendorId || input.vendorCorporateNumber || input.customerId) {
      throw AppError.invalid([{ field: 'vendorId', message: 'a vendor proposes by pharmacyCode only' }]);
    }
    const [customer]: { id: string }[] = await this.db.query(`SELECT id FROM organizations WHERE pharmacy_code = $1 AND kind = 'pharmacy'`, [input.pharmacyCode]);
    if (!customer) {
      throw AppError.unprocessable('customer_not_found', 'この保険薬局コードの薬局には提案を送れません。コードをご確認ください (no proposal can be sent to this 保険薬局コード: check the code).');
    }
    return { vendorId: principal.organizationId, customerId: customer.id, side: 'vendor' as const };
  }

  private async customerProposal(principal: Principal, input: ProposeContractDto) {
    if (principal.organizationKind !== 'pharmacy' && principal.organizationKind !== 'chain') {
      throw AppError.forbidden('Only vendors and their customers enter contracts.', 'not_a_party');
    }
    if (input.pharmacyCode) throw AppError.invalid([{ field: 'pharmacyCode', message: 'is for vendors proposing; name the vendor instead' }]);
    if (!input.vendorId && !input.vendorCorporateNumber) throw AppError.invalid([{ field: 'vendorId', message: 'name the vendor (vendorId or vendorCorporateNumber)' }]);
    // By 法人番号: never a choice among vendors. It is unique among vendors (a unique index); should
    // two ever hold it, the proposal is refused rather than sent to whichever came first.
    const vendors: { id: string }[] = input.vendorId
      ? await this.db.query(`SELECT id FROM organizations WHERE id = $1 AND kind = 'vendor'`, [input.vendorId])
      : await this.db.query(`SELECT id FROM organizations WHERE corporate_number = $1 AND kind = 'vendor' LIMIT 2`, [input.vendorCorporateNumber]);
    const [vendor] = vendors.length === 1 ? vendors : [];
    if (!vendor) throw AppError.unprocessable('vendor_not_found', 'この事業者には提案を送れません。事業者の指定をご確認ください (no proposal can be sent to this vendor: check its id or 法人番号).');
    const customerId = input.customerId ?? (principal.organizationKind === 'pharmacy' ? principal.organizationId : undefined);
    if (!customerId) throw AppError.invalid([{ field: 'customerId', message: 'a chain names the store the contract is for' }]);
    const params = new SqlParams([customerId]);
    const [facility]: unknown[] = await this.db.query(`SELECT 1 FROM organizations WHERE id = $1 AND kind = 'pharmacy' AND id IN ${customerFacilities(principal, params)}`, params.values);
    if (!facility) throw AppError.notFound('pharmacy');
    return { vendorId: vendor.id, customerId, side: 'customer' as const };
  }

  private async replaceProducts(manager: EntityManager, contractId: string, productIds: string[]): Promise<void> {
    await manager.query('DELETE FROM contract_products WHERE contract_id = $1', [contractId]);
    if (productIds.length > 0) {
      await manager.query('INSERT INTO contract_products (contract_id, product_id) SELECT $1, unnest($2::uuid[])', [contractId, productIds]);
    }
  }

  private async findVisible(manager: EntityManager, principal: Principal, id: string): Promise<ContractDto> {
    const params = new SqlParams([id]);
    const [row]: ContractRow[] = await manager.query(`${SELECT_CONTRACT} WHERE c.id = $1 AND ${contractVisible(principal, 'c', params)}`, params.values);
    if (!row) throw AppError.notFound('contract');
    return toContractDto(row, principal);
  }
}

function userIdOf(principal: Principal): string | null {
  return principal.type === 'user' ? principal.userId : null;
}

/**
 * Contracts with one pharmacy by its 保険薬局コード. The filter reveals no more than the list shows:
 * an agent learns a customer's code only once the contract is active or the customer proposed it
 * (toContractDto), so a proposal between others is not matched for it.
 */
function pharmacyCodeFilter(principal: Principal, pharmacyCode: string, params: SqlParams): string {
  const code = `EXISTS (SELECT 1 FROM organizations pc WHERE pc.id = c.customer_id AND pc.pharmacy_code = ${params.add(pharmacyCode)})`;
  if (principal.organizationKind !== 'vendor') return code;
  return `(${code} AND (c.vendor_id = ${params.add(principal.organizationId)} OR c.status = 'active' OR c.proposed_by = 'customer'))`;
}
