import type { InspectionPackView, InspectionSheetItem } from '../inspection-pack.types';
import { R7_INSTRUCTIONS, sampleChecklistView } from './samples';

/**
 * A realistic inspection pack view for tests and previews: a pharmacy with `vendors` vendors
 * (the first two under maintenance contracts, one of them without its checklist, the last one
 * sale-only), its own 薬局確認用 with the derived 2-②/2-③, MDS/SDS, remote maintenance and risks.
 */

const PHARMACY_ITEMS: readonly (readonly [string, string, string])[] = [
  ['1-①', '1 体制構築', '医療情報システム安全管理責任者を設置している。'],
  ['2-①', '2 医療情報システムの管理・運用', 'サーバ、端末PC、ネットワーク機器の台帳管理を行っている。'],
  ['2-②', '2 医療情報システムの管理・運用', 'リモートメンテナンス（保守）を利用している機器の有無を事業者等に確認した。'],
  ['2-③', '2 医療情報システムの管理・運用', '事業者から製造業者/サービス事業者による医療情報セキュリティ開示書（MDS/SDS）を提出してもらう。'],
  ['2-④', '2 医療情報システムの管理・運用', '利用者の職種・担当業務別の情報区分毎のアクセス利用権限を設定している。'],
  ['3-①', '3 インシデント発生に備えた対応', 'インシデント発生時における組織内と外部関係機関（事業者、厚生労働省、警察等）への連絡体制図がある。'],
  ['3-③', '3 インシデント発生に備えた対応', 'サイバー攻撃を想定した事業継続計画（BCP）を策定している。'],
  ['4-①', '4 規程類の整備', '上記1-3のすべての項目について、具体的な実施方法を運用管理規程等に定めている。'],
];

const VENDORS = ['株式会社みなとメディカルシステムズ', 'さくらデータサービス株式会社', '株式会社ひかり調剤機器', 'あおば薬歴クラウド株式会社', '中央システム販売株式会社'];

function ownItems(): InspectionSheetItem[] {
  return PHARMACY_ITEMS.map(([id, section, text]) => {
    const derived = id === '2-②' || id === '2-③';
    const negative = id === '3-③';
    return {
      id,
      section,
      text,
      derived,
      answer: derived ? (id === '2-②' ? 'いいえ' : 'はい') : negative ? 'いいえ' : id === '4-①' ? null : 'はい',
      confirmedOn: derived && id === '2-②' ? null : '2025-06-01',
      targetOn: negative ? '2026-01-31' : null,
      remarks: derived ? '事業者の開示状況からKaijiが算出（判定根拠は下記）' : id === '1-①' ? '管理薬剤師 山田 花子' : null,
    };
  });
}

