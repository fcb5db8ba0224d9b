import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { contractVisible, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { todayInJapan } from '../common/fiscal-year';
import { EventsService } from '../events/events.service';
import { EndContractDto } from './contract-end.dto';
import { ContractRow, SELECT_CONTRACT, toContractDto } from './contract-row';
import { contractEnded, isEnded } from './contract-term';
import { CONTRACT_KIND_LABELS, ContractDto, ContractKind, StoredContractStatus } from './contracts.dto';

interface LockedContract {
  vendor_id: string;
  customer_id: string;
  agent_id: string | null;
  kind: ContractKind;
  status: StoredContractStatus;
  starts_on: string;
  ends_on: string | null;
  ended_at: Date | null;
}

/**
 * Ending a contract: either party — the vendor, or the customer pharmacy (or its chain acting for
 * it) — sets its last day. Until the end of that day nothing changes; from the next, the vendor and
 * its agent see nothing new of the customer and deliver nothing more under it, while both keep the
 * history (src/access/visibility.ts). An end is recorded once and is not taken back: parties that
 * carry on make a new contract.
 */
@Injectable()
export class ContractEndService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  async end(principal: Principal, id: string, input: EndContractDto): Promise<ContractDto> {
    const today = todayInJapan();
    const endsOn = input.endsOn ?? today;
    return this.db.transaction(async (manager) => {
      const contract = await this.lock(manager, principal, id);
      const side = contract.vendor_id === principal.organizationId ? 'vendor' : principal.organizationKind === 'vendor' ? 'agent' : 'customer';
      if (side === 'agent') throw AppError.forbidden('An agent cannot end a contract between a vendor and its customer.', 'not_a_party');
      assertCanEnd(contract, endsOn, today);

      await manager.query(
        `UPDATE contracts SET ends_on = $2, ended_at = now(), ended_by_org = $3, ended_by_user = $4, end_reason = $5, updated_at = now() WHERE id = $1`,
        [id, endsOn, principal.organizationId, principal.type === 'user' ? principal.userId : null, input.reason],
      );
      await this.audit.record(
        {
          actor: principal,
          organizationId: principal.organizationId,
          action: 'contract.end',
          target: { type: 'contract', id },
          details: { endsOn, previousEndsOn: contract.ends_on, side, reason: input.reason },
        },
        manager,
      );
      // The other side, and the agent whose access ends with the contract; a store's chain hears what the store hears.
      const otherSide = side === 'vendor' ? contract.customer_id : contract.vendor_id;
      await this.events.publish(manager, {
        type: 'contract.ended',
        recipients: [otherSide, ...(contract.agent_id ? [contract.agent_id] : [])],
        subject: { type: 'contract', id },
        payload: { contractId: id, endsOn, endedBy: side },
        notification: { title: `契約が終了します（${endsOn}まで）`, body: `${CONTRACT_KIND_LABELS[contract.kind]}：${input.reason}`, link: `/contracts/${id}` },
      });
      return this.read(manager, principal, id);
    });
  }

  /** The contract as the caller may see it, locked against a concurrent end, acceptance or write under it; 404 otherwise. */
  private async lock(manager: EntityManager, principal: Principal, id: string): Promise<LockedContract> {
    const params = new SqlParams([id]);
    const [contract]: LockedContract[] = await manager.query(
      `SELECT c.vendor_id, c.customer_id, c.agent_id, c.kind, c.status, to_char(c.starts_on, 'YYYY-MM-DD') AS starts_on,
              to_char(c.ends_on, 'YYYY-MM-DD') AS ends_on, c.ended_at
         FROM contracts c WHERE c.id = $1 AND ${contractVisible(principal, 'c', params)} FOR UPDATE OF c`,
      params.values,
    );
    if (!contract) throw AppError.notFound('contract');
    return contract;
  }

  private async read(manager: EntityManager, principal: Principal, id: string): Promise<ContractDto> {
    const params = new SqlParams([id]);
    const [row]: ContractRow[] = await manager.query(`${SELECT_CONTRACT} WHERE c.id = $1 AND ${contractVisible(principal, 'c', params)}`, params.values);
    return toContractDto(row, principal);
  }
}

/** An active contract not ended yet, and a last day that neither reaches back nor stretches an agreed end. */
function assertCanEnd(contract: LockedContract, endsOn: string, today: string): void {
  if (contract.status !== 'active') {
    throw AppError.conflict('contract_not_active', `契約は有効ではありません。承認待ちの提案は辞退してください (the contract is ${contract.status}: only an active contract is ended; decline a proposal instead).`);
  }
  if (isEnded(contract, today)) throw contractEnded(contract.ends_on as string);
  if (contract.ended_at) {
    throw AppError.conflict('contract_ended', `この契約はすでに終了手続き済みです（終了日 ${contract.ends_on}） (the contract was already ended: its last day is ${contract.ends_on}).`);
  }
  const errors = [];
  if (endsOn < today) errors.push({ field: 'endsOn', message: `must not be in the past (終了日は今日 ${today} 以降にしてください)` });
  else if (endsOn < contract.starts_on) errors.push({ field: 'endsOn', message: `must not be before the contract starts on ${contract.starts_on} (契約開始日より前です)` });
  else if (contract.ends_on !== null && endsOn > contract.ends_on) {
    errors.push({ field: 'endsOn', message: `must not be after the agreed end ${contract.ends_on} (合意済みの終了日より後です)` });
  }
  if (errors.length > 0) throw AppError.invalid(errors, 'The end date is not possible for this contract.');
}
