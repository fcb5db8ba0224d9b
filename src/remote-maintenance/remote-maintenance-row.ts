import { todayInJapan } from '../common/fiscal-year';
import { daysBetween, gatewayLabelOf, remoteMaintenanceRisks } from './remote-maintenance-risks';
import { AVAILABILITY_LABELS, Availability, CONNECTION_METHOD_LABELS, ConnectionMethod, RemoteMaintenanceDisclosureDto, RISK_LEVEL_LABELS } from './remote-maintenance.dto';

export interface RemoteMaintenanceRow {
  id: string;
  contract_id: string;
  product_id: string;
  revision: number;
  is_current: boolean;
  author_id: string;
  author_name: string;
  vendor_id: string;
  in_use: boolean;
  devices: string | null;
  connection_method: ConnectionMethod | null;
  connection_note: string | null;
  gateway_maker: string | null;
  gateway_model: string | null;
  gateway_firmware: string | null;
  gateway_patched_on: string | null;
  two_factor: boolean | null;
  source_restricted: boolean | null;
  session_logging: boolean | null;
  availability: Availability | null;
  unique_credentials: boolean | null;
  rm_sds_disclosure_id: string | null;
  rm_sds_product_version: string | null;
  rm_sds_revision: number | null;
  rm_sds_status: string | null;
  notes: string | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  confirmed_by_name: string | null;
  confirmed_by_org: string | null;
  confirmed_by_org_name: string | null;
  created_at: Date;
}

/** Every revision of the contract's disclosures ($1), with names; callers filter with `AND …`. */
export const SELECT_REMOTE_MAINTENANCE = `
  SELECT rm.id, rm.contract_id, rm.product_id, rm.revision, rm.is_current, rm.author_id, au.name AS author_name, c.vendor_id,
         rm.in_use, rm.devices, rm.connection_method, rm.connection_note, rm.gateway_maker, rm.gateway_model, rm.gateway_firmware,
         to_char(rm.gateway_patched_on, 'YYYY-MM-DD') AS gateway_patched_on, rm.two_factor, rm.source_restricted, rm.session_logging,
         rm.availability, rm.unique_credentials, rm.rm_sds_disclosure_id, d.product_version AS rm_sds_product_version,
         d.revision AS rm_sds_revision, d.status AS rm_sds_status, rm.notes, rm.confirmed_at, rm.confirmed_by,
         coalesce(cu.display_name, ac.name) AS confirmed_by_name, rm.confirmed_by_org, co.name AS confirmed_by_org_name, rm.created_at
    FROM remote_maintenance_disclosures rm
    JOIN contracts c ON c.id = rm.contract_id
    JOIN organizations au ON au.id = rm.author_id
    LEFT JOIN disclosures d ON d.id = rm.rm_sds_disclosure_id
    LEFT JOIN users cu ON cu.id = rm.confirmed_by
    LEFT JOIN api_clients ac ON ac.id = rm.confirmed_by
    LEFT JOIN organizations co ON co.id = rm.confirmed_by_org
   WHERE rm.contract_id = $1`;

export function gatewayLabel(row: Pick<RemoteMaintenanceRow, 'gateway_maker' | 'gateway_model' | 'gateway_firmware'>): string | null {
  return gatewayLabelOf(row.gateway_maker, row.gateway_model, row.gateway_firmware);
}

export function toRemoteMaintenanceDto(row: RemoteMaintenanceRow, today = todayInJapan()): RemoteMaintenanceDisclosureDto {
  const { risks, riskLevel } = remoteMaintenanceRisks(
    {
      inUse: row.in_use,
      connectionMethod: row.connection_method,
      gatewayPatchedOn: row.gateway_patched_on,
      gatewayLabel: gatewayLabel(row),
      twoFactor: row.two_factor,
      sourceRestricted: row.source_restricted,
      sessionLogging: row.session_logging,
      uniqueCredentials: row.unique_credentials,
    },
    today,
  );
  const hasGateway = row.gateway_maker !== null || row.gateway_model !== null || row.gateway_firmware !== null || row.gateway_patched_on !== null;
  return {
    id: row.id,
    contractId: row.contract_id,
    productId: row.product_id,
    revision: row.revision,
    current: row.is_current,
    author: { id: row.author_id, name: row.author_name },
    authorRole: row.author_id === row.vendor_id ? 'vendor' : 'agent',
    inUse: row.in_use,
    devices: row.devices,
    connectionMethod: row.connection_method,
    connectionMethodLabel: row.connection_method ? CONNECTION_METHOD_LABELS[row.connection_method] : null,
    connectionNote: row.connection_note,
    gateway: hasGateway
      ? {
          maker: row.gateway_maker,
          model: row.gateway_model,
          firmwareVersion: row.gateway_firmware,
          lastPatchedOn: row.gateway_patched_on,
          daysSincePatch: row.gateway_patched_on ? daysBetween(row.gateway_patched_on, today) : null,
        }
      : null,
    twoFactor: row.two_factor,
    sourceRestricted: row.source_restricted,
    sessionLogging: row.session_logging,
    availability: row.availability,
    availabilityLabel: row.availability ? AVAILABILITY_LABELS[row.availability] : null,
    uniqueCredentials: row.unique_credentials,
    rmSds:
      row.rm_sds_disclosure_id !== null
        ? { id: row.rm_sds_disclosure_id, productVersion: row.rm_sds_product_version ?? '', revision: row.rm_sds_revision ?? 0, status: row.rm_sds_status ?? '' }
        : null,
    notes: row.notes,
    risks,
    riskLevel,
    riskLevelLabel: RISK_LEVEL_LABELS[riskLevel],
    confirmation:
      row.confirmed_at !== null && row.confirmed_by_org !== null
        ? {
            confirmedAt: row.confirmed_at.toISOString(),
            confirmedBy: row.confirmed_by,
            confirmedByName: row.confirmed_by_name,
            organization: { id: row.confirmed_by_org, name: row.confirmed_by_org_name ?? '' },
          }
        : null,
    awaitingConfirmation: row.is_current && row.confirmed_at === null,
    createdAt: row.created_at.toISOString(),
  };
}
