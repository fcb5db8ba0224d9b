import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { contractInForce, contractVisible, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { todayInJapan } from '../common/fiscal-year';
import { StandingQueries } from '../standing/standing.queries';
import { INCIDENT_CONTACT_COLUMNS, IncidentContactRow, toIncidentContactDto } from './incident-contact-row';
import type { ChartContractDto, ChartPartyContactDto, ContactChartDto, OwnContactDto, OwnContactsDto, PutOwnContactsDto } from './incident-contacts.dto';

interface ChartContractRow {
  contract_id: string;
  kind: string;
  vendor_id: string;
  vendor_name: string;
  agent_id: string | null;
  agent_name: string | null;
  product_names: string[];
}

/** The own-organization routes (/v1/contact-chart…) are a pharmacy's; a chain reads its stores' charts by id. */
export function assertPharmacy(principal: Principal): void {
  if (principal.organizationKind !== 'pharmacy') {
    throw AppError.forbidden('連絡体制図は薬局のものです。本部は店舗ごとに /v1/pharmacies/{id}/contact-chart を参照してください (the contact chart is a pharmacy’s).', 'pharmacy_required');
  }
}

/**
 * The 連絡体制図 (checklist item 3-①): the pharmacy's own contacts, then for each contract in force
 * today the vendor's and its agent's incident 連絡窓口 in effect — the contract's override, else the
 * published one, else 未登録 (so the pharmacy knows whom to ask). The pharmacy and its chain read it
 * (the facility is decided as for the standing and the inspection pack); anyone else gets 404.
 */
@Injectable()
export class ContactChartService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly standing: StandingQueries,
    private readonly audit: AuditService,
  ) {}

  async ownContacts(principal: Principal): Promise<OwnContactsDto> {
    assertPharmacy(principal);
    return { contacts: await this.ownContactsOf(this.db.manager, principal.organizationId) };
  }

  /** Replaces the list as sent, in its order; the DTO has bounded it, so nothing is written on bad input. */
  async replaceOwnContacts(principal: Principal, body: PutOwnContactsDto): Promise<OwnContactsDto> {
    assertPharmacy(principal);
    const rows = body.contacts.map((contact, position) => ({ position, role: contact.role, name: contact.name, phone: contact.phone ?? null, email: contact.email ?? null, notes: contact.notes ?? null }));
    return this.db.transaction(async (manager) => {
      await manager.query('DELETE FROM pharmacy_contacts WHERE organization_id = $1', [principal.organizationId]);
      await manager.query(
        `INSERT INTO pharmacy_contacts (organization_id, position, role, name, phone, email, notes)
         SELECT $1, r.position, r.role, r.name, r.phone, r.email, r.notes
           FROM jsonb_to_recordset($2::jsonb) AS r(position int, role text, name text, phone text, email text, notes text)`,
        [principal.organizationId, JSON.stringify(rows)],
      );
      await this.audit.record(
        { actor: principal, organizationId: principal.organizationId, action: 'contact_chart.own_contacts_update', target: { type: 'organization', id: principal.organizationId }, details: { count: rows.length } },
        manager,
      );
      return { contacts: await this.ownContactsOf(manager, principal.organizationId) };
    });
  }

  async chart(principal: Principal, pharmacyId: string): Promise<ContactChartDto> {
    const manager = this.db.manager;
    const facility = await this.standing.facility(manager, principal, pharmacyId);
    if (!facility) throw AppError.notFound('pharmacy');
    const today = todayInJapan();
    const params = new SqlParams([facility.id]);
    const rows: ChartContractRow[] = await manager.query(
      `SELECT c.id AS contract_id, c.kind, c.vendor_id, v.name AS vendor_name, c.agent_id, a.name AS agent_name,
              ARRAY(SELECT p.name FROM contract_products cp JOIN products p ON p.id = cp.product_id WHERE cp.contract_id = c.id ORDER BY p.name) AS product_names
         FROM contracts c
         JOIN organizations v ON v.id = c.vendor_id
         LEFT JOIN organizations a ON a.id = c.agent_id
        WHERE c.customer_id = $1 AND ${contractInForce('c', params, today)} AND ${contractVisible(principal, 'c', params)}
        ORDER BY v.name, c.starts_on, c.id`,
      params.values,
    );
    const contracts = await this.withContacts(manager, rows);
    return {
      pharmacyId: facility.id,
      pharmacyName: facility.name,
      pharmacyCode: facility.pharmacy_code,
      ownContacts: await this.ownContactsOf(manager, facility.id),
      contracts,
      missingCount: contracts.reduce((sum, c) => sum + c.contacts.filter((p) => p.source === 'missing').length, 0),
      asOf: today,
    };
  }

  /** Two statements for the whole chart: the published 窓口 of every party, and the contracts' overrides. */
  private async withContacts(manager: EntityManager, rows: ChartContractRow[]): Promise<ChartContractDto[]> {
    if (rows.length === 0) return [];
    const organizations = [...new Set(rows.flatMap((r) => (r.agent_id ? [r.vendor_id, r.agent_id] : [r.vendor_id])))];
    const published: (IncidentContactRow & { organization_id: string })[] = await manager.query(
      `SELECT organization_id, ${INCIDENT_CONTACT_COLUMNS} FROM incident_contacts WHERE organization_id = ANY($1::uuid[])`,
      [organizations],
    );
    const overrides: (IncidentContactRow & { organization_id: string; contract_id: string })[] = await manager.query(
      `SELECT contract_id, organization_id, ${INCIDENT_CONTACT_COLUMNS} FROM contract_incident_contacts WHERE contract_id = ANY($1::uuid[])`,
      [rows.map((r) => r.contract_id)],
    );
    const publishedBy = new Map(published.map((row) => [row.organization_id, row]));
    const overrideBy = new Map(overrides.map((row) => [`${row.contract_id}/${row.organization_id}`, row]));
    const partyContact = (row: ChartContractRow, party: 'vendor' | 'agent', organizationId: string, organizationName: string): ChartPartyContactDto => {
      const override = overrideBy.get(`${row.contract_id}/${organizationId}`);
      const own = publishedBy.get(organizationId);
      const chosen = override ?? own;
      return { organizationId, organizationName, party, source: override ? 'contract' : own ? 'published' : 'missing', contact: chosen ? toIncidentContactDto(chosen) : null };
    };
    return rows.map((row) => ({
      contractId: row.contract_id,
      kind: row.kind,
      productNames: row.product_names,
      contacts: [
        partyContact(row, 'vendor', row.vendor_id, row.vendor_name),
        ...(row.agent_id && row.agent_name ? [partyContact(row, 'agent', row.agent_id, row.agent_name)] : []),
      ],
    }));
  }

  private async ownContactsOf(manager: EntityManager, organizationId: string): Promise<OwnContactDto[]> {
    return manager.query('SELECT role, name, phone, email, notes FROM pharmacy_contacts WHERE organization_id = $1 ORDER BY position', [organizationId]);
  }
}
