import type { ChecklistPdfItem, ChecklistPdfView, DisclosurePdfView } from '../pdf.types';

/**
 * Realistic views for tests, benchmarks and previews: item texts as in the repository's reference
 * transcriptions of the 令和7年度 事業者確認用 (pharmacy) form and the JAHIS/JIRA SDS form for
 * guideline 第6.0版 (answers, names and remarks are made up).
 */

const SECTION_1 = '1 体制構築';
const SECTION_2 = '2 医療情報システムの管理・運用';

/** [vendor id, pharmacy id, text] of the 令和7年度 事業者確認用 (薬局) items. */
export const R7_VENDOR_ITEMS: readonly (readonly [string, string, string])[] = [
  ['1-①', '1-①', '事業者内に、医療情報システム等の提供に係る管理責任者を設置している。'],
  ['2-①', '2-②', 'リモートメンテナンス（保守）している機器の有無を確認した。'],
  ['2-②', '2-③', '薬局に製造業者/サービス事業者による医療情報セキュリティ開示書（MDS/SDS）を提出した。'],
  ['2-③', '2-④', '利用者の職種・担当業務別の情報区分毎のアクセス利用権限を設定している。※管理者権限対象者の明確化を行っている'],
  ['2-④', '2-⑤', '退職者や使用していないアカウント等、不要なアカウントを削除または無効化している。'],
  ['2-⑤', '2-⑥', 'セキュリティパッチ（最新ファームウェアや更新プログラム）を適用している。'],
  ['2-⑥', '2-⑦', 'パスワードは英数字、記号が混在した8文字以上とし、定期的に変更している。※二要素認証、または13文字以上の場合は定期的な変更は不要'],
  ['2-⑦', '2-⑧', 'パスワードの使い回しを禁止している。'],
  ['2-⑧', '2-⑨', 'USBストレージ等の外部接続機器や情報機器に対して接続を制限している。'],
  ['2-⑨', '2-⑩', '二要素認証を実施している。または令和9年度までに実施予定である。'],
  ['2-⑩', '2-⑪', 'アクセスログを管理している。'],
  ['2-⑪', '2-⑫', 'バックグラウンドで動作している不要なソフトウェア及びサービスを停止している。'],
  ['2-⑫', '2-⑬', 'バックグラウンドで動作している不要なソフトウェア及びサービスを停止している。'],
  ['2-⑬', '2-⑭', '接続元制限を実施している。'],
];

export const R7_INSTRUCTIONS = [
  '以下項目は令和7年度中にすべての項目で「はい」にマルが付くよう取り組んでください。',
  '「いいえ」の場合、令和7年度中の対応目標日を記入してください。',
];

/** The 14 items answered: はい except 2-⑨ (いいえ with a 目標日) and 2-⑫ (いいえ). */
export function sampleChecklistItems(count = R7_VENDOR_ITEMS.length): ChecklistPdfItem[] {
  return Array.from({ length: count }, (_, index) => {
    const [id, counterpartId, text] = R7_VENDOR_ITEMS[index % R7_VENDOR_ITEMS.length];
    const round = Math.floor(index / R7_VENDOR_ITEMS.length);
    const negative = id === '2-⑨' || id === '2-⑫';
    return {
      id: round ? `${id}-${round + 1}` : id,
      counterpartId,
      section: id.startsWith('1-') ? SECTION_1 : SECTION_2,
      text,
      answer: negative ? 'いいえ' : 'はい',
      confirmedOn: '2025-06-30',
      targetOn: negative ? '2026-03-31' : null,
      remarks:
        id === '2-⑨'
          ? 'リモート保守端末はワンタイムパスワードを導入済み。薬局設置サーバは2026年3月までに対応予定。'
          : id === '2-①'
            ? 'VPN経由の保守対象：レセコンサーバ、電子薬歴サーバ'
            : null,
    };
  });
}

export function sampleChecklistView(count?: number): ChecklistPdfView {
  return {
    title: '令和7年度 薬局におけるサイバーセキュリティ対策チェックリスト（事業者確認用）',
    fiscalYearLabel: '令和7年度',
    vendorName: '株式会社みなとメディカルシステムズ',
    customerName: 'さくら調剤薬局 本町店（保険薬局コード 1312345678）',
    managerName: '山田 太郎（情報セキュリティ管理責任者）',
    status: '提出済み',
    revision: 2,
    submittedAt: '2025-07-01T10:15:00+09:00',
    instructions: R7_INSTRUCTIONS,
    items: sampleChecklistItems(count),
  };
}

