import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { disclosureAddressedToContract, disclosureVisible, riskThreadVisible, SqlParams } from '../access/visibility';
import { ChecklistReader } from '../checklists/checklist-reader.service';
import type { ChecklistDto } from '../checklists/checklists.dto';
import { AppError } from '../common/app-error';
import { fiscalYearRange, todayInJapan } from '../common/fiscal-year';
import type { FacilityChecklistDto } from '../facility-checklists/facility-checklists.dto';
import { FacilityChecklistsService } from '../facility-checklists/facility-checklists.service';
import type { FormDefinition } from '../forms/form-definition';
import type { FormUse } from '../forms/form-use';
import { FormsService, noFormForYear } from '../forms/forms.service';
import { RemoteMaintenanceRow, SELECT_REMOTE_MAINTENANCE, toRemoteMaintenanceDto } from '../remote-maintenance/remote-maintenance-row';
import type { RemoteMaintenanceDisclosureDto } from '../remote-maintenance/remote-maintenance.dto';
import { RiskThreadRow, SELECT_RISK_THREAD, toRiskThreadDto } from '../risk-threads/risk-thread-row';
import type { RiskThreadDto } from '../risk-threads/risk-threads.dto';
import { ContactChartService } from '../incident-contacts/contact-chart.service';
import type { ContactChartDto } from '../incident-contacts/incident-contacts.dto';
import type { EvidenceDocumentDto } from '../evidence/evidence-documents.dto';
import { EvidenceDocumentsService } from '../evidence/evidence-documents.service';
import { StandingContractRow, StandingFacility, StandingProductRow, StandingQueries } from '../standing/standing.queries';

/** A published MDS/SDS/RM-SDS addressed to one of the pharmacy's contracts. */
export interface PackDisclosureRow {
  id: string;
  kind: string;
  product_version: string;
  revision: number;
  published_at: Date | null;
  vendor_name: string;
  author_name: string | null;
  product_name: string;
  risk_count: number;
}

/** Everything the pack prints, as the features read it for the caller (their visibility rules applied). */
export interface InspectionPackData {
  facility: StandingFacility;
  fiscalYear: number;
  today: string;
  issuedTo: string;
  /** The pharmacy's first active administrator: who answers for it when 1-① names nobody. */
  adminName: string | null;
  /** Null only for a 年度 before every catalogued 薬局確認用 version (a later 年度 carries the latest forward). */
  own: { checklist: FacilityChecklistDto; form: FormDefinition } | null;
  /** The 事業者確認用 that applies to the 年度 (carried forward where needed); null before every catalogued version. */
  vendorChecklistForm: FormUse | null;
  contracts: StandingContractRow[];
  products: StandingProductRow[];
  /** The latest submitted 事業者確認用 of each contract that has one. */
  sheets: Map<string, { checklist: ChecklistDto; form: FormDefinition }>;
  disclosures: PackDisclosureRow[];
  /** Current remote-maintenance disclosures, by `${contractId}/${productId}`. */
  remoteMaintenance: Map<string, RemoteMaintenanceDisclosureDto>;
  risks: RiskThreadDto[];
  /** The 連絡体制図 as of today (3-①); optional only for data built without it (view checks). */
  contactChart?: ContactChartDto;
  /** The 年度's evidence files not archived (BCP, 規程類, access-log reviews); optional as contactChart is. */
  evidenceDocuments?: EvidenceDocumentDto[];
}

/**
 * Gathers the inspection pack's contents through the features that own them (standing queries,
 * the pharmacy's checklist, the vendors' checklists, disclosures, remote maintenance, risk
 * threads). One statement at a time: a request holds one pooled connection at a time.
 */
