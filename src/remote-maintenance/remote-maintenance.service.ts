import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorId, Principal } from '../access/principal';
import { disclosureAddressedToContract, disclosureVisible, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError, FieldError } from '../common/app-error';
import { EventsService } from '../events/events.service';
import { RemoteMaintenanceContract, RemoteMaintenanceReader } from './remote-maintenance-reader.service';
import { remoteMaintenanceInputErrors } from './remote-maintenance-rules';
import { RemoteMaintenanceRow, SELECT_REMOTE_MAINTENANCE } from './remote-maintenance-row';
import type { ConfirmRemoteMaintenanceDto, PutRemoteMaintenanceDto, RemoteMaintenanceDisclosureDto } from './remote-maintenance.dto';
import { assertNotEnded } from '../contracts/contract-term';

/** The stored columns a revision is made of; two revisions with the same values are the same disclosure. */
type Columns = Record<(typeof COLUMNS)[number], string | boolean | null>;
const COLUMNS = [
  'author_id',
  'in_use',
  'devices',
  'connection_method',
  'connection_note',
  'gateway_maker',
  'gateway_model',
  'gateway_firmware',
  'gateway_patched_on',
  'two_factor',
  'source_restricted',
  'session_logging',
  'availability',
  'unique_credentials',
  'rm_sds_disclosure_id',
  'notes',
] as const;

const text = (value: string | undefined) => value?.trim() || null;

/**
 * Writing remote-maintenance disclosures (checklist item 2-②): whoever performs the maintenance —
 * the contract's vendor or its agent — discloses it per product; each change is a new revision the
 * pharmacy confirms again.
 */
@Injectable()
export class RemoteMaintenanceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reader: RemoteMaintenanceReader,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  async disclose(principal: Principal, contractId: string, body: PutRemoteMaintenanceDto): Promise<RemoteMaintenanceDisclosureDto> {
    const input: PutRemoteMaintenanceDto = { ...body, productId: body.productId.toLowerCase(), rmSdsDisclosureId: body.rmSdsDisclosureId?.toLowerCase() };
    if (input.rmSdsDisclosureId === undefined) delete input.rmSdsDisclosureId;
    const visible = await this.reader.contract(this.db.manager, principal, contractId);
    if (principal.organizationKind !== 'vendor') {
      throw AppError.forbidden('Remote maintenance is disclosed by whoever performs it: the vendor or its agent. The pharmacy confirms it.', 'maintainer_required');
    }
    if (visible.status !== 'active') throw AppError.conflict('contract_not_active', 'The contract is not active yet: the customer has to accept it first.');
    assertNotEnded(visible);
    const errors = remoteMaintenanceInputErrors(input);
    if (!visible.products.some((product) => product.id === input.productId)) errors.unshift({ field: 'productId', message: 'is not a product this contract covers' });
    if (errors.length > 0) throw AppError.invalid(errors, 'The remote-maintenance disclosure is incomplete or inconsistent.');
    const columns = toColumns(principal.organizationId, input);

