import { CONTRACT_KIND_LABELS } from '../contracts/contracts.dto';
import type {
  InspectionDisclosureRow,
  InspectionFact,
  InspectionMissingDocument,
  InspectionRemoteMaintenance,
  InspectionRiskRow,
} from '../pdf/inspection-pack.types';
import { japanDate, revisionLabel } from '../pdf/format';
import type { RemoteMaintenanceDisclosureDto } from '../remote-maintenance/remote-maintenance.dto';
import type { RiskThreadDto } from '../risk-threads/risk-threads.dto';
import { owesVendorDocuments, productGaps } from '../standing/derivation';
import type { StandingContractRow, StandingProductRow } from '../standing/standing.queries';
import type { InspectionPackData, PackDisclosureRow } from './inspection-pack-gatherer.service';

/** The pack's document sections (MDS/SDS received, remote maintenance, open risks) as view rows. Pure. */

const isoDate = (value: Date | string | null) => (value ? japanDate(new Date(value).toISOString()) : null);
const yesNo = (value: boolean | null, yes = 'あり', no = 'なし') => (value === null ? '未回答' : value ? yes : no);

export function disclosureRows(rows: PackDisclosureRow[]): InspectionDisclosureRow[] {
  return rows.map((row) => ({
    vendorName: row.vendor_name,
    authorName: row.author_name,
    productName: row.product_name,
    productVersion: row.product_version,
    kind: row.kind,
    revisionLabel: revisionLabel(row.revision),
    publishedOn: isoDate(row.published_at),
    riskAnswerCount: row.risk_count,
  }));
}

/** Covered products of maintenance and operation contracts that lack their MDS/SDS or RM-SDS (2-③). */
export function missingDisclosures(contracts: StandingContractRow[], products: StandingProductRow[]): InspectionMissingDocument[] {
  return contracts.filter(owesVendorDocuments).flatMap((contract) =>
    products
      .filter((product) => product.contract_id === contract.contract_id)
      .flatMap((product) =>
        productGaps(contract, product).flatMap((gap): InspectionMissingDocument[] => {
          if (gap.code === 'security_disclosure_missing') return [{ vendorName: contract.vendor_name, productName: product.product_name, what: 'MDS/SDS（医療情報セキュリティ開示書）' }];
          if (gap.code === 'rm_sds_missing') {
            return [{ vendorName: product.rm_author_name ?? contract.vendor_name, productName: product.product_name, what: 'RM-SDS（リモートメンテナンスに関するSDS）' }];
          }
          return [];
        }),
      ),
  );
}

function gatewayFact(rm: RemoteMaintenanceDisclosureDto): InspectionFact {
  const gateway = rm.gateway;
  if (!gateway) return { label: '接続機器（VPN装置等）', value: 'なし（記載なし）' };
  const name = [gateway.maker, gateway.model, gateway.firmwareVersion ? `ファームウェア ${gateway.firmwareVersion}` : null].filter(Boolean).join(' ');
  const patched = gateway.lastPatchedOn ? `（最終更新 ${gateway.lastPatchedOn}、${gateway.daysSincePatch ?? '?'}日経過）` : '';
  return { label: '接続機器（VPN装置等）', value: `${name}${patched}`, flagged: rm.risks.some((risk) => risk.code === 'gateway_firmware_stale') };
}

function disclosedFacts(rm: RemoteMaintenanceDisclosureDto, product: StandingProductRow, owes: boolean): InspectionFact[] {
  const facts: InspectionFact[] = [
    { label: '実施者', value: `${rm.author.name}${rm.authorRole === 'agent' ? '（代理店）' : ''}` },
    { label: '開示', value: `${revisionLabel(rm.revision)}（${japanDate(rm.createdAt) ?? ''}）` },
    { label: 'リモートメンテナンス', value: rm.inUse ? '利用あり' : '利用なし' },
  ];
  if (rm.inUse) {
    facts.push(
      { label: '対象機器', value: rm.devices ?? '—' },
      { label: '接続方法', value: `${rm.connectionMethodLabel ?? '未回答'}${rm.connectionNote ? `（${rm.connectionNote}）` : ''}`, flagged: rm.connectionMethod === 'remote_desktop_internet' },
      { label: '接続形態', value: rm.availabilityLabel ?? '未回答' },
      gatewayFact(rm),
      { label: '二要素認証', value: yesNo(rm.twoFactor), flagged: rm.twoFactor === false },
      { label: '接続元制限', value: yesNo(rm.sourceRestricted), flagged: rm.sourceRestricted === false },
      { label: '接続記録（ログ）', value: yesNo(rm.sessionLogging), flagged: rm.sessionLogging === false },
      { label: '認証情報', value: yesNo(rm.uniqueCredentials, '顧客ごとに固有', '他の顧客と共通'), flagged: rm.uniqueCredentials === false },
      {
        label: 'RM-SDS',
        value: product.rm_sds_id ? `受領済み（公開日 ${isoDate(product.rm_sds_published_at) ?? '—'}）` : '未受領',
        flagged: owes && product.rm_sds_id === null,
      },
    );
  }
  if (rm.notes) facts.push({ label: '備考', value: rm.notes });
  return facts;
}

