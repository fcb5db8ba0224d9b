import type { FacilityChecklistDto, FacilityChecklistItemDto } from '../facility-checklists/facility-checklists.dto';
import type { RiskThreadDto } from '../risk-threads/risk-threads.dto';
import type { StandingContractRow, StandingProductRow } from '../standing/standing.queries';
import { chainArchiveName, packFileName, uniqueName } from './inspection-pack-files';
import type { InspectionPackData } from './inspection-pack-gatherer.service';
import { inspectionPackView, managerOf } from './inspection-pack-view';
import { missingDisclosures, remoteMaintenanceEntries, riskRows } from './inspection-pack-view-documents';

/** The pack's view model from gathered data, without a database: who is named, what is flagged, what is left out. */

function contract(id: string, kind: StandingContractRow['kind'], extra: Partial<StandingContractRow> = {}): StandingContractRow {
  return {
    contract_id: id,
    customer_id: 'f1',
    kind,
    vendor_id: `v-${id}`,
    vendor_name: `事業者${id}`,
    agent_id: null,
    agent_name: null,
    starts_on: '2025-04-01',
    ends_on: null,
    checklist_id: null,
    checklist_revision: null,
    checklist_submitted_at: null,
    checklist_form_id: null,
    newer_form_id: null,
    no_count: 0,
    overdue_count: 0,
    open_requests: 0,
    overdue_requests: 0,
    open_threads: 0,
    ...extra,
  };
}

function product(contractId: string, extra: Partial<StandingProductRow> = {}): StandingProductRow {
  return {
    contract_id: contractId,
    customer_id: 'f1',
    vendor_id: `v-${contractId}`,
    contract_kind: 'maintenance',
    product_id: `p-${contractId}`,
    product_name: `製品${contractId}`,
    category: 'レセコン',
    deployment: 'cloud',
    sds_id: null,
    sds_kind: null,
    sds_version: null,
    sds_published_at: null,
    rm_id: null,
    rm_revision: null,
    rm_author_id: null,
    rm_author_name: null,
    rm_in_use: null,
    rm_confirmed_at: null,
    rm_connection_method: null,
    rm_gateway_label: null,
    rm_gateway_patched_on: null,
    rm_two_factor: null,
    rm_source_restricted: null,
    rm_session_logging: null,
    rm_unique_credentials: null,
    rm_sds_id: null,
    rm_sds_published_at: null,
    ...extra,
  };
}

function ownWith(item: Partial<FacilityChecklistItemDto>): { checklist: FacilityChecklistDto } {
  const base: FacilityChecklistItemDto = {
    itemId: '1-①',
    section: '体制構築',
    scope: null,
    text: '医療情報システム安全管理責任者を設置している。',
    textEn: null,
    condition: null,
    derived: false,
    answer: 'はい',
    confirmedOn: '2025-06-01',
    targetOn: null,
    remarks: null,
    targetOverdue: false,
    derivation: null,
  };
  return { checklist: { items: [{ ...base, ...item }] } as FacilityChecklistDto };
}

function data(extra: Partial<InspectionPackData> = {}): InspectionPackData {
  return {
    facility: { id: 'f1', name: 'さくら薬局', pharmacy_code: '1312345678' },
    fiscalYear: 2025,
    today: '2025-11-20',
    issuedTo: 'さくら薬局',
    adminName: '管理 一郎',
    own: null,
    contracts: [],
    products: [],
    sheets: new Map(),
    disclosures: [],
    remoteMaintenance: new Map(),
    risks: [],
    ...extra,
  };
}

