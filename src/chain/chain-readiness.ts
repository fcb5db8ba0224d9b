import type { OwnChecklistStateDto, ReadinessReasonDto, StoreFiguresDto, StoreSummaryRowDto } from './chain.dto';

/** A row of the store summary statement (chain-statements.ts storeSummaryStatement); figures are null for a store without contracts. */
export interface StoreSummaryRow {
  id: string;
  name: string;
  pharmacy_code: string | null;
  vendors: number | null;
  contracts: number | null;
  checklists_received: number | null;
  checklists_outdated: number | null;
  checklists_missing: number | null;
  checklists_not_required: number | null;
  no_count: number | null;
  overdue_targets: number | null;
  open_requests: number | null;
  open_threads: number | null;
  products_required: number | null;
  sds_received: number | null;
  rm_disclosed: number | null;
  rm_confirmed: number | null;
  rm_sds_required: number | null;
  rm_sds_received: number | null;
  contracts_overdue: number;
  own_form_id: string | null;
  own_answered: string[] | null;
  own_overdue: number | null;
}

/**
 * What holds a store back from the 立入検査, in the order a 管理薬剤師 works through it. The vendor-side
 * codes are those of the store's standing "missing" list (one entry per contract or product).
 */
export const READINESS_REASONS: Record<string, string> = {
  checklist_missing: '事業者確認用チェックリストが未提出',
  checklist_form_outdated: '事業者確認用チェックリストが旧様式で提出済み（再提出が必要）',
  checklist_target_overdue: '目標日を過ぎた「いいえ」がある事業者確認用チェックリスト',
  security_disclosure_missing: 'MDS/SDSが未提出の製品',
  rm_sds_missing: 'RM-SDSが未提出の製品',
  remote_maintenance_undisclosed: 'リモートメンテナンスの利用有無が未開示の製品',
  remote_maintenance_unconfirmed: 'リモートメンテナンスの開示が未確認の製品',
  own_checklist_missing: '薬局確認用チェックリストが未作成',
  own_checklist_outdated: '薬局確認用チェックリストが旧様式で回答済み（新しい様式で回答し直しが必要）',
  own_checklist_incomplete: '薬局確認用チェックリストの未回答項目',
  own_checklist_target_overdue: '薬局確認用チェックリストで目標日を過ぎた「いいえ」',
};

const n = (value: number | null) => value ?? 0;

export function storeFigures(row: StoreSummaryRow): StoreFiguresDto {
  return {
    vendors: n(row.vendors),
    contracts: n(row.contracts),
    checklistsReceived: n(row.checklists_received),
    checklistsOutdated: n(row.checklists_outdated),
    checklistsMissing: n(row.checklists_missing),
    checklistsNotRequired: n(row.checklists_not_required),
    noAnswers: n(row.no_count),
    overdueTargets: n(row.overdue_targets),
    productsWithoutSecurityDisclosure: n(row.products_required) - n(row.sds_received),
    remoteMaintenanceUnconfirmed: n(row.products_required) - n(row.rm_confirmed),
    openRequests: n(row.open_requests),
    openThreads: n(row.open_threads),
  };
}

/** Ready when nothing is held back; the reasons carry their counts. Pure. */
export function readiness(row: StoreSummaryRow, own: OwnChecklistStateDto): Pick<StoreSummaryRowDto, 'ready' | 'readinessLabel' | 'reasons'> {
  const counts: Record<string, number> = {
    checklist_missing: n(row.checklists_missing),
    checklist_form_outdated: n(row.checklists_outdated),
    checklist_target_overdue: row.contracts_overdue,
    security_disclosure_missing: n(row.products_required) - n(row.sds_received),
    rm_sds_missing: n(row.rm_sds_required) - n(row.rm_sds_received),
    remote_maintenance_undisclosed: n(row.products_required) - n(row.rm_disclosed),
    remote_maintenance_unconfirmed: n(row.rm_disclosed) - n(row.rm_confirmed),
    own_checklist_missing: own.saved ? 0 : 1,
    own_checklist_outdated: own.saved && own.formOutdated ? 1 : 0,
    own_checklist_incomplete: own.saved ? own.missingItems : 0,
    own_checklist_target_overdue: own.overdueTargets,
  };
  const reasons: ReadinessReasonDto[] = Object.entries(READINESS_REASONS)
    .filter(([code]) => counts[code] > 0)
    .map(([code, label]) => ({ code, label, count: counts[code] }));
  const ready = reasons.length === 0;
  return { ready, readinessLabel: ready ? '立入検査の準備ができています' : `未対応があります（${reasons.length}種類）`, reasons };
}
