import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import {
  checklistVisible,
  contractVisible,
  customerFacilities,
  disclosureAddressedToContract,
  disclosureVisible,
  documentRequestVisible,
  remoteMaintenanceVisible,
  riskThreadVisible,
  SqlParams,
} from '../access/visibility';
import { fiscalYearRange, todayInJapan } from '../common/fiscal-year';
import type { ContractKind } from '../contracts/contracts.dto';
import { NEWEST_FIRST } from '../forms/form-versions';
import type { ConnectionMethod } from '../remote-maintenance/remote-maintenance.dto';

export interface StandingFacility {
  id: string;
  name: string;
  pharmacy_code: string | null;
}

/** A contract in force during the 年度, with its 事業者確認用 of that 年度 and open follow-ups. */
export interface StandingContractRow {
  contract_id: string;
  kind: ContractKind;
  vendor_id: string;
  vendor_name: string;
  agent_id: string | null;
  agent_name: string | null;
  starts_on: string;
  ends_on: string | null;
  checklist_id: string | null;
  checklist_revision: number | null;
  checklist_submitted_at: Date | null;
  checklist_form_id: string | null;
  newer_form_id: string | null;
  no_count: number;
  overdue_count: number;
  open_requests: number;
  overdue_requests: number;
  open_threads: number;
}

/** A product a contract covers: the MDS/SDS received, the current remote-maintenance disclosure, the RM-SDS. */
export interface StandingProductRow {
  contract_id: string;
  product_id: string;
  product_name: string;
  category: string;
  deployment: string;
  sds_id: string | null;
  sds_kind: 'MDS' | 'SDS' | null;
  sds_version: string | null;
  sds_published_at: Date | null;
  rm_id: string | null;
  rm_revision: number | null;
  rm_author_id: string | null;
  rm_author_name: string | null;
  rm_in_use: boolean | null;
  rm_confirmed_at: Date | null;
  rm_connection_method: ConnectionMethod | null;
  rm_gateway_label: string | null;
  rm_gateway_patched_on: string | null;
  rm_two_factor: boolean | null;
  rm_source_restricted: boolean | null;
  rm_session_logging: boolean | null;
  rm_unique_credentials: boolean | null;
  rm_sds_id: string | null;
  rm_sds_published_at: Date | null;
}

/** Contracts in force at some point of the 年度: active, started by its end and not ended before its start. */
function contractsInForce(principal: Principal, params: SqlParams, facilityId: string, fiscalYear: number): string {
  const { from, to } = fiscalYearRange(fiscalYear);
  return `c.customer_id = ${params.add(facilityId)} AND c.status = 'active'
      AND c.starts_on <= ${params.add(to)}::date AND (c.ends_on IS NULL OR c.ends_on >= ${params.add(from)}::date)
      AND ${contractVisible(principal, 'c', params)}`;
}

/**
 * The set-based reads behind a pharmacy's standing and its derived checklist items: one statement
 * for the contracts, one for the products they cover, whatever their number (a chain asks for
 * thousands of stores). Every statement carries the caller's visibility predicates.
 */
@Injectable()
export class StandingQueries {
  /** The pharmacy, if the caller acts for it (the pharmacy itself or its chain). */
  async facility(manager: EntityManager, principal: Principal, pharmacyId: string): Promise<StandingFacility | undefined> {
    if (principal.organizationKind !== 'pharmacy' && principal.organizationKind !== 'chain') return undefined;
    const params = new SqlParams([pharmacyId]);
    const [facility]: StandingFacility[] = await manager.query(
      `SELECT o.id, o.name, o.pharmacy_code FROM organizations o WHERE o.id = $1 AND o.kind = 'pharmacy' AND o.id IN ${customerFacilities(principal, params)}`,
      params.values,
    );
    return facility;
  }

