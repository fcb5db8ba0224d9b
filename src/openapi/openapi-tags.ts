/**
 * The document's top-level tags, in the order a reader meets them, each with what it groups. An
 * operation's tag missing here is declared without a description, which the OpenAPI test and the
 * linters report: add it here when a controller gets a new @ApiTags.
 */
export const OPENAPI_TAGS: { name: string; description: string }[] = [
  { name: 'health', description: '死活・準備確認 (liveness and readiness for load balancers and orchestrators).' },
  { name: 'openapi', description: 'この API 仕様書そのもの (this OpenAPI document, served by the running server).' },
  { name: 'auth', description: 'ログイン・トークン・二要素認証、API クライアントの OAuth 2.0 client credentials (sign-in, tokens, 2FA, and the OAuth token endpoint for vendor systems).' },
  { name: 'users', description: '組織のユーザーアカウント管理 (the accounts of an organization, managed by its administrators).' },
  { name: 'api-clients', description: '事業者システム用の API クライアント (machine credentials for vendor systems: scopes, allowed sources, secrets).' },
  { name: 'organizations', description: '事業者・薬局・法人本部の組織情報 (vendors, pharmacies and chains: their identity and settings).' },
  { name: 'invitations', description: '組織へのユーザー招待 (inviting people into an organization).' },
  { name: 'pending-pharmacies', description: 'Kaiji 未登録の薬局の招待と運営者による承認 (pharmacies invited before they are on Kaiji, approved by the operator).' },
  { name: 'products', description: '事業者の製品 (the products a vendor discloses for).' },
  { name: 'contracts', description: '事業者と薬局の契約: 提案・承諾・終了 (contracts between vendors and pharmacies: proposal, acceptance, end).' },
  { name: 'disclosures', description: 'MDS/SDS/RM-SDS の開示と原本 PDF (security disclosures and their original PDFs).' },
  { name: 'forms', description: 'チェックリストと MDS/SDS の様式 (form versions per 年度 and audience).' },
  { name: 'checklists', description: '事業者確認用チェックリスト: 下書き・提出・一括提出 (vendor checklists per contract and 年度: drafts, submission, bulk).' },
  { name: 'answer-sets', description: '複数の顧客に適用する回答セット (reusable sets of checklist answers applied to many customers).' },
  { name: 'workbooks', description: 'Excel (XLSX) での一括ダウンロードとアップロード (checklists and disclosures as workbooks).' },
  { name: 'revision-changes', description: '版の差分 (what changed between revisions of a checklist or disclosure).' },
  { name: 'document-requests', description: '薬局から事業者への書類の依頼 (pharmacies asking vendors for a document).' },
  { name: 'risk-threads', description: 'いいえ・対象外の回答についての問い合わせスレッド (threads about risky answers, between pharmacy and vendor).' },
  { name: 'review-queue', description: '未確認の いいえ・対象外 回答 (risky answers nobody has reviewed yet).' },
  { name: 'remote-maintenance', description: 'リモート保守の開示と確認 (how remote maintenance is performed, disclosed by its maintainer).' },
  { name: 'pharmacies', description: '薬局確認用と薬局ごとの充足状況 (the pharmacy’s own checklist and its standing per 年度).' },
  { name: 'chains', description: '法人本部: 店舗×事業者の集計 (chain headquarters: matrices and summaries over their stores).' },
  { name: 'chain-followups', description: '法人本部から事業者への一括フォローアップ (one follow-up from a chain to a vendor covering many stores).' },
  { name: 'incident-contacts', description: '事業者・代理店のインシデント連絡窓口と契約ごとの上書き (the incident contact a vendor or agent publishes, and per-contract overrides).' },
  { name: 'contact-chart', description: '薬局の連絡体制図: 院内の連絡先と各事業者の窓口 (a pharmacy\'s incident contact chart: its own contacts and each vendor\'s contact in effect).' },
  { name: 'evidence-documents', description: '証跡・規程類: BCP、規程類、アクセスログ確認記録（2-⑪）のPDFを年度ごとに保管し、見直し時期を示す (a pharmacy\'s evidence files per 年度, with review dates; its chain reads them).' },
  { name: 'inspection-pack', description: '立入検査資料 (PDF/ZIP inspection packs per pharmacy and chain).' },
  { name: 'notifications', description: '通知とメール配信の設定 (in-portal notifications and mail preferences).' },
  { name: 'mail', description: '送信したメールの記録 (the mail Kaiji sent to an organization, for its administrators).' },
  { name: 'webhooks', description: 'Webhook の購読と配信 (Standard Webhooks subscriptions, deliveries, test and redelivery).' },
  { name: 'audit', description: '監査ログとその改ざん検証 (the access log and its hash-chain verification).' },
];