export function sampleInspectionPackView(vendors = 3): InspectionPackView {
  const names = Array.from({ length: vendors }, (_, i) => `${VENDORS[i % VENDORS.length]}${i >= VENDORS.length ? ` ${Math.floor(i / VENDORS.length) + 1}` : ''}`);
  const received = names.filter((_, i) => vendors === 1 || (i !== 1 && i !== vendors - 1));
  return {
    pharmacyName: 'さくら調剤薬局 本町店',
    pharmacyCode: '1312345678',
    fiscalYearLabel: '令和7年度',
    fiscalYearPeriod: '2025-04-01〜2026-03-31',
    issuedOn: '2025-11-20',
    issuedTo: 'さくら調剤薬局 本町店',
    manager: { name: '管理薬剤師 山田 花子', source: '薬局確認用 1-① の備考' },
    forms: [
      { label: '薬局確認用', value: '令和7年度: 令和7年度版' },
      { label: '事業者確認用（この年度に適用）', value: '令和7年度: 令和7年度版' },
      { label: '事業者確認用（受領分）', value: `令和7年度: 令和7年度版：${received.length}件` },
    ],
    summary: [
      { label: '薬局確認用', value: '回答 7/8項目、いいえ 2件、未回答 1項目（4-①）', flagged: true },
      { label: '2-② リモートメンテナンス', value: 'いいえ（事業者の開示が未確認）', flagged: true },
      { label: '2-③ MDS/SDS', value: 'はい' },
      { label: '事業者確認用', value: `受領 ${received.length}件／必要 ${vendors - 1}件` },
    ],
    onSiteDocuments: ['2-① サーバ、端末PC、ネットワーク機器の台帳', '3-① インシデント発生時の連絡体制図', '3-③ 事業継続計画（BCP）', '4-① 運用管理規程等の規程類'],
    ownChecklist: {
      title: '令和7年度版 薬局におけるサイバーセキュリティ対策チェックリスト（薬局確認用）',
      formUseLabel: '令和7年度: 令和7年度版',
      updatedOn: '2025-06-01',
      instructions: R7_INSTRUCTIONS,
      items: ownItems(),
      notes: [{ label: '未回答の項目', value: '4-①', flagged: true }],
      derivations: [
        {
          itemId: '2-②',
          itemText: 'リモートメンテナンス（保守）を利用している機器の有無を事業者等に確認した。',
          answer: 'いいえ',
          reason: '保守・運用契約2件のうち1件で、リモートメンテナンスの開示が未受領または未確認の製品があります。',
          contracts: [
            { vendorName: names[0], satisfied: true, missing: [] },
            { vendorName: names[1] ?? names[0], satisfied: false, missing: ['さくらデータサービス株式会社による「クラウド薬歴」のリモートメンテナンス開示（第1版）を確認してください'] },
          ],
        },
      ],
    },
    ownChecklistMissing: null,
    vendorStatuses: names.map((vendorName, i) => {
      const saleOnly = i === vendors - 1 && vendors > 1;
      const missing = i === 1 && !saleOnly;
      return {
        vendorName,
        agentName: i === 0 ? '株式会社みなと保守サービス' : null,
        contractKindLabel: saleOnly ? '売買契約のみ' : '保守契約',
        statusLabel: saleOnly ? '不要（売買契約のみ）' : missing ? '未提出' : '受領済み',
        flagged: missing,
        revisionLabel: saleOnly || missing ? null : '第2版',
        submittedOn: saleOnly || missing ? null : '2025-07-01',
        noCount: saleOnly || missing ? null : 2,
        overdueCount: saleOnly || missing ? null : 0,
      };
    }),
    vendorSheets: received.map((vendorName, i) => ({
      heading: `${vendorName}（保守契約）`,
      sheet: { ...sampleChecklistView(), vendorName, customerName: 'さくら調剤薬局 本町店（保険薬局コード 1312345678）' },
      notes: i === 1 ? ['旧様式で回答されています。最新様式での再提出を依頼してください。'] : [],
    })),
    disclosures: names.slice(0, Math.max(1, vendors - 1)).map((vendorName, i) => ({
      vendorName,
      authorName: null,
      productName: `みなとクラウド電子薬歴 ${i + 1}`,
      productVersion: '5.2',
      kind: i % 2 ? 'MDS' : 'SDS',
      revisionLabel: '第3版',
      publishedOn: '2025-06-01',
      riskAnswerCount: i % 3,
    })),
    missingDisclosures: [{ vendorName: names[1] ?? names[0], productName: 'クラウド薬歴', what: 'RM-SDS（リモートメンテナンスに関するSDS）' }],
    remoteMaintenance: names.slice(0, Math.max(1, vendors - 1)).map((vendorName, i) => ({
      vendorName,
      productName: `みなとクラウド電子薬歴 ${i + 1}`,
      riskLevel: i === 1 ? 'high' : 'none',
      riskLevelLabel: i === 1 ? '高' : 'なし',
      statusLabel: i === 1 ? '未確認（薬局の確認待ち）' : '確認済み 2025-06-10（山田 花子）',
      flagged: i === 1,
      facts: [
        { label: '実施者', value: vendorName },
        { label: '接続方法', value: 'インターネットVPN' },
        { label: '接続機器', value: 'Fortinet FortiGate 40F ファームウェア 7.2.8（最終更新 2025-05-01）' },
        { label: '二要素認証', value: i === 1 ? 'なし' : 'あり', flagged: i === 1 },
        { label: '接続元制限', value: 'あり' },
        { label: '接続記録', value: 'あり' },
      ],
      risks: i === 1 ? ['二要素認証が設定されていません'] : [],
    })),
    risks: [
      {
        vendorName: names[0],
        documentLabel: 'SDS みなとクラウド電子薬歴 5.2 第3版',
        itemId: '6',
        itemText: '情報システムへのアクセス制限、記録、点検等を定めたアクセス管理規程を作成しているか？',
        answer: 'いいえ',
        statusLabel: '事業者回答待ち',
        dueOn: '2025-10-31',
        overdue: true,
        openedOn: '2025-09-01',
      },
    ],
  };
}
