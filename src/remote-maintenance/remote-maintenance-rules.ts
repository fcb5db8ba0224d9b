import type { FieldError } from '../common/app-error';
import { todayInJapan } from '../common/fiscal-year';
import type { ConnectionMethod, PutRemoteMaintenanceDto, RiskLevel } from './remote-maintenance.dto';

/**
 * A gateway (VPN) device whose firmware was last patched longer ago than this is flagged: the
 * Osaka hospital ransomware (2022) came in through a supplier's unpatched remote-maintenance VPN.
 */
export const GATEWAY_PATCH_MAX_AGE_DAYS = 180;

/** Connection methods that need a gateway device described; a carrier's closed network may have none of the vendor's. */
const GATEWAY_OPTIONAL_FOR: readonly ConnectionMethod[] = ['closed_network'];

/** The safeguards every disclosure of remote maintenance in use must state. */
const REQUIRED_WHEN_IN_USE = ['connectionMethod', 'twoFactor', 'sourceRestricted', 'sessionLogging', 'availability', 'uniqueCredentials'] as const;
/** What only makes sense when remote maintenance is in use. */
const ONLY_WHEN_IN_USE = ['devices', 'connectionMethod', 'connectionNote', 'gateway', 'twoFactor', 'sourceRestricted', 'sessionLogging', 'availability', 'uniqueCredentials', 'rmSdsDisclosureId'] as const;

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.getUTCFullYear() >= 1 && parsed.toISOString().slice(0, 10) === date;
}

/** A field the caller did not give: absent, or null (which @IsOptional lets through unvalidated). */
const missing = (value: unknown) => value === undefined || value === null;

/** The rules of the body beyond its shape: every missing field listed at once. Pure. */
export function remoteMaintenanceInputErrors(input: PutRemoteMaintenanceDto, today = todayInJapan()): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.inUse) {
    for (const field of ONLY_WHEN_IN_USE) {
      if (!missing(input[field])) errors.push({ field, message: 'is only for remote maintenance in use (inUse: true)' });
    }
    return errors;
  }
  for (const field of REQUIRED_WHEN_IN_USE) {
    if (missing(input[field])) errors.push({ field, message: 'is required when remote maintenance is in use' });
  }
  if (!input.gateway) {
    if (input.connectionMethod && !GATEWAY_OPTIONAL_FOR.includes(input.connectionMethod)) {
      for (const part of ['maker', 'model', 'firmwareVersion', 'lastPatchedOn']) {
        errors.push({ field: `gateway.${part}`, message: 'is required: describe the VPN or gateway device the connection goes through' });
      }
    }
  } else if (!isRealDate(input.gateway.lastPatchedOn)) {
    errors.push({ field: 'gateway.lastPatchedOn', message: 'is not a real date' });
  } else if (input.gateway.lastPatchedOn > today) {
    errors.push({ field: 'gateway.lastPatchedOn', message: 'must not be in the future' });
  }
  return errors;
}

/** The fields a risk is computed from (a stored row's columns, camel-cased). */
export interface RiskInput {
  inUse: boolean;
  connectionMethod: ConnectionMethod | null;
  gatewayPatchedOn: string | null;
  gatewayLabel: string | null;
  twoFactor: boolean | null;
  sourceRestricted: boolean | null;
  sessionLogging: boolean | null;
  uniqueCredentials: boolean | null;
}

export interface Risk {
  code: string;
  label: string;
  detail: string;
  severity: Exclude<RiskLevel, 'none'>;
}

const RANK: Record<RiskLevel, number> = { none: 0, low: 1, medium: 2, high: 3 };

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Risk flags of a disclosure, computed when it is read (the firmware only gets older). Pure. */
export function remoteMaintenanceRisks(d: RiskInput, today = todayInJapan()): { risks: Risk[]; riskLevel: RiskLevel } {
  const risks: Risk[] = [];
  if (d.inUse) {
    if (d.gatewayPatchedOn !== null) {
      const age = daysBetween(d.gatewayPatchedOn, today);
      if (age > GATEWAY_PATCH_MAX_AGE_DAYS) {
        risks.push({
          code: 'gateway_firmware_stale',
          label: `接続機器（VPN装置等）のファームウェアが${GATEWAY_PATCH_MAX_AGE_DAYS}日以上更新されていません`,
          detail: `${d.gatewayLabel ?? '接続機器'}: 最終更新日 ${d.gatewayPatchedOn}（${age}日経過）。脆弱性が修正されていないVPN装置は侵入口になります。`,
          severity: 'high',
        });
      }
    }
    if (d.twoFactor === false) {
      risks.push({ code: 'no_two_factor', label: '二要素認証が設定されていません', detail: 'ID・パスワードが漏えいすると、それだけで接続できます。', severity: 'high' });
    }
    if (d.uniqueCredentials === false) {
      risks.push({
        code: 'shared_credentials',
        label: '認証情報が他の顧客と共通です',
        detail: '同じID・パスワードが複数の顧客で使われています。一か所の漏えいが全顧客に及びます。',
        severity: 'high',
      });
    }
    if (d.connectionMethod === 'remote_desktop_internet') {
      risks.push({
        code: 'remote_desktop_internet',
        label: 'インターネット経由のリモートデスクトップ接続です',
        detail: 'リモートデスクトップをインターネットに公開する接続は、ランサムウェアの主要な侵入経路です。',
        severity: 'high',
      });
    }
    if (d.sourceRestricted === false) {
      risks.push({ code: 'no_source_restriction', label: '接続元が制限されていません', detail: 'どこからでも接続を試みられます。', severity: 'medium' });
    }
    if (d.sessionLogging === false) {
      risks.push({ code: 'no_session_logging', label: '保守作業の接続記録が残りません', detail: '不正な接続や作業を後から確認できません。', severity: 'low' });
    }
  }
  const riskLevel = risks.reduce<RiskLevel>((level, risk) => (RANK[risk.severity] > RANK[level] ? risk.severity : level), 'none');
  return { risks, riskLevel };
}