describe('inspection pack view', () => {
  describe('the 安全管理責任者 on the cover', () => {
    it('is the name in the 備考 of 1-① when answered はい', () => {
      expect(managerOf({ own: ownWith({ remarks: ' 薬剤師 山田 ' }) as InspectionPackData['own'], adminName: '管理 一郎' })).toEqual({ name: '薬剤師 山田', source: '薬局確認用 1-① の備考' });
    });

    it('falls back to the pharmacy’s first administrator when 1-① names nobody or reads いいえ', () => {
      for (const item of [{ remarks: null }, { answer: 'いいえ', remarks: '未設置' }]) {
        const manager = managerOf({ own: ownWith(item) as InspectionPackData['own'], adminName: '管理 一郎' });
        expect(manager.name).toBe('管理 一郎');
        expect(manager.source).toContain('薬局の管理者アカウント');
      }
    });

    it('is 未設定 with a hint when there is neither', () => {
      expect(managerOf({ own: null, adminName: null })).toEqual({ name: null, source: '薬局確認用 1-① の備考に責任者名を記入してください' });
    });
  });

  it('tells received, missing (with open requests) and not-required checklists apart, and flags the missing', () => {
    const view = inspectionPackView(
      data({
        contracts: [
          contract('a', 'maintenance', { checklist_id: 'c1', checklist_revision: 2, checklist_submitted_at: new Date('2025-07-01T01:00:00Z'), no_count: 1 }),
          contract('b', 'operation', { open_requests: 1 }),
          contract('c', 'sale_only'),
        ],
      }),
    );
    expect(view.vendorStatuses.map((s) => [s.statusLabel, s.flagged, s.revisionLabel, s.noCount])).toEqual([
      ['受領済み', false, '第2版', 1],
      ['未提出（依頼中 1件）', true, null, null],
      ['不要（売買契約のみ）', false, null, null],
    ]);
    expect(view.summary.find((f) => f.label === '事業者確認用')).toEqual({
      label: '事業者確認用',
      value: '受領 1件／必要 2件（未提出 1件、旧様式 0件、売買契約のみで不要 1件）',
      flagged: true,
    });
    expect(view.ownChecklistMissing).toContain('令和7年度の薬局確認用チェックリストの様式はまだ登録されていません');
  });

  it('lists the MDS/SDS and RM-SDS still owed, never for a sale-only contract', () => {
    const contracts = [contract('a', 'maintenance'), contract('s', 'sale_only')];
    const products = [product('a', { rm_id: 'rm1', rm_in_use: true, rm_author_name: '代理店X' }), product('s')];
    expect(missingDisclosures(contracts, products)).toEqual([
      { vendorName: '事業者a', productName: '製品a', what: 'MDS/SDS（医療情報セキュリティ開示書）' },
      { vendorName: '代理店X', productName: '製品a', what: 'RM-SDS（リモートメンテナンスに関するSDS）' },
    ]);
  });

  it('lists a product owed a remote-maintenance disclosure as 未開示 and leaves sale-only products without one out', () => {
    const entries = remoteMaintenanceEntries({ contracts: [contract('a', 'maintenance'), contract('s', 'sale_only')], products: [product('a'), product('s')], remoteMaintenance: new Map() });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ vendorName: '事業者a', productName: '製品a', riskLevel: null, flagged: true });
    expect(entries[0].statusLabel).toContain('未開示');
  });

  it('shows a fix the vendor plans as 修正予定 with its date, overdue once past', () => {
    const thread = {
      vendor: { id: 'v', name: '事業者a' },
      itemId: '6',
      snapshot: { documentLabel: 'SDS 製品a 1.0 第1版', itemText: 'アクセス管理規程', answer: 'いいえ' },
      statusLabel: '解決済み',
      dueOn: null,
      overdue: false,
      createdAt: '2025-09-01T03:00:00.000Z',
      resolution: { outcome: 'fix_planned', outcomeLabel: '修正予定', fixDueOn: '2025-10-31', fixOverdue: true },
    } as unknown as RiskThreadDto;
    expect(riskRows([thread])).toEqual([
      { vendorName: '事業者a', documentLabel: 'SDS 製品a 1.0 第1版', itemId: '6', itemText: 'アクセス管理規程', answer: 'いいえ', statusLabel: '修正予定（解決済み）', dueOn: '2025-10-31', overdue: true, openedOn: '2025-09-01' },
    ]);
  });

  it('names files <保険薬局コード>_<店舗名>_<令和N年度>.pdf, safe on Windows and unique in an archive', () => {
    expect(packFileName({ name: 'さくら薬局 駅前店/2号館:*?', pharmacy_code: '1312345678' }, 2025)).toBe('1312345678_さくら薬局 駅前店_2号館____令和7年度.pdf');
    expect(packFileName({ name: '..', pharmacy_code: null }, 2019)).toBe('コード未登録___令和元年度.pdf');
    expect(chainArchiveName('さくらHD', 2025)).toBe('さくらHD_立入検査資料_令和7年度.zip');
    const taken = new Set<string>();
    expect(['a.pdf', 'a.pdf', 'a.pdf'].map((name) => uniqueName(name, taken))).toEqual(['a.pdf', 'a（2）.pdf', 'a（3）.pdf']);
  });
});
