import { ApiError } from '../api/client';

/** Japanese wording for the API's stable problem codes; the API's own `detail` is shown beneath. */
const MESSAGES: Record<string, string> = {
  invalid_credentials: 'メールアドレスまたはパスワードが正しくありません。',
  otp_required: '認証アプリに表示されている6桁のコードを入力してください。',
  invalid_otp: '認証コードが正しくないか、すでに使用されています。',
  rate_limited: '試行回数が多すぎます。しばらく待ってから再度お試しください。',
  too_many_attempts: '試行回数が多すぎます。しばらく待ってから再度お試しください。',
  login_locked: 'ログインが一時的にロックされています。しばらく待ってから再度お試しください。',
  invalid_refresh_token: 'セッションの有効期限が切れました。もう一度ログインしてください。',
  invalid_token: 'セッションの有効期限が切れました。もう一度ログインしてください。',
  two_factor_enrolment_required: '組織の方針により、二要素認証の登録が必要です。アカウント画面で登録してください。',
  two_factor_already_enrolled: '二要素認証はすでに登録されています。',
  weak_password: 'パスワードが弱すぎます。8文字以上で英字・数字・記号を混ぜるか、13文字以上にしてください。',
  password_reused: '最近使ったパスワードは再利用できません。',
  validation_failed: '入力内容を確認してください。',
  not_found: '見つかりません。削除されたか、閲覧する権限がありません。',
  forbidden: 'この操作を行う権限がありません。',
  admin_required: '組織の管理者のみが行える操作です。',
  read_only_role: '閲覧専用の権限では変更できません。',
  contract_not_active: '契約が有効ではありません。',
  checklist_not_required: '売買契約のみの契約ではチェックリストは不要です。',
  thread_already_open: 'この項目にはすでに対応中のスレッドがあります。',
  thread_resolved: 'このスレッドは解決済みです。',
  request_not_open: 'この依頼はすでに対応済みです。',
  last_admin: '最後の管理者は変更・無効化できません。',
  email_taken: 'このメールアドレスのアカウントはすでに存在します。',
  service_unavailable: 'サーバーが一時的に利用できません。しばらくしてから再度お試しください。',
  internal_error: 'サーバーで予期しないエラーが発生しました。',
  network_error: 'サーバーに接続できません。',
};

export interface ErrorText {
  title: string;
  detail?: string;
  requestId?: string;
  fields: string[];
}

export function describeError(error: unknown): ErrorText {
  if (error instanceof ApiError) {
    const title = MESSAGES[error.code] ?? (error.status === 404 ? MESSAGES.not_found : error.status === 403 ? MESSAGES.forbidden : `エラーが発生しました (${error.status || 'network'})`);
    const fields = error.fieldErrors.map((field) => [field.field, field.message].filter(Boolean).join(': ')).filter(Boolean);
    return { title, detail: error.detail, requestId: error.requestId, fields };
  }
  return { title: 'エラーが発生しました', detail: error instanceof Error ? error.message : String(error), fields: [] };
}
