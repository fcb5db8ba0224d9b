import type { PutRemoteMaintenanceDto, RemoteMaintenanceDisclosureDto } from '../../api/schema';
import {
  GATEWAY_OPTIONAL_FOR,
  gatewayLabelOf,
  REQUIRED_WHEN_IN_USE,
  remoteMaintenanceRisks,
  type Availability,
  type ConnectionMethod,
  type Risk,
  type RiskLevel,
} from '../../../../remote-maintenance/remote-maintenance-risks';

/** The remote-maintenance form as typed: text as entered, yes/no questions unanswered (null) until chosen. */
export interface RmFormState {
  inUse: boolean | null;
  devices: string;
  connectionMethod: ConnectionMethod | '';
  connectionNote: string;
  gatewayMaker: string;
  gatewayModel: string;
  gatewayFirmware: string;
  gatewayPatchedOn: string;
  twoFactor: boolean | null;
  sourceRestricted: boolean | null;
  sessionLogging: boolean | null;
  availability: Availability | '';
  uniqueCredentials: boolean | null;
  rmSdsDisclosureId: string;
  notes: string;
}

export type SafeguardField = 'twoFactor' | 'sourceRestricted' | 'sessionLogging' | 'uniqueCredentials';

/** The form for a product: empty, or the current revision to change. */
export function formFrom(current: RemoteMaintenanceDisclosureDto | null): RmFormState {
  return {
    inUse: current?.inUse ?? null,
    devices: current?.devices ?? '',
    connectionMethod: current?.connectionMethod ?? '',
    connectionNote: current?.connectionNote ?? '',
    gatewayMaker: current?.gateway?.maker ?? '',
    gatewayModel: current?.gateway?.model ?? '',
    gatewayFirmware: current?.gateway?.firmwareVersion ?? '',
    gatewayPatchedOn: current?.gateway?.lastPatchedOn ?? '',
    twoFactor: current?.twoFactor ?? null,
    sourceRestricted: current?.sourceRestricted ?? null,
    sessionLogging: current?.sessionLogging ?? null,
    availability: current?.availability ?? '',
    uniqueCredentials: current?.uniqueCredentials ?? null,
    rmSdsDisclosureId: current?.rmSds?.id ?? '',
    notes: current?.notes ?? '',
  };
}

const text = (value: string) => value.trim() || undefined;
const gatewayEntered = (s: RmFormState) => [s.gatewayMaker, s.gatewayModel, s.gatewayFirmware, s.gatewayPatchedOn].some((value) => value.trim() !== '');

/**
 * The PUT body: when not in use only the notes go (the API refuses connection details then); a
 * gateway goes whole once any of its parts is entered, so that the API names the missing parts.
 */
export function bodyOf(productId: string, s: RmFormState): PutRemoteMaintenanceDto {
  if (!s.inUse) return { productId, inUse: false, notes: text(s.notes) };
  return {
    productId,
    inUse: true,
    devices: text(s.devices),
    connectionMethod: s.connectionMethod || undefined,
    connectionNote: text(s.connectionNote),
    gateway: gatewayEntered(s)
      ? { maker: s.gatewayMaker.trim(), model: s.gatewayModel.trim(), firmwareVersion: s.gatewayFirmware.trim(), lastPatchedOn: s.gatewayPatchedOn }
      : undefined,
    twoFactor: s.twoFactor ?? undefined,
    sourceRestricted: s.sourceRestricted ?? undefined,
    sessionLogging: s.sessionLogging ?? undefined,
    availability: s.availability || undefined,
    uniqueCredentials: s.uniqueCredentials ?? undefined,
    rmSdsDisclosureId: s.rmSdsDisclosureId || undefined,
    notes: text(s.notes),
  };
}

/** The risk flags the API will compute for what is entered: the same pure rules (remote-maintenance-risks.ts). */
export function risksOf(s: RmFormState, today: string): { risks: Risk[]; riskLevel: RiskLevel } {
  return remoteMaintenanceRisks(
    {
      inUse: s.inUse === true,
      connectionMethod: s.connectionMethod || null,
      gatewayPatchedOn: /^\d{4}-\d{2}-\d{2}$/.test(s.gatewayPatchedOn) ? s.gatewayPatchedOn : null,
      gatewayLabel: gatewayLabelOf(s.gatewayMaker.trim() || null, s.gatewayModel.trim() || null, s.gatewayFirmware.trim() || null),
      twoFactor: s.twoFactor,
      sourceRestricted: s.sourceRestricted,
      sessionLogging: s.sessionLogging,
      uniqueCredentials: s.uniqueCredentials,
    },
    today,
  );
}

export const FIELD_LABELS: Record<string, string> = {
  inUse: 'リモートメンテナンスの利用',
  devices: '対象機器',
  connectionMethod: '接続方式',
  connectionNote: '接続方式の補足',
  gateway: 'VPN・ゲートウェイ機器',
  'gateway.maker': 'VPN・ゲートウェイ機器のメーカー',
  'gateway.model': 'VPN・ゲートウェイ機器の型番',
  'gateway.firmwareVersion': 'ファームウェアのバージョン',
  'gateway.lastPatchedOn': 'ファームウェアの最終更新日',
  twoFactor: '二要素認証',
  sourceRestricted: '接続元制限',
  sessionLogging: '接続・作業の記録',
  availability: '接続形態',
  uniqueCredentials: '顧客ごとの認証情報',
  rmSdsDisclosureId: 'RM-SDS',
  notes: '備考',
};

/** What is still to be entered before the API accepts the disclosure (shown as the user types). */
export function missingOf(s: RmFormState): string[] {
  if (s.inUse === null) return [FIELD_LABELS.inUse];
  if (!s.inUse) return [];
  const missing: string[] = REQUIRED_WHEN_IN_USE.filter((field) => s[field] === null || s[field] === '').map((field) => FIELD_LABELS[field]);
  const gatewayNeeded = s.connectionMethod !== '' && !GATEWAY_OPTIONAL_FOR.includes(s.connectionMethod);
  if (gatewayNeeded || gatewayEntered(s)) {
    const parts = [
      ['gateway.maker', s.gatewayMaker],
      ['gateway.model', s.gatewayModel],
      ['gateway.firmwareVersion', s.gatewayFirmware],
      ['gateway.lastPatchedOn', s.gatewayPatchedOn],
    ] as const;
    for (const [field, value] of parts) if (value.trim() === '') missing.push(FIELD_LABELS[field]);
  }
  return missing;
}