  async contracts(manager: EntityManager, principal: Principal, facilityId: string, fiscalYear: number): Promise<StandingContractRow[]> {
    const params = new SqlParams();
    const year = params.add(fiscalYear);
    const today = params.add(todayInJapan());
    const rows: StandingContractRow[] = await manager.query(
      `SELECT c.id AS contract_id, c.kind, c.vendor_id, v.name AS vendor_name, c.agent_id, a.name AS agent_name,
              to_char(c.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(c.ends_on, 'YYYY-MM-DD') AS ends_on,
              vc.id AS checklist_id, vc.revision AS checklist_revision, vc.submitted_at AS checklist_submitted_at, vc.form_id AS checklist_form_id,
              vc.newer_form_id, coalesce(vc.no_count, 0)::int AS no_count, coalesce(vc.overdue_count, 0)::int AS overdue_count,
              (SELECT count(*) FROM document_requests r
                WHERE r.contract_id = c.id AND r.status = 'open' AND ${documentRequestVisible(principal, 'r', params)})::int AS open_requests,
              (SELECT count(*) FROM document_requests r
                WHERE r.contract_id = c.id AND r.status = 'open' AND r.due_on < ${today}::date AND ${documentRequestVisible(principal, 'r', params)})::int AS overdue_requests,
              (SELECT count(*) FROM risk_threads t
                WHERE t.customer_id = c.customer_id AND t.status <> 'resolved' AND ${riskThreadVisible(principal, 't', params)}
                  AND (EXISTS (SELECT 1 FROM vendor_checklists tc WHERE tc.id = t.checklist_id AND tc.contract_id = c.id)
                       OR EXISTS (SELECT 1 FROM disclosures td JOIN contract_products tcp ON tcp.product_id = td.product_id AND tcp.contract_id = c.id
                                   WHERE td.id = t.disclosure_id AND td.vendor_id = c.vendor_id)))::int AS open_threads
         FROM contracts c
         JOIN organizations v ON v.id = c.vendor_id
         LEFT JOIN organizations a ON a.id = c.agent_id
         LEFT JOIN LATERAL (
           SELECT vc.id, vc.revision, vc.submitted_at, vc.form_id,
                  -- A newer version of the same 年度's form (MHLW revised the sheet): answers must be given again.
                  (SELECT n.id FROM forms f JOIN forms n ON n.series = f.series AND n.fiscal_year IS NOT DISTINCT FROM f.fiscal_year AND n.revision > f.revision
                    WHERE f.id = vc.form_id ORDER BY n.revision DESC, n.created_at DESC, n.id DESC LIMIT 1) AS newer_form_id,
                  (SELECT count(*) FROM vendor_checklist_answers x WHERE x.checklist_id = vc.id AND x.answer = 'いいえ') AS no_count,
                  (SELECT count(*) FROM vendor_checklist_answers x WHERE x.checklist_id = vc.id AND x.answer = 'いいえ' AND x.target_on < ${today}::date) AS overdue_count
             FROM vendor_checklists vc
            WHERE vc.contract_id = c.id AND vc.fiscal_year = ${year} AND vc.status = 'submitted' AND ${checklistVisible(principal, 'vc', 'c', params)}
            ORDER BY vc.revision DESC LIMIT 1) vc ON true
        WHERE ${contractsInForce(principal, params, facilityId, fiscalYear)}
        ORDER BY v.name, c.starts_on, c.id`,
      params.values,
    );
    return rows;
  }

  async products(manager: EntityManager, principal: Principal, facilityId: string, fiscalYear: number): Promise<StandingProductRow[]> {
    const params = new SqlParams();
    const rows: StandingProductRow[] = await manager.query(
      `SELECT c.id AS contract_id, p.id AS product_id, p.name AS product_name, p.category, p.deployment,
              sd.id AS sds_id, sd.kind AS sds_kind, sd.product_version AS sds_version, sd.published_at AS sds_published_at,
              rm.id AS rm_id, rm.revision AS rm_revision, rm.author_id AS rm_author_id, au.name AS rm_author_name, rm.in_use AS rm_in_use,
              rm.confirmed_at AS rm_confirmed_at, rm.connection_method AS rm_connection_method,
              nullif(concat_ws(' ', rm.gateway_maker, rm.gateway_model, 'ファームウェア ' || rm.gateway_firmware), '') AS rm_gateway_label,
              to_char(rm.gateway_patched_on, 'YYYY-MM-DD') AS rm_gateway_patched_on, rm.two_factor AS rm_two_factor,
              rm.source_restricted AS rm_source_restricted, rm.session_logging AS rm_session_logging, rm.unique_credentials AS rm_unique_credentials,
              rs.id AS rm_sds_id, rs.published_at AS rm_sds_published_at
         FROM contracts c
         JOIN contract_products cp ON cp.contract_id = c.id
         JOIN products p ON p.id = cp.product_id
         LEFT JOIN LATERAL (
           SELECT d.id, d.kind, d.product_version, d.published_at FROM disclosures d
            WHERE d.product_id = p.id AND d.kind IN ('MDS', 'SDS') AND ${disclosureAddressedToContract('d', 'c')} AND ${disclosureVisible(principal, 'd', params)}
            ORDER BY d.published_at DESC, d.id LIMIT 1) sd ON true
         LEFT JOIN remote_maintenance_disclosures rm ON rm.contract_id = c.id AND rm.product_id = p.id AND rm.is_current AND ${remoteMaintenanceVisible(principal, 'c', params)}
         LEFT JOIN organizations au ON au.id = rm.author_id
         LEFT JOIN LATERAL (
           SELECT d.id, d.published_at FROM disclosures d
            WHERE d.product_id = p.id AND d.kind = 'RM-SDS' AND d.author_id = rm.author_id
              AND ${disclosureAddressedToContract('d', 'c')} AND ${disclosureVisible(principal, 'd', params)}
            ORDER BY d.published_at DESC, d.id LIMIT 1) rs ON true
        WHERE ${contractsInForce(principal, params, facilityId, fiscalYear)}
        ORDER BY p.name, p.id`,
      params.values,
    );
    return rows;
  }

  /** The 事業者確認用 form that applies to pharmacies for the 年度, if one is catalogued. */
  async vendorChecklistForm(manager: EntityManager, fiscalYear: number): Promise<string | null> {
    const [row]: { id: string }[] = await manager.query(
      `SELECT id FROM forms WHERE kind = 'vendor_checklist' AND audience IN ('pharmacy', 'any') AND fiscal_year = $1 ORDER BY ${NEWEST_FIRST} LIMIT 1`,
      [fiscalYear],
    );
    return row?.id ?? null;
  }
}
