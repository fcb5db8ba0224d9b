import { EVENT_LABELS } from '../api/webhooks';

/**
 * Japanese names for the codes the API sends as identifiers (audit actions, webhook event types,
 * thread history entries): the portal shows these, and keeps the code itself only where an
 * administrator needs it (to filter, to match a webhook receiver).
 */

/** Audit log actions (src/audit callers). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'answer.review': '回答の確認',
  'answer_set.apply': '回答セットの適用',
  'api_client.create': 'APIクライアントの作成',
  'api_client.revoke': 'APIクライアントの無効化',
  'auth.login': 'ログイン',
  'auth.logout': 'ログアウト',
  'auth.password_reset_request': 'パスワード再設定の依頼',
  'auth.refresh_token_reuse': '使用済みトークンの再使用',
  'auth.session_revoke': 'セッションの終了',
  'auth.sessions_revoke_others': '他のセッションをすべて終了',
  'auth.token': 'APIトークンの発行',
  'chain_followup.create': '本部のフォローアップ作成',
  'checklist.batch_submit': 'チェックリストの一括提出',
  'checklist.pdf_read': 'チェックリストPDFの閲覧',
  'checklist.read': 'チェックリストの閲覧',
  'checklist.save': 'チェックリストの保存',
  'checklist.submit': 'チェックリストの提出',
  'checklist.workbook_save': 'Excelからチェックリストを保存',
  'contact_chart.own_contacts_update': '自組織の連絡先の更新',
  'contract.accept': '契約の承認',
  'contract.end': '契約の終了',
  'contract.propose': '契約の申請',
  'contract.withdraw': '契約申請の取り下げ',
  'disclosure.attach': '開示書への添付',
  'disclosure.attachment_read': '開示書の添付の閲覧',
  'disclosure.create': '開示書の作成',
  'disclosure.pdf_read': '開示書PDFの閲覧',
  'disclosure.publish': '開示書の公開',
  'disclosure.read': '開示書の閲覧',
  'disclosure.update': '開示書の更新',
  'disclosure.withdraw': '開示書の取り下げ',
  'document_request.auto_fulfil': '書類依頼の自動対応',
  'document_request.create': '書類の依頼',
  'document_request.decline': '書類依頼の辞退',
  'document_request.fulfil': '書類依頼への対応',
  'evidence_document.archive': '根拠資料のアーカイブ',
  'evidence_document.attach': '根拠資料の添付',
  'evidence_document.create': '根拠資料の登録',
  'evidence_document.file_read': '根拠資料ファイルの閲覧',
  'evidence_document.update': '根拠資料の更新',
  'facility_checklist.read': '薬局確認用チェックリストの閲覧',
  'facility_checklist.save': '薬局確認用チェックリストの保存',
  'form.register': '様式の登録',
  'incident_contact.override': '緊急連絡先の個別設定',
  'incident_contact.override_remove': '緊急連絡先の個別設定の削除',
  'incident_contact.publish': '緊急連絡先の公開',
  'inspection_pack.archive_download': '立入検査用資料（一括）のダウンロード',
  'inspection_pack.download': '立入検査用資料のダウンロード',
  'invitation.accept': '招待の受諾',
  'invitation.create': '招待の作成',
  'invitation.resend': '招待の再送',
  'invitation.revoke': '招待の取り消し',
  'organization.create': '組織の作成',
  'organization.identity_change_requested': '組織情報の変更申請',
  'organization.identity_change_withdrawn': '組織情報の変更申請の取り下げ',
  'organization.update': '組織情報の更新',
  'pending_pharmacy.request': '未登録薬局の招待申請',
  'pharmacy.lookup': '薬局の検索',
  'product.create': '製品の登録',
  'product.update': '製品の更新',
  'remote_maintenance.confirm': 'リモートメンテナンスの確認',
  'remote_maintenance.disclose': 'リモートメンテナンスの開示',
  'remote_maintenance.read': 'リモートメンテナンスの閲覧',
  'review_queue.list': '確認待ち一覧の閲覧',
  'risk_thread.message': 'スレッドへの返信',
  'risk_thread.message_edit': 'スレッドのメッセージ編集',
  'risk_thread.open': 'スレッドの開始',
  'risk_thread.read': 'スレッドの閲覧',
  'risk_thread.reopen': 'スレッドの再開',
  'risk_thread.resolve': 'スレッドの解決',
  'risk_thread.update': 'スレッドの期限変更',
  'standing.read': '対応状況の閲覧',
  'user.create': 'ユーザーの作成',
  'user.credentials_reset': 'ユーザーの認証情報リセット',
  'user.disable_inactive': '長期未使用ユーザーの無効化',
  'user.notification_preferences_update': '通知設定の変更',
  'user.notification_unsubscribe': 'メール通知の停止',
  'user.password_change': 'パスワードの変更',
  'user.password_reset': 'パスワードの再設定',
  'user.recovery_codes_regenerate': '回復コードの再発行',
  'user.two_factor_disable': '二要素認証の解除',
  'user.two_factor_enrol': '二要素認証の登録',
  'user.update': 'ユーザー情報の更新',
  'vendor.lookup': '事業者の検索',
};

/** Who acted, in an audit record. */
export const ACTOR_TYPE_LABELS: Record<string, string> = {
  user: 'ユーザー',
  client: 'APIクライアント',
  system: 'システム',
  anonymous: '未ログイン',
};

/** What an audit record is about (its target type). */
export const TARGET_TYPE_LABELS: Record<string, string> = {
  answer_set: '回答セット',
  api_client: 'APIクライアント',
  chain_followup: 'フォローアップ',
  checklist: 'チェックリスト',
  checklist_batch: 'チェックリストの一括提出',
  contract: '契約',
  disclosure: '開示書',
  document_request: '書類依頼',
  evidence_document: '根拠資料',
  facility_checklist: '薬局確認用チェックリスト',
  form: '様式',
  identity_change: '名称・法人番号の変更申請',
  incident_contact: '緊急連絡先',
  invitation: '招待',
  organization: '組織',
  pending_pharmacy: '未登録薬局',
  product: '製品',
  remote_maintenance: 'リモートメンテナンス',
  remote_maintenance_disclosure: 'リモートメンテナンスの開示',
  risk_thread: 'スレッド',
  session: 'セッション',
  user: 'ユーザー',
  webhook_subscription: 'Webhook',
};

/** Webhook event types: the webhook settings' own table, and the test delivery. */
export const EVENT_TYPE_LABELS: Record<string, string> = { ...EVENT_LABELS, 'webhook.ping': '疎通確認（テスト送信）' };

/** Entries of a risk thread's history (src/risk-threads). */
export const THREAD_HISTORY_LABELS: Record<string, string> = {
  opened: 'スレッドを開始',
  status_changed: '状態が変わりました',
  due_date_changed: '期限を変更',
  message_edited: 'メッセージを編集',
  resolved: '解決済みにしました',
  reopened: '再開しました',
};

/** Risk thread statuses, where the API sends only the code (history details). */
export const THREAD_STATUS_LABELS: Record<string, string> = {
  waiting_vendor: '事業者回答待ち',
  waiting_pharmacy: '薬局確認待ち',
  resolved: '解決済み',
};

/** The Japanese name of a code from one of the tables above; an unknown code is shown as it is. */
export function labelOf(table: Record<string, string>, code: string | null | undefined): string {
  if (!code) return '—';
  return table[code] ?? code;
}