const SDS_SECTIONS: readonly (readonly [string, readonly (readonly [string, string, string, string | null])[]])[] = [
  [
    '診療録及び診療諸記録等の医療情報の取扱いを受託する際の基準',
    [
      ['1', '診療録及び診療諸記録等の外部保存を受託するか？', '該当', null],
      ['1.1', '保存場所が「病院、診療所、医療法人等が適切に管理する場所」の場合、安全管理ガイドラインで示された選定基準と情報の取扱い要件を満たすか？', '対象外', '外部保存はデータセンター事業者の施設で行う。'],
      ['1.2', '保存場所が「医療機関等が外部の事業者との契約に基づいて確保した安全な場所」の場合、安全管理ガイドラインで示された選定基準と情報の取扱い要件を満たすか？', 'はい', '国内リージョンのみ使用。'],
    ],
  ],
  [
    '医療機関等における情報セキュリティマネジメントシステム（ISMS）の実践',
    [['2', '扱う情報のリストを医療機関等に提示できるか？', 'はい', '契約時に「取扱情報一覧」を提示。']],
  ],
  [
    '組織的安全管理対策（体制、運用管理規程）',
    [
      ['3', '医療情報システムを運用する際に、医療情報システムの企画管理者を設置しているか？', 'はい', null],
      ['4', '医療情報システムを運用する際に、技術担当者を指定しているか？', 'はい', null],
      ['5', '個人情報参照可能な場所に対しては、入退管理のルールを定めているか？', 'はい', null],
      ['6', '情報システムへのアクセス制限、記録、点検等を定めたアクセス管理規程を作成しているか？', 'いいえ', '2025年度下期に規程を整備予定。'],
      ['7', '医療機関等との契約に安全管理に関する条項を含めているか？', 'はい', null],
      ['8', '個人情報を含む医療情報システムの業務を外部委託する場合、委託元である医療機関等との契約に再委託先を含めた安全管理に関する条項を含めているか？', 'はい', null],
      ['9', '運用管理規程等において組織的安全管理対策に関する事項等を定めているか？', 'はい', null],
    ],
  ],
  [
    '物理的安全対策',
    [
      ['10', '個人情報保存されている機器の設置場所及び記録媒体の保存場所には施錠しているか？', 'はい', null],
      ['11', '個人情報を入力・参照できる端末が設置されている区画は、許可されたもの以外立ち入ることができないように対策されているか？', '対象外', '端末は医療機関側の設置。'],
      ['12', '個人情報保存されている機器が設置されている区画への入退管理を実施しているか？', 'はい', 'ICカードによる入退室記録。'],
    ],
  ],
];

export const SDS_DISCLAIMER =
  '本書式を作成したJAHIS/JIRAは、製品設計・設置・保守等の認証・試験・検査等はありません。また、特定の医療機関等における特定の目的・ニーズを満たすこと、あるいは個々の製品またはサービスの性能を保証するものではありません。この書式への記入内容は、記入した製造業者/サービス事業者が全責任を負います。';

export function sampleDisclosureView(): DisclosurePdfView {
  return {
    kind: 'SDS',
    title: 'サービス事業者による医療情報セキュリティ開示書（SDS）',
    formLabel: 'JAHIS/JIRA 開示書 — 医療情報システムの安全管理に関するガイドライン第6.0版対応',
    vendorName: '株式会社みなとメディカルシステムズ',
    productName: 'みなとクラウド電子薬歴',
    productVersion: '5.2',
    revision: 3,
    status: 'published',
    statusLabel: '公開中',
    createdOn: '2025-05-20',
    publishedOn: '2025-06-01',
    sections: SDS_SECTIONS.map(([title, rows]) => ({
      title,
      rows: rows.map(([id, text, answer, remarks]) => ({ id, text, answer, remarks, flagged: answer === 'いいえ' || answer === '対象外' })),
    })),
    disclaimer: SDS_DISCLAIMER,
  };
}
