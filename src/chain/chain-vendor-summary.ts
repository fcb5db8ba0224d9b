import type { ConnectionMethod } from '../remote-maintenance/remote-maintenance.dto';
import { remoteMaintenanceRisks } from '../remote-maintenance/remote-maintenance-risks';
import type { GatewayRiskCountDto, GatewayRisksDto, VendorSummaryRowDto } from './chain.dto';

/** A row of the vendor summary statement (chain-aggregation.sql.ts CHAIN_VENDOR_SELECT). */
export interface VendorRow {
  vendor_id: string;
  vendor_name: string;
  stores: number;
  contracts: number;
  contracts_owing: number;
  checklists_received: number;
  checklists_outdated: number;
  checklists_missing: number;
  no_count: number;
  overdue_targets: number;
  open_requests: number;
  overdue_requests: number;
  open_threads: number;
  products_required: number;
  sds_received: number;
  rm_disclosed: number;
  rm_confirmed: number;
  rm_sds_required: number;
  rm_sds_received: number;
  no_by_item: Record<string, number>;
  /** [connection method, gateway patched on, two-factor, source restricted, session logging, unique credentials, how many]. */
  rm_combinations: [ConnectionMethod | null, string | null, boolean | null, boolean | null, boolean | null, boolean | null, number][];
}

export const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/**
 * The risk flags of the vendor's remote maintenance in use: the rules of src/remote-maintenance
 * (remoteMaintenanceRisks) applied once per distinct combination of safeguards, weighted by how many
 * disclosures share it.
 */
export function gatewayRisks(combinations: VendorRow['rm_combinations'], today: string): GatewayRisksDto {
  const result: GatewayRisksDto = { flagged: 0, high: 0, medium: 0, low: 0, byCode: [] };
  const byCode = new Map<string, GatewayRiskCountDto>();
  for (const [connectionMethod, gatewayPatchedOn, twoFactor, sourceRestricted, sessionLogging, uniqueCredentials, count] of combinations) {
    const { risks, riskLevel } = remoteMaintenanceRisks(
      { inUse: true, connectionMethod, gatewayPatchedOn, gatewayLabel: null, twoFactor, sourceRestricted, sessionLogging, uniqueCredentials },
      today,
    );
    if (riskLevel === 'none') continue;
    result.flagged += count;
    result[riskLevel] += count;
    for (const risk of risks) {
      const entry = byCode.get(risk.code) ?? { code: risk.code, label: risk.label, severity: risk.severity, count: 0 };
      entry.count += count;
      byCode.set(risk.code, entry);
    }
  }
  const rank = { high: 0, medium: 1, low: 2 };
  result.byCode = [...byCode.values()].sort((a, b) => rank[a.severity] - rank[b.severity] || b.count - a.count || a.code.localeCompare(b.code));
  return result;
}

export function toVendorSummary(row: VendorRow, today: string): VendorSummaryRowDto {
  return {
    vendor: { id: row.vendor_id, name: row.vendor_name },
    stores: row.stores,
    contracts: row.contracts,
    checklists: {
      owed: row.contracts_owing,
      received: row.checklists_received,
      outdated: row.checklists_outdated,
      missing: row.checklists_missing,
      receivedPercent: percent(row.checklists_received, row.contracts_owing),
    },
    noAnswers: row.no_count,
    noByItem: row.no_by_item,
    overdueTargets: row.overdue_targets,
    openRequests: row.open_requests,
    overdueRequests: row.overdue_requests,
    openThreads: row.open_threads,
    securityDisclosures: { received: row.sds_received, total: row.products_required },
    rmSds: { received: row.rm_sds_received, required: row.rm_sds_required },
    remoteMaintenance: {
      confirmed: row.rm_confirmed,
      disclosed: row.rm_disclosed,
      total: row.products_required,
      confirmedPercent: percent(row.rm_confirmed, row.products_required),
    },
    gatewayRisks: gatewayRisks(row.rm_combinations, today),
  };
}
