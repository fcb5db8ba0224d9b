import type { ChecklistDto } from '../checklists/checklists.dto';
import type { FacilityChecklistDto, FacilityChecklistItemDto } from '../facility-checklists/facility-checklists.dto';
import type { FormDefinition } from '../forms/form-definition';
import { describeFormUse } from '../forms/form-use';
import type { RiskThreadDto } from '../risk-threads/risk-threads.dto';
import type { StandingContractRow, StandingProductRow } from '../standing/standing.queries';
import { chainArchiveName, packFileName, uniqueName } from './inspection-pack-files';
import type { InspectionPackData } from './inspection-pack-gatherer.service';
import { formsOf, inspectionPackView, managerOf } from './inspection-pack-view';
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
    plannedOn: null,
    plannedBy: null,
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
    vendorChecklistForm: null,
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

  describe('the form versions (令和8年度 on the carried-forward 令和7年度版 until its own is registered)', () => {
    const version = (id: string, fiscalYear: number, revision = 1, versionLabel = `令和${fiscalYear - 2018}年度版`) =>
      ({ id, fiscalYear, revision, versionLabel, title: `${versionLabel} 事業者確認用`, audience: 'pharmacy', instructions: [], sections: [], items: [] }) as unknown as FormDefinition;
    const r7 = version('vendor-r7', 2025);
    const r7b = version('vendor-r7-b', 2025, 2, '令和7年度版（改訂）');
    const sheetOn = (id: string, used: FormDefinition, applicable: FormDefinition) => ({
      checklist: {
        id,
        fiscalYearLabel: '令和8年度',
        vendor: { id: 'v', name: '事業者' },
        customer: { id: 'f1', name: 'さくら薬局' },
        managerName: null,
        statusLabel: '提出済み',
        revision: 1,
        submittedAt: '2026-06-01T00:00:00.000Z',
        answers: [],
        formUse: describeFormUse(2026, used, applicable, true),
      } as unknown as ChecklistDto,
      form: used,
    });

    it('says on the cover which versions are used, carried forward, and which received ones are 旧様式', () => {
      const own = { checklist: { ...ownWith({}).checklist, formUse: describeFormUse(2026, version('own-r7', 2025), version('own-r7', 2025), true) }, form: version('own-r7', 2025) };
      const facts = formsOf(
        { own, vendorChecklistForm: describeFormUse(2026, r7b, r7b, false), sheets: new Map([['a', sheetOn('c1', r7, r7b)], ['b', sheetOn('c2', r7b, r7b)], ['c', sheetOn('c3', r7b, r7b)]]) },
        '令和8年度',
      );
      expect(facts).toEqual([
        { label: '薬局確認用', value: '令和8年度: 令和7年度版で回答（令和8年度版は未登録）', flagged: false },
        { label: '事業者確認用（この年度に適用）', value: '令和8年度: 令和7年度版（改訂）を使用（令和8年度版は未登録）' },
        { label: '事業者確認用（受領分）', value: '令和8年度: 令和7年度版で回答（旧様式: 令和7年度版（改訂）が登録済み）：1件（再提出が必要）', flagged: true },
        { label: '事業者確認用（受領分）', value: '令和8年度: 令和7年度版（改訂）で回答（令和8年度版は未登録）：2件', flagged: false },
      ]);
      expect(formsOf({ own: null, vendorChecklistForm: null, sheets: new Map() }, '令和6年度')).toEqual([
        { label: '薬局確認用', value: '令和6年度: 様式未登録', flagged: true },
        { label: '事業者確認用（この年度に適用）', value: '令和6年度: 様式未登録' },
      ]);
    });

    it('prints each received sheet with the version it was answered on, and asks for a re-submission on a 旧様式', () => {
      const view = inspectionPackView(
        data({
          fiscalYear: 2026,
          vendorChecklistForm: describeFormUse(2026, r7b, r7b, false),
          contracts: [contract('a', 'maintenance', { checklist_id: 'c1', checklist_revision: 1, newer_form_id: r7b.id }), contract('b', 'maintenance', { checklist_id: 'c2', checklist_revision: 1 })],
          sheets: new Map([['a', sheetOn('c1', r7, r7b)], ['b', sheetOn('c2', r7b, r7b)]]),
        }),
      );
      expect(view.vendorSheets.map((sheet) => sheet.sheet.formUseLabel)).toEqual([
        '令和8年度: 令和7年度版で回答（旧様式: 令和7年度版（改訂）が登録済み）',
        '令和8年度: 令和7年度版（改訂）で回答（令和8年度版は未登録）',
      ]);
      expect(view.vendorSheets[0].notes[0]).toBe('旧様式で回答されています（令和8年度: 令和7年度版で回答（旧様式: 令和7年度版（改訂）が登録済み））。最新様式での再提出を事業者に依頼してください。');
      expect(view.vendorSheets[1].notes).toEqual([]);
      expect(view.vendorStatuses.map((s) => s.statusLabel)).toEqual(['旧様式で提出済み（再提出が必要）', '受領済み']);
      expect(view.fiscalYearLabel).toBe('令和8年度');
    });
  });
});