    await this.db.transaction(async (manager) => {
      const contract = await this.reader.contract(manager, principal, contractId, true);
      assertNotEnded(contract);
      if (input.rmSdsDisclosureId) await this.assertRmSds(manager, principal, contract, input.productId, input.rmSdsDisclosureId);
      const [current]: (RemoteMaintenanceRow & { gateway_patched_on: string | null })[] = await manager.query(
        `${SELECT_REMOTE_MAINTENANCE} AND rm.product_id = $2 AND rm.is_current`,
        [contractId, input.productId],
      );
      const unchanged = current !== undefined && COLUMNS.every((column) => (current as unknown as Columns)[column] === columns[column]);
      if (unchanged) {
        // A system re-sending what it sent before changes nothing: the pharmacy's confirmation stands.
        await this.audit.record(auditEntry(principal, current.id, contractId, input.productId, current.revision, true), manager);
        return;
      }
      await manager.query(`UPDATE remote_maintenance_disclosures SET is_current = false WHERE contract_id = $1 AND product_id = $2 AND is_current`, [contractId, input.productId]);
      const [created]: { id: string; revision: number }[] = await manager.query(
        `INSERT INTO remote_maintenance_disclosures (contract_id, product_id, revision, is_current, created_by, ${COLUMNS.join(', ')})
         SELECT $1, $2, coalesce(max(revision), 0) + 1, true, $3, ${COLUMNS.map((_, i) => `$${i + 4}`).join(', ')}
           FROM remote_maintenance_disclosures WHERE contract_id = $1 AND product_id = $2
         RETURNING id, revision`,
        [contractId, input.productId, actorId(principal), ...COLUMNS.map((column) => columns[column])],
      );
      await this.audit.record(auditEntry(principal, created.id, contractId, input.productId, created.revision, false), manager);
      const productName = contract.products.find((product) => product.id === input.productId)?.name ?? '';
      await this.events.publish(manager, {
        type: 'remote_maintenance.disclosed',
        recipients: [contract.customer_id],
        subject: { type: 'remote_maintenance_disclosure', id: created.id },
        payload: { disclosureId: created.id, contractId, productId: input.productId, revision: created.revision, authorId: principal.organizationId },
        notification: {
          title: 'リモートメンテナンスの開示が届きました。内容を確認してください',
          body: `${contract.vendor_name}「${productName}」第${created.revision}版`,
          link: `/contracts/${contractId}/remote-maintenance`,
        },
      });
    });
    // Read after commit: reading inside the transaction would take a second pooled connection.
    return (await this.reader.current(this.db.manager, contractId, input.productId)) as RemoteMaintenanceDisclosureDto;
  }

  async confirm(principal: Principal, contractId: string, body: ConfirmRemoteMaintenanceDto): Promise<RemoteMaintenanceDisclosureDto> {
    const input = { ...body, productId: body.productId.toLowerCase() };
    const visible = await this.reader.contract(this.db.manager, principal, contractId);
    if (principal.organizationKind !== 'pharmacy' && principal.organizationKind !== 'chain') {
      throw AppError.forbidden('The pharmacy (or its chain) confirms a remote-maintenance disclosure, not the party that wrote it.', 'customer_required');
    }
    if (!visible.products.some((product) => product.id === input.productId)) throw AppError.invalid([{ field: 'productId', message: 'is not a product this contract covers' }]);

    await this.db.transaction(async (manager) => {
      // The contract's lock orders this after (or before) a concurrent new revision, never between.
      await this.reader.contract(manager, principal, contractId, true);
      const [current]: { id: string; revision: number; author_id: string; confirmed_at: Date | null }[] = await manager.query(
        `SELECT id, revision, author_id, confirmed_at FROM remote_maintenance_disclosures WHERE contract_id = $1 AND product_id = $2 AND is_current FOR UPDATE`,
        [contractId, input.productId],
      );
      if (!current) throw AppError.notFound('remote-maintenance disclosure');
      if (current.revision !== input.revision) {
        throw new AppError(
          HttpStatus.CONFLICT,
          'revision_not_current',
          'Conflict',
          `Revision ${input.revision} is not the current disclosure: read revision ${current.revision} and confirm that one.`,
          { currentRevision: current.revision },
        );
      }
      // Confirming again what is confirmed changes nothing; the first confirmation stands.
      if (current.confirmed_at !== null) return;
      await manager.query(`UPDATE remote_maintenance_disclosures SET confirmed_at = now(), confirmed_by = $2, confirmed_by_org = $3 WHERE id = $1`, [
        current.id,
        actorId(principal),
        principal.organizationId,
      ]);
      await this.audit.record(
        {
          actor: principal,
          organizationId: principal.organizationId,
          action: 'remote_maintenance.confirm',
          target: { type: 'remote_maintenance_disclosure', id: current.id },
          details: { contractId, productId: input.productId, revision: current.revision },
        },
        manager,
      );
      const productName = visible.products.find((product) => product.id === input.productId)?.name ?? '';
      await this.events.publish(manager, {
        type: 'remote_maintenance.confirmed',
        recipients: [current.author_id],
        subject: { type: 'remote_maintenance_disclosure', id: current.id },
        payload: { disclosureId: current.id, contractId, productId: input.productId, revision: current.revision, confirmedBy: principal.organizationId },
        notification: {
          title: '薬局がリモートメンテナンスの開示を確認しました',
          body: `${visible.customer_name}「${productName}」第${current.revision}版`,
          link: `/contracts/${contractId}/remote-maintenance`,
        },
      });
    });
    return (await this.reader.current(this.db.manager, contractId, input.productId)) as RemoteMaintenanceDisclosureDto;
  }

  /** The RM-SDS referred to: the writer's own, published, of this product, addressed to this contract's customer. */
  private async assertRmSds(manager: EntityManager, principal: Principal, contract: RemoteMaintenanceContract, productId: string, disclosureId: string): Promise<void> {
    const params = new SqlParams([disclosureId, productId, principal.organizationId, contract.id]);
    const [found]: unknown[] = await manager.query(
      `SELECT 1 FROM disclosures d JOIN contracts c ON c.id = $4
        WHERE d.id = $1 AND d.kind = 'RM-SDS' AND d.product_id = $2 AND d.author_id = $3
          AND ${disclosureAddressedToContract('d', 'c')} AND ${disclosureVisible(principal, 'd', params)}`,
      params.values,
    );
    if (!found) {
      const error: FieldError = { field: 'rmSdsDisclosureId', message: 'must be your published RM-SDS of this product, addressed to this customer' };
      throw AppError.invalid([error], 'The remote-maintenance disclosure is incomplete or inconsistent.');
    }
  }
}

function toColumns(authorId: string, input: PutRemoteMaintenanceDto): Columns {
  return {
    author_id: authorId,
    in_use: input.inUse,
    devices: text(input.devices),
    connection_method: input.connectionMethod ?? null,
    connection_note: text(input.connectionNote),
    gateway_maker: input.gateway?.maker ?? null,
    gateway_model: input.gateway?.model ?? null,
    gateway_firmware: input.gateway?.firmwareVersion ?? null,
    gateway_patched_on: input.gateway?.lastPatchedOn ?? null,
    two_factor: input.twoFactor ?? null,
    source_restricted: input.sourceRestricted ?? null,
    session_logging: input.sessionLogging ?? null,
    availability: input.availability ?? null,
    unique_credentials: input.uniqueCredentials ?? null,
    rm_sds_disclosure_id: input.rmSdsDisclosureId ?? null,
    notes: text(input.notes),
  };
}

function auditEntry(principal: Principal, id: string, contractId: string, productId: string, revision: number, unchanged: boolean) {
  return {
    actor: principal,
    organizationId: principal.organizationId,
    action: 'remote_maintenance.disclose',
    target: { type: 'remote_maintenance_disclosure', id },
    details: { contractId, productId, revision, unchanged },
  };
}