@Injectable()
export class InspectionPackGatherer {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly standing: StandingQueries,
    private readonly facilityChecklists: FacilityChecklistsService,
    private readonly checklists: ChecklistReader,
    private readonly forms: FormsService,
    private readonly contactCharts: ContactChartService,
    private readonly evidence: EvidenceDocumentsService,
  ) {}

  /** The pharmacy if the caller acts for it (itself or its chain), else 404. */
  async facility(principal: Principal, pharmacyId: string): Promise<StandingFacility> {
    const facility = await this.standing.facility(this.db.manager, principal, pharmacyId);
    if (!facility) throw AppError.notFound('pharmacy');
    return facility;
  }

  async gather(principal: Principal, facility: StandingFacility, fiscalYear: number): Promise<InspectionPackData> {
    const manager = this.db.manager;
    const contracts = await this.standing.contracts(manager, principal, facility.id, fiscalYear);
    const products = await this.standing.products(manager, principal, facility.id, fiscalYear);
    const own = await this.ownChecklist(principal, facility.id, fiscalYear);
    const sheets = new Map<string, { checklist: ChecklistDto; form: FormDefinition }>();
    for (const contract of contracts) {
      if (contract.checklist_id === null) continue;
      const { dto, form } = await this.checklists.find(manager, principal, contract.contract_id, fiscalYear);
      sheets.set(contract.contract_id, { checklist: dto, form });
    }
    return {
      facility,
      fiscalYear,
      today: todayInJapan(),
      issuedTo: await this.organizationName(manager, principal.organizationId),
      adminName: await this.adminName(manager, facility.id),
      own,
      vendorChecklistForm: await this.forms.applicableUse('vendor_checklist', 'pharmacy', fiscalYear),
      contracts,
      products,
      sheets,
      disclosures: await this.disclosures(manager, principal, contracts.map((c) => c.contract_id)),
      remoteMaintenance: await this.remoteMaintenance(manager, products),
      risks: await this.risks(manager, principal, facility.id, fiscalYear),
      contactChart: await this.contactCharts.chart(principal, facility.id),
      evidenceDocuments: await this.evidence.ofYear(manager, facility.id, fiscalYear),
    };
  }

  /**
   * The pharmacy's own checklist of the 年度, on the version that applies to it: the 年度's own, or
   * the latest earlier one carried forward (令和8年度 on the 令和7年度版 until the operator registers
   * its sheet). Only a 年度 before every catalogued version has none; its pack still shows the vendors' side.
   */
  private async ownChecklist(principal: Principal, facilityId: string, fiscalYear: number): Promise<InspectionPackData['own']> {
    if (!(await this.forms.facilityChecklistFor('pharmacy', fiscalYear).catch(noFormForYear))) return null;
    const checklist = await this.facilityChecklists.get(principal, facilityId, fiscalYear);
    return { checklist, form: await this.forms.get(checklist.formId) };
  }

  private async organizationName(manager: EntityManager, organizationId: string): Promise<string> {
    const [row]: { name: string }[] = await manager.query('SELECT name FROM organizations WHERE id = $1', [organizationId]);
    return row?.name ?? '';
  }

  private async adminName(manager: EntityManager, facilityId: string): Promise<string | null> {
    const [row]: { display_name: string }[] = await manager.query(
      `SELECT display_name FROM users WHERE organization_id = $1 AND role = 'admin' AND disabled_at IS NULL ORDER BY created_at, id LIMIT 1`,
      [facilityId],
    );
    return row?.display_name ?? null;
  }

  /** Published MDS/SDS/RM-SDS addressed to the contracts (already filtered to those in force and visible). */
  private async disclosures(manager: EntityManager, principal: Principal, contractIds: string[]): Promise<PackDisclosureRow[]> {
    if (contractIds.length === 0) return [];
    const params = new SqlParams([contractIds]);
    return manager.query(
      `SELECT d.id, d.kind, d.product_version, d.revision, d.published_at, v.name AS vendor_name,
              CASE WHEN d.author_id <> d.vendor_id THEN au.name END AS author_name, p.name AS product_name,
              (SELECT count(*) FROM disclosure_answers a WHERE a.disclosure_id = d.id AND a.answer IN ('いいえ', '対象外'))::int AS risk_count
         FROM disclosures d
         JOIN products p ON p.id = d.product_id
         JOIN organizations v ON v.id = d.vendor_id
         JOIN organizations au ON au.id = d.author_id
        WHERE d.status = 'published' AND ${disclosureVisible(principal, 'd', params)}
          AND EXISTS (SELECT 1 FROM contracts c WHERE c.id = ANY($1::uuid[]) AND ${disclosureAddressedToContract('d', 'c')})
        ORDER BY v.name, p.name, d.kind, d.product_version, d.id`,
      params.values,
    );
  }

  /**
   * The current disclosure of every covered product that has one. The standing's product rows
   * already carry the caller's visibility (contract and remote-maintenance predicates), so only
   * contracts with a disclosure there are read in full.
   */
  private async remoteMaintenance(manager: EntityManager, products: StandingProductRow[]): Promise<Map<string, RemoteMaintenanceDisclosureDto>> {
    const today = todayInJapan();
    const byKey = new Map<string, RemoteMaintenanceDisclosureDto>();
    const disclosed = new Set(products.filter((p) => p.rm_id !== null).map((p) => p.rm_id));
    for (const contractId of new Set(products.filter((p) => p.rm_id !== null).map((p) => p.contract_id))) {
      const rows: RemoteMaintenanceRow[] = await manager.query(`${SELECT_REMOTE_MAINTENANCE} AND rm.is_current ORDER BY rm.product_id`, [contractId]);
      for (const row of rows) if (disclosed.has(row.id)) byKey.set(`${row.contract_id}/${row.product_id}`, toRemoteMaintenanceDto(row, today));
    }
    return byKey;
  }

  /**
   * Risk items still open: threads not resolved, and those resolved with a fix the vendor plans
   * within or after the 年度 (the risk stays until it is fixed). Checklist threads of other 年度
   * belong to their own pack.
   */
  private async risks(manager: EntityManager, principal: Principal, facilityId: string, fiscalYear: number): Promise<RiskThreadDto[]> {
    const params = new SqlParams([facilityId, fiscalYear, fiscalYearRange(fiscalYear).from]);
    const rows: RiskThreadRow[] = await manager.query(
      `${SELECT_RISK_THREAD}
         LEFT JOIN vendor_checklists pvc ON pvc.id = t.checklist_id
        WHERE t.customer_id = $1 AND ${riskThreadVisible(principal, 't', params)}
          AND (t.checklist_id IS NULL OR pvc.fiscal_year = $2)
          AND (t.status <> 'resolved' OR (t.outcome = 'fix_planned' AND t.fix_due_on >= $3::date))
        ORDER BY t.status = 'resolved', t.due_on NULLS LAST, t.created_at, t.id`,
      params.values,
    );
    const today = todayInJapan();
    return rows.map((row) => toRiskThreadDto(row, principal, today));
  }
}

