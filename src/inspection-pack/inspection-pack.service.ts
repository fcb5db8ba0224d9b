import { Injectable } from '@nestjs/common';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { renderInspectionPackPdf } from '../pdf/inspection-pack-pdf';
import type { InspectionPackView } from '../pdf/inspection-pack.types';
import type { StandingFacility } from '../standing/standing.queries';
import { packFileName } from './inspection-pack-files';
import { InspectionPackData, InspectionPackGatherer } from './inspection-pack-gatherer.service';
import { inspectionPackView } from './inspection-pack-view';

export interface RenderedPack {
  bytes: Uint8Array;
  filename: string;
}

/**
 * One pharmacy's inspection pack for a 年度, as a PDF. Every download is audited: the pack holds
 * the pharmacy's remote-maintenance map, the most sensitive data Kaiji keeps.
 */
@Injectable()
export class InspectionPackService {
  constructor(
    private readonly gatherer: InspectionPackGatherer,
    private readonly audit: AuditService,
  ) {}

  async render(principal: Principal, pharmacyId: string, fiscalYear: number): Promise<RenderedPack> {
    const facility = await this.gatherer.facility(principal, pharmacyId);
    return this.renderFor(principal, facility, fiscalYear, 'pharmacy');
  }

  /** The pack of a facility the caller was already found to act for (`via` says through which route). */
  async renderFor(principal: Principal, facility: StandingFacility, fiscalYear: number, via: 'pharmacy' | 'chain_zip'): Promise<RenderedPack> {
    const data = await this.gatherer.gather(principal, facility, fiscalYear);
    const bytes = await renderInspectionPackPdf(inspectionPackView(data));
    await this.audit.record({
      actor: principal,
      organizationId: principal.organizationId,
      action: 'inspection_pack.download',
      target: { type: 'organization', id: facility.id },
      details: { fiscalYear, via, ...contentsOf(data) },
    });
    return { bytes, filename: packFileName(facility, fiscalYear) };
  }

  /** The view model alone (previews, rendering checks); not audited, as nothing leaves the server. */
  async view(principal: Principal, pharmacyId: string, fiscalYear: number): Promise<InspectionPackView> {
    const facility = await this.gatherer.facility(principal, pharmacyId);
    return inspectionPackView(await this.gatherer.gather(principal, facility, fiscalYear));
  }
}

/** Which protected records went into the pack, for the audit log. */
function contentsOf(data: InspectionPackData) {
  return {
    facilityChecklistId: data.own?.checklist.id ?? null,
    checklists: [...data.sheets.values()].map(({ checklist }) => ({ id: checklist.id, revision: checklist.revision })),
    disclosures: data.disclosures.map((d) => d.id),
    remoteMaintenance: [...data.remoteMaintenance.values()].map((rm) => ({ id: rm.id, productId: rm.productId, revision: rm.revision })),
    riskThreads: data.risks.map((t) => t.id),
    evidenceDocuments: (data.evidenceDocuments ?? []).map((d) => d.id),
  };
}
