import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { contractVisible, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { INCIDENT_CONTACT_COLUMNS, IncidentContactRow, incidentContactValues, toIncidentContactDto } from './incident-contact-row';
import type { ContractIncidentContactDto, IncidentContactDto, PublishedIncidentContactDto, PutIncidentContactDto } from './incident-contacts.dto';

/** Who may keep an incident 連絡窓口: vendors, agents (代理店) included; a pharmacy, chain or the operator never does. */
function assertVendor(principal: Principal): void {
  if (principal.organizationKind !== 'vendor') {
    throw AppError.forbidden('インシデント連絡窓口を公開できるのは事業者だけです (only vendors publish an incident contact).', 'vendor_required');
  }
}

/**
 * A vendor's incident 連絡窓口 (for the pharmacies' 連絡体制図, checklist item 3-①): published once
 * for every customer, and overridden per contract where another desk answers (a regional office,
 * an agent's own support). An agent of a contract keeps its own 窓口 beside the vendor's: it is the
 * one that supports or remotely maintains the system (DESIGN.md).
 */
@Injectable()
export class IncidentContactsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async published(principal: Principal): Promise<PublishedIncidentContactDto> {
    assertVendor(principal);
    return { contact: await this.publishedOf(principal.organizationId) };
  }

  async publish(principal: Principal, body: PutIncidentContactDto): Promise<PublishedIncidentContactDto> {
    assertVendor(principal);
    return this.db.transaction(async (manager) => {
      const [row]: IncidentContactRow[] = await manager.query(
        `INSERT INTO incident_contacts (organization_id, contact_name, phone, email, hours, out_of_hours_phone, notes)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (organization_id) DO UPDATE SET contact_name = $2, phone = $3, email = $4, hours = $5, out_of_hours_phone = $6, notes = $7, updated_at = now()
         RETURNING ${INCIDENT_CONTACT_COLUMNS}`,
        [principal.organizationId, ...incidentContactValues(body)],
      );
      await this.audit.record(
        { actor: principal, organizationId: principal.organizationId, action: 'incident_contact.publish', target: { type: 'organization', id: principal.organizationId } },
        manager,
      );
      return { contact: toIncidentContactDto(row) };
    });
  }

  async forContract(principal: Principal, contractId: string): Promise<ContractIncidentContactDto> {
    const party = await this.partyOf(principal, contractId);
    const [override]: IncidentContactRow[] = await this.db.query(
      `SELECT ${INCIDENT_CONTACT_COLUMNS} FROM contract_incident_contacts WHERE contract_id = $1 AND organization_id = $2`,
      [contractId, principal.organizationId],
    );
    return { contractId, party, override: override ? toIncidentContactDto(override) : null, published: await this.publishedOf(principal.organizationId) };
  }

  async override(principal: Principal, contractId: string, body: PutIncidentContactDto): Promise<ContractIncidentContactDto> {
    await this.partyOf(principal, contractId);
    await this.db.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO contract_incident_contacts (contract_id, organization_id, contact_name, phone, email, hours, out_of_hours_phone, notes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (contract_id, organization_id) DO UPDATE SET contact_name = $3, phone = $4, email = $5, hours = $6, out_of_hours_phone = $7, notes = $8, updated_at = now()`,
        [contractId, principal.organizationId, ...incidentContactValues(body)],
      );
      await this.audit.record(
        { actor: principal, organizationId: principal.organizationId, action: 'incident_contact.override', target: { type: 'contract', id: contractId } },
        manager,
      );
    });
    return this.forContract(principal, contractId);
  }

  async removeOverride(principal: Principal, contractId: string): Promise<ContractIncidentContactDto> {
    await this.partyOf(principal, contractId);
    await this.db.transaction(async (manager) => {
      const removed: unknown[] = await manager.query('DELETE FROM contract_incident_contacts WHERE contract_id = $1 AND organization_id = $2 RETURNING 1', [
        contractId,
        principal.organizationId,
      ]);
      if (removed.length === 0) return;
      await this.audit.record(
        { actor: principal, organizationId: principal.organizationId, action: 'incident_contact.override_remove', target: { type: 'contract', id: contractId } },
        manager,
      );
    });
    return this.forContract(principal, contractId);
  }

  private async publishedOf(organizationId: string): Promise<IncidentContactDto | null> {
    const [row]: IncidentContactRow[] = await this.db.query(`SELECT ${INCIDENT_CONTACT_COLUMNS} FROM incident_contacts WHERE organization_id = $1`, [organizationId]);
    return row ? toIncidentContactDto(row) : null;
  }

  /** The caller's side of a contract it is party to as vendor or agent; any other contract is 404. */
  private async partyOf(principal: Principal, contractId: string): Promise<'vendor' | 'agent'> {
    assertVendor(principal);
    const params = new SqlParams([contractId]);
    const [row]: { vendor_id: string }[] = await this.db.query(`SELECT c.vendor_id FROM contracts c WHERE c.id = $1 AND ${contractVisible(principal, 'c', params)}`, params.values);
    if (!row) throw AppError.notFound('contract');
    return row.vendor_id === principal.organizationId ? 'vendor' : 'agent';
  }
}
