/**
 * The risk rules of remote maintenance, shared by the API and the portal: the portal's disclosure
 * form computes the same flags as the user types that the API computes when a disclosure is read,
 * so what the vendor sees before saving is what the pharmacy sees after. Pure, and deliberately
 * free of Nest, class-validator and anything Node: it is bundled into the browser
 * (src/portal/web imports it); its only import is the equally pure fiscal-year helper.
 */
import { todayInJapan } from '../common/fiscal-year';

export const CONNECTION_METHODS = ['internet_vpn', 'closed_network', 'remote_desktop_internet', 'cloud_relay', 'other'] as const;
export type ConnectionMethod = (typeof CONNECTION_METHODS)[number];
export const CONNECTION_METHOD_LABELS: Record<ConnectionMethod, string> = {
  internet_vpn: 'インターネットVPN',
  closed_network: '閉域網',
  remote_desktop_internet: 'インターネット経由のリモートデスクトップ',
  cloud_relay: 'クラウド中継',
  other: 'その他',
};

export const AVAILABILITIES = ['always_on', 'on_demand'] as const;
export type Availability = (typeof AVAILABILITIES)[number];
export const AVAILABILITY_LABELS: Record<Availability, string> = { always_on: '常時接続', on_demand: '作業時のみ接続' };

export const RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = { none: 'なし', low: '低', medium: '中', high: '高' };

/**
 * A gateway (VPN) device whose firmware was last patched longer ago than this is flagged: the
 * Osaka hospital ransomware (2022) came in through a supplier's unpatched remote-maintenance VPN.
 */
export const GATEWAY_PATCH_MAX_AGE_DAYS = 180;

/** Connection methods that need a gateway device described; a carrier's closed network may have none of the vendor's. */
export const GATEWAY_OPTIONAL_FOR: readonly ConnectionMethod[] = ['closed_network'];

/** The safeguards every disclosure of remote maintenance in use must state. */
export const REQUIRED_WHEN_IN_USE = ['connectionMethod', 'twoFactor', 'sourceRestricted', 'sessionLogging', 'availability', 'uniqueCredentials'] as const;

/** The fields a risk is computed from (a stored row's columns, camel-cased; or the form being filled). */
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

/** "Fortinet FortiGate 40F ファームウェア 7.2.8": how a gateway device is named in a risk's detail. */
export function gatewayLabelOf(maker: string | null, model: string | null, firmware: string | null): string | null {
  const parts = [maker, model, firmware ? `ファームウェア ${firmware}` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : null;
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
