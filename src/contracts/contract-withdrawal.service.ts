import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { contractVisible, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { EventsService } from '../events/events.service';
import { ContractRow, SELECT_CONTRACT, toContractDto } from './contract-row';
import { CONTRACT_KIND_LABELS, CONTRACT_STATUS_LABELS, ContractDto, ContractKind, StoredContractStatus } from './contracts.dto';

interface LockedProposal {
  vendor_id: string;
  customer_id: string;
  agent_id: string | null;
  kind: ContractKind;
  status: StoredContractStatus;
  proposed_by: 'vendor' | 'customer';
}

/**
 * Withdrawing a proposal: the side that proposed takes it back while the other side has not
 * answered. The row stays (status `withdrawn`), so both sides' history and the audit log keep it;
 * the side that received the proposal is told, since it may be about to accept it.
 */
@Injectable()
export class ContractWithdrawalService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  async withdraw(principal: Principal, id: string): Promise<ContractDto> {
    return this.db.transaction(async (manager) => {
      const proposal = await this.lock(manager, principal, id);
      const side = principal.organizationId === proposal.vendor_id ? 'vendor' : principal.organizationKind === 'vendor' ? 'agent' : 'customer';
      if (side === 'agent') throw AppError.forbidden('代理店は契約の提案を取り下げられません (an agent is not a party to the proposal).', 'not_a_party');
      if (side !== proposal.proposed_by) {
        throw AppError.forbidden('取り下げられるのは提案した側だけです。受け取った提案は辞退してください (only the proposing side withdraws; decline a proposal you received).', 'not_proposer');
      }
      if (proposal.status !== 'proposed') {
        throw AppError.conflict(
          'contract_not_proposed',
          `この提案はすでに「${CONTRACT_STATUS_LABELS[proposal.status]}」のため取り下げられません (the contract is already ${proposal.status}: only a proposal not yet answered is withdrawn).`,
        );
      }
      await manager.query(`UPDATE contracts SET status = 'withdrawn', decided_at = now(), decided_by_user = $2, updated_at = now() WHERE id = $1`, [
        id,
        principal.type === 'user' ? principal.userId : null,
      ]);
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'contract.withdraw', target: { type: 'contract', id }, details: { side } }, manager);
      await this.events.publish(manager, {
        type: 'contract.withdrawn',
        recipients: [side === 'vendor' ? proposal.customer_id : proposal.vendor_id],
        subject: { type: 'contract', id },
        payload: { contractId: id, withdrawnBy: side },
        notification: { title: '契約の提案が取り下げられました', body: CONTRACT_KIND_LABELS[proposal.kind], link: `/contracts/${id}` },
      });
      const params = new SqlParams([id]);
      const [row]: ContractRow[] = await manager.query(`${SELECT_CONTRACT} WHERE c.id = $1 AND ${contractVisible(principal, 'c', params)}`, params.values);
      return toContractDto(row, principal);
    });
  }

  /** The proposal as the caller may see it, locked against a concurrent acceptance; 404 otherwise. */
  private async lock(manager: EntityManager, principal: Principal, id: string): Promise<LockedProposal> {
    const params = new SqlParams([id]);
    const [proposal]: LockedProposal[] = await manager.query(
      `SELECT c.vendor_id, c.customer_id, c.agent_id, c.kind, c.status, c.proposed_by FROM contracts c WHERE c.id = $1 AND ${contractVisible(principal, 'c', params)} FOR UPDATE OF c`,
      params.values,
    );
    if (!proposal) throw AppError.notFound('contract');
    return proposal;
  }
}