/**
 * Per contract and covered product: the current remote-maintenance disclosure with its safeguards,
 * confirmation and risk flags; a product of a maintenance or operation contract with none is
 * listed as 未開示. Sale-only contracts without a disclosure are left out (nothing is owed).
 */
export function remoteMaintenanceEntries(data: Pick<InspectionPackData, 'contracts' | 'products' | 'remoteMaintenance'>): InspectionRemoteMaintenance[] {
  return data.contracts.flatMap((contract) => {
    const owes = owesVendorDocuments(contract);
    return data.products
      .filter((product) => product.contract_id === contract.contract_id)
      .flatMap((product): InspectionRemoteMaintenance[] => {
        const rm = data.remoteMaintenance.get(`${contract.contract_id}/${product.product_id}`);
        if (!rm) {
          if (!owes) return [];
          return [
            {
              vendorName: contract.vendor_name,
              productName: product.product_name,
              riskLevel: null,
              riskLevelLabel: null,
              statusLabel: '未開示：リモートメンテナンス（保守）の利用有無の開示を受けていません',
              flagged: true,
              facts: [{ label: '契約', value: `${CONTRACT_KIND_LABELS[contract.kind]}${contract.agent_name ? `（代理店 ${contract.agent_name}）` : ''}` }],
              risks: [],
            },
          ];
        }
        const confirmation = rm.confirmation;
        return [
          {
            vendorName: contract.vendor_name,
            productName: product.product_name,
            riskLevel: rm.riskLevel,
            riskLevelLabel: rm.riskLevelLabel,
            statusLabel: confirmation
              ? `確認済み ${japanDate(confirmation.confirmedAt) ?? ''}（${confirmation.confirmedByName ?? confirmation.organization.name}）`
              : '未確認（薬局の確認待ち）',
            flagged: confirmation === null || rm.riskLevel === 'high' || rm.riskLevel === 'medium',
            facts: disclosedFacts(rm, product, owes),
            risks: rm.risks.map((risk) => `${risk.label}：${risk.detail}`),
          },
        ];
      });
  });
}

export function riskRows(threads: RiskThreadDto[]): InspectionRiskRow[] {
  return threads.map((thread) => {
    const fix = thread.resolution?.outcome === 'fix_planned' ? thread.resolution : null;
    return {
      vendorName: thread.vendor.name,
      documentLabel: thread.snapshot.documentLabel,
      itemId: thread.itemId,
      itemText: thread.snapshot.itemText,
      answer: thread.snapshot.answer,
      statusLabel: fix ? `${fix.outcomeLabel}（解決済み）` : thread.statusLabel,
      dueOn: fix ? fix.fixDueOn : thread.dueOn,
      overdue: fix ? fix.fixOverdue : thread.overdue,
      openedOn: japanDate(thread.createdAt) ?? '',
    };
  });
}

/** The cover's lines on MDS/SDS, remote maintenance and open risks. */
export function summaryOfDocuments(data: InspectionPackData): InspectionFact[] {
  const missing = missingDisclosures(data.contracts, data.products);
  const entries = remoteMaintenanceEntries(data);
  const disclosed = entries.filter((entry) => entry.riskLevel !== null);
  const unconfirmed = disclosed.filter((entry) => entry.statusLabel.startsWith('未確認')).length;
  const undisclosed = entries.length - disclosed.length;
  const highRisk = disclosed.filter((entry) => entry.riskLevel === 'high').length;
  const risks = riskRows(data.risks);
  const overdue = risks.filter((risk) => risk.overdue).length;
  return [
    { label: 'MDS/SDS/RM-SDS', value: `受領 ${data.disclosures.length}件${missing.length ? `、未受領 ${missing.length}件` : ''}`, flagged: missing.length > 0 },
    {
      label: 'リモートメンテナンス',
      value: `開示 ${disclosed.length}件（確認済み ${disclosed.length - unconfirmed}件、未確認 ${unconfirmed}件）、未開示 ${undisclosed}件、高リスク ${highRisk}件`,
      flagged: unconfirmed + undisclosed + highRisk > 0,
    },
    { label: '未解決のリスク項目', value: `${risks.length}件（期限超過 ${overdue}件）`, flagged: overdue > 0 },
  ];
}
