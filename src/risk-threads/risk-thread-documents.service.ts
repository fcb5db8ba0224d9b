import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { checklistVisible, customerFacilities, disclosureVisible, disclosureVisibleToFacility, SqlParams } from '../access/visibility';
import { AppError } from '../common/app-error';
import type { FormDefinition } from '../forms/form-definition';
import { FormsService } from '../forms/forms.service';
import { checklistLabel, disclosureLabel } from './document-labels';
import type { RiskDocumentType, RiskThreadDocumentStateDto, RiskThreadSnapshotDto } from './risk-threads.dto';

/** The document and item a thread is opened on, as found for one customer facility. */
export interface ThreadDocument {
  vendorId: string;
  disclosureId: string | null;
  checklistId: string | null;
  snapshot: RiskThreadSnapshotDto;
}

interface DisclosureItemRow {
  id: string;
  kind: string;
  status: string;
  revision: number;
  vendor_id: string;
  vendor_name: string;
  author_id: string;
  author_name: string;
  product_id: string;
  product_name: string;
  product_version: string;
  form_id: string;
  published_at: Date | null;
  answer: string | null;
  remarks: string | null;
  item_text: string | null;
  section: string | null;
}

interface ChecklistItemRow {
  id: string;
  revision: number;
  status: string;
  fiscal_year: number;
  form_id: string;
  submitted_at: Date | null;
  contract_id: string;
  vendor_id: string;
  vendor_name: string;
  product_names: string | null;
  answer: string | null;
  remarks: string | null;
  confirmed_on: string | null;
  target_on: string | null;
}

/**
 * What a risk thread refers to: which customer facility it is for, the document and item it is
 * opened on (visible to that facility, the item answered there), the snapshot of that answer, and
 * later the document's current state. Reads go through the shared access predicates.
 */
@Injectable()
export class RiskThreadDocuments {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
  ) {}

  /**
   * The facility a thread (or a review) is for: a pharmacy itself; a chain names one of its stores
   * (for a checklist the store is implied by the contract, so `pharmacyId` may be left out).
   */
  async facility(principal: Principal, pharmacyId: string | undefined, documentType: RiskDocumentType): Promise<string | null> {
    if (principal.organizationKind !== 'pharmacy' && principal.organizationKind !== 'chain') {
      throw AppError.forbidden('Pharmacies and their chains open risk threads and review answers; vendors answer them.', 'customer_required');
    }
    if (pharmacyId === undefined) {
      if (principal.organizationKind === 'pharmacy') return principal.organizationId;
      if (documentType === 'checklist') return null;
      throw AppError.invalid([{ field: 'pharmacyId', message: 'a chain names the store it acts for' }]);
    }
    const params = new SqlParams([pharmacyId]);
    const [store]: unknown[] = await this.db.query(`SELECT 1 FROM organizations WHERE id = $1 AND kind = 'pharmacy' AND id IN ${customerFacilities(principal, params)}`, params.values);
    if (!store) throw AppError.notFound('pharmacy');
    return pharmacyId;
  }

  /** The document, visible to the principal and to the facility, with the item's answer; its snapshot. */
  async find(principal: Principal, facility: string | null, type: RiskDocumentType, documentId: string, itemId: string): Promise<ThreadDocument & { customerId: string }> {
    return type === 'disclosure' ? this.disclosure(principal, facility as string, documentId, itemId) : this.checklist(principal, facility, documentId, itemId);
  }

  private async disclosure(principal: Principal, facility: string, documentId: string, itemId: string): Promise<ThreadDocument & { customerId: string }> {
    const params = new SqlParams([documentId, itemId]);
    const [row]: DisclosureItemRow[] = await this.db.query(
      `SELECT d.id, d.kind, d.status, d.revision, d.vendor_id, v.name AS vendor_name, d.author_id, au.name AS author_name,
              d.product_id, p.name AS product_name, d.product_version, d.form_id, d.published_at,
              a.answer, a.remarks, a.item_text, a.section
         FROM disclosures d
         JOIN organizations v ON v.id = d.vendor_id
         JOIN organizations au ON au.id = d.author_id
         JOIN products p ON p.id = d.product_id
         LEFT JOIN disclosure_answers a ON a.disclosure_id = d.id AND a.item_id = $2
        WHERE d.id = $1 AND ${disclosureVisible(principal, 'd', params)} AND ${disclosureVisibleToFacility('d', params.add(facility))}`,
      params.values,
    );
    if (!row) throw AppError.notFound('disclosure');
    if (row.answer === null) throw AppError.invalid([{ field: 'itemId', message: `is not answered in this disclosure (${itemId})` }]);
    const form = await this.forms.get(row.form_id);
    const item = form.items.find((candidate) => candidate.id === itemId);
    const snapshot: RiskThreadSnapshotDto = {
      documentType: 'disclosure',
      documentId: row.id,
      documentLabel: disclosureLabel(row.kind, row.product_name, row.product_version, row.revision),
      documentKind: row.kind,
      documentRevision: row.revision,
      documentStatus: row.status,
      formId: form.id,
      formLabel: formLabel(form),
      itemId,
      itemText: item?.text ?? row.item_text ?? itemId,
      itemTextEn: item?.textEn ?? null,
      section: item ? sectionTitle(form, item.sectionId) : row.section,
      scope: item?.scope ?? null,
      answer: row.answer,
      remarks: row.remarks,
      productId: row.product_id,
      productName: row.product_name,
      productVersion: row.product_version,
      vendorId: row.vendor_id,
      vendorName: row.vendor_name,
      authorName: row.author_name,
      issuedAt: row.published_at?.toISOString() ?? null,
      takenAt: new Date().toISOString(),
    };
    // The answering party is the document's author: the vendor, or the agent of an RM-SDS.
    return { vendorId: row.author_id, disclosureId: row.id, checklistId: null, snapshot, customerId: facility };
  }

  private async checklist(principal: Principal, facility: string | null, documentId: string, itemId: string): Promise<ThreadDocument & { customerId: string }> {
    const params = new SqlParams([documentId, itemId]);
    const facilityFilter = facility ? `AND c.customer_id = ${params.add(facility)}` : '';
    const [row]: (ChecklistItemRow & { customer_id: string })[] = await this.db.query(
      `SELECT vc.id, vc.revision, vc.status, vc.fiscal_year, vc.form_id, vc.submitted_at, vc.contract_id, c.customer_id,
              c.vendor_id, v.name AS vendor_name,
              (SELECT string_agg(p.name, '、' ORDER BY p.name) FROM contract_products cp JOIN products p ON p.id = cp.product_id WHERE cp.contract_id = c.id) AS product_names,
              a.answer, a.remarks, to_char(a.confirmed_on, 'YYYY-MM-DD') AS confirmed_on, to_char(a.target_on, 'YYYY-MM-DD') AS target_on
         FROM vendor_checklists vc
         JOIN contracts c ON c.id = vc.contract_id
         JOIN organizations v ON v.id = c.vendor_id
         LEFT JOIN vendor_checklist_answers a ON a.checklist_id = vc.id AND a.item_id = $2
        WHERE vc.id = $1 AND ${checklistVisible(principal, 'vc', 'c', params)} ${facilityFilter}`,
      params.values,
    );
    if (!row) throw AppError.notFound('checklist');
    if (row.answer === null) throw AppError.invalid([{ field: 'itemId', message: `is not answered in this checklist (${itemId})` }]);
    const form = await this.forms.get(row.form_id);
    const item = form.items.find((candidate) => candidate.id === itemId);
    const snapshot: RiskThreadSnapshotDto = {
      documentType: 'checklist',
      documentId: row.id,
      documentLabel: checklistLabel(row.fiscal_year, row.revision),
      documentKind: 'checklist',
      documentRevision: row.revision,
      documentStatus: row.status,
      formId: form.id,
      formLabel: formLabel(form),
      itemId,
      itemText: item?.text ?? itemId,
      itemTextEn: item?.textEn ?? null,
      section: item ? sectionTitle(form, item.sectionId) : null,
      scope: item?.scope ?? null,
      answer: row.answer,
      remarks: row.remarks,
      confirmedOn: row.confirmed_on,
      targetOn: row.target_on,
      counterpartItemId: item?.counterpart && item.counterpart.itemId !== itemId ? item.counterpart.itemId : null,
      fiscalYear: row.fiscal_year,
      contractId: row.contract_id,
      productName: row.product_names,
      vendorId: row.vendor_id,
      vendorName: row.vendor_name,
      authorName: row.vendor_name,
      issuedAt: row.submitted_at?.toISOString() ?? null,
      takenAt: new Date().toISOString(),
    };
    return { vendorId: row.vendor_id, disclosureId: null, checklistId: row.id, snapshot, customerId: row.customer_id };
  }

  /**
   * The document as it stands now: superseded or withdrawn, and the item's answer in the newest
   * revision the principal can see. The thread's snapshot is never touched by this.
   */
  async state(manager: EntityManager, principal: Principal, type: RiskDocumentType, documentId: string, itemId: string): Promise<RiskThreadDocumentStateDto> {
    const params = new SqlParams([documentId]);
    const [row]: { status: string; latest_id: string | null }[] =
      type === 'disclosure'
        ? await manager.query(
            `SELECT d.status,
                    (SELECT n.id FROM disclosures n
                      WHERE n.product_id = d.product_id AND n.product_version = d.product_version AND n.kind = d.kind AND n.author_id = d.author_id
                        AND n.revision > d.revision AND n.status <> 'draft' AND ${disclosureVisible(principal, 'n', params)}
                      ORDER BY n.revision DESC LIMIT 1) AS latest_id
               FROM disclosures d WHERE d.id = $1`,
            params.values,
          )
        : await manager.query(
            `SELECT vc.status,
                    (SELECT n.id FROM vendor_checklists n JOIN contracts c ON c.id = n.contract_id
                      WHERE n.contract_id = vc.contract_id AND n.fiscal_year = vc.fiscal_year AND n.revision > vc.revision
                        AND n.status = 'submitted' AND ${checklistVisible(principal, 'n', 'c', params)}
                      ORDER BY n.revision DESC LIMIT 1) AS latest_id
               FROM vendor_checklists vc WHERE vc.id = $1`,
            params.values,
          );
    const latestId = row?.latest_id ?? null;
    let latestAnswer: string | null = null;
    if (latestId) {
      const table = type === 'disclosure' ? 'disclosure_answers WHERE disclosure_id' : 'vendor_checklist_answers WHERE checklist_id';
      const [answer]: { answer: string }[] = await manager.query(`SELECT answer FROM ${table} = $1 AND item_id = $2`, [latestId, itemId]);
      latestAnswer = answer?.answer ?? null;
    }
    return {
      status: row?.status ?? 'unknown',
      superseded: row?.status === 'superseded' || (type === 'checklist' && latestId !== null),
      withdrawn: row?.status === 'withdrawn',
      latestDocumentId: latestId,
      latestAnswer,
    };
  }
}

function formLabel(form: FormDefinition): string {
  return `${form.title} ${form.versionLabel}`;
}

function sectionTitle(form: FormDefinition, sectionId: string): string | null {
  return form.sections.find((section) => section.id === sectionId)?.title ?? null;
}
