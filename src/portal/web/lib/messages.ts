import { ApiError, type FieldProblem } from '../api/client';

/** Japanese wording for the API's stable problem codes; the API's own `detail` is shown beneath. */
// Keyed by the codes the API documents (the OpenAPI Problem schema) and the portal's own: a code
// the API no longer answers with, or a typo, fails to compile.
const MESSAGES = {
  invalid_credentials: 'メールアドレスまたはパスワードが正しくありません。',
  otp_required: '認証アプリに表示されている6桁のコードを入力してください。',
  invalid_otp: '認証コードが正しくないか、すでに使用されています。',
  rate_limited: '試行回数が多すぎます。しばらく待ってから再度お試しください。',
  login_slowed_down: '試行回数が多すぎます。しばらく待ってから再度お試しください。',
  account_locked: 'アカウントがロックされています。組織の管理者に連絡してください。',
  invalid_refresh_token: 'セッションの有効期限が切れました。もう一度ログインしてください。',
  invalid_token: 'セッションの有効期限が切れました。もう一度ログインしてください。',
  two_factor_enrolment_required: '二要素認証の登録が必要です。アカウント画面で認証アプリを登録してください。',
  password_change_required: '管理者がパスワードをリセットしました。アカウント画面で新しいパスワードを設定してください。',
  two_factor_required_by_organization: '組織の方針により二要素認証は必須のため、解除できません。',
  own_account: 'ご自身のパスワードと二要素認証は、アカウント画面で変更してください。',
  identity_change_not_pending: 'この変更申請はすでに判断済みか、取り下げられています。一覧を再読み込みしてください。',
  contract_ended: 'この契約は終了しています。終了後の提出・開示・依頼はできません（それまでに受け取った書類は引き続き閲覧できます）。',
  pdf_ambiguous_structure: 'PDFの構造が曖昧なため受け付けられません（閲覧ソフトによって内容が変わるおそれがあります）。PDFとして保存し直してからアップロードしてください。',
  pdf_too_complex: 'PDFが大きすぎるか複雑すぎるため検査できません（オブジェクト数・展開後のサイズ・処理時間に上限があります）。',
  pdf_inspection_unavailable: 'PDFの検査機能が一時的に利用できません。しばらくしてから再度お試しください。',
  draft_form_outdated: '下書きは旧様式で回答されています。現在の様式で回答し直してから提出してください。',
  batch_too_large: '一度に送れる回答数の上限を超えています。分けて送ってください。',
  server_busy: '現在混み合っています。しばらくしてから再度お試しください。',
  operator_no_api_clients: '運営者の組織にはAPIクライアントを作成できません（運営者のログインには二要素認証が必要です）。',
  unsupported_media_type: 'この形式のデータは送信できません。',
  two_factor_already_enrolled: '二要素認証はすでに登録されています。',
  two_factor_not_enrolled: '二要素認証はまだ登録されていません。',
  two_factor_not_started: '二要素認証の登録を最初からやり直してください。',
  validation_failed: '入力内容を確認してください。',
  malformed_body: '送信内容の形式が正しくありません。',
  payload_too_large: '送信するデータが大きすぎます。',
  not_found: '見つかりません。削除されたか、閲覧する権限がありません。',
  forbidden: 'この操作を行う権限がありません。',
  admin_required: '組織の管理者のみが行える操作です。',
  operator_required: '運営者のみが行える操作です。',
  read_only_role: '閲覧専用の権限では変更できません。',
  users_only: 'ポータルの利用者のみが行える操作です。',
  source_not_allowed: 'この接続元からの操作は許可されていません。',
  insufficient_scope: 'APIクライアントの権限（スコープ）が足りません。',
  contract_not_active: '契約が有効ではありません。相手側の承認が必要です。',
  contract_not_proposed: 'この契約はすでに承認または辞退されています。',
  own_proposal: '自分の組織から申し出た契約は、相手側が承認または辞退します。',
  not_a_party: 'この契約の当事者ではありません。',
  checklist_not_required: '売買契約のみの契約ではチェックリストは不要です。',
  no_form_for_fiscal_year: 'この年度に使える様式が登録されていません。運営者に様式の登録を依頼してください。',
  required_items_missing: '未回答の項目があります。すべての必須項目に回答してから提出してください。',
  no_draft: '提出する下書きがありません。先に回答を保存してください。',
  draft_exists: '下書きがすでにあります。下書きを保存または提出してください。',
  fiscal_year_mismatch: '依頼の年度とチェックリストの年度が一致しません。',
  checklist_not_submitted: 'チェックリストはまだ提出されていません。',
  checklist_not_found: 'チェックリストが見つかりません。',
  checklist_contract_mismatch: 'このチェックリストは別の契約のものです。',
  customer_required: '書類の依頼は薬局または法人本部が行います。',
  pharmacy_side_only: '薬局（または法人本部）のみが行える操作です。',
  vendor_required: '事業者のみが行える操作です。',
  addressee_only: '依頼を受けた組織のみが対応できます。',
  request_already_open: 'この書類はすでに依頼中です。依頼の一覧で状況を確認できます。',
  request_not_open: 'この依頼はすでに対応済みです。',
  request_in_progress: '同じ操作を処理中です。しばらく待ってから結果を確認してください。',
  idempotency_key_reused: '同じ操作がすでに別の内容で送信されています。画面を再読み込みしてください。',
  product_required: '製品を選んでください（この契約は複数の製品を対象にしています）。',
  product_not_covered: 'この製品はこの契約の対象ではありません。',
  product_mismatch: '依頼とは別の製品の開示書です。',
  document_kind_mismatch: '依頼された書類の種類と一致しません。',
  disclosure_not_published: '公開済みの開示書のみが依頼に対応できます。',
  disclosure_not_visible_to_customer: '依頼した薬局はこの開示書を閲覧できません（公開範囲を確認してください）。',
  thread_already_open: 'この項目にはすでに対応中のスレッドがあります。',
  thread_resolved: 'このスレッドは解決済みです。',
  thread_not_resolved: 'このスレッドはまだ解決されていません。',
  not_a_risk_answer: 'スレッドは「いいえ」「対象外」の回答についてのみ開始できます。',
  followup_not_open: 'すべての店舗で対応が終わっています。',
  no_store_qualifies: '条件に合う店舗がありません。',
  not_a_pdf: 'PDFファイルではありません。',
  pdf_active_content: 'スクリプトなど実行可能な内容を含むPDFは受け付けられません。',
  form_exists: 'この様式はすでに登録されています。',
  form_version_exists: 'この様式のバージョンはすでに登録されています。',
  last_admin: '最後の管理者は変更・無効化できません。',
  email_taken: 'このメールアドレスはこの組織のアカウントですでに使われています。',
  email_unavailable: 'このメールアドレスは登録できません。別のアドレスを指定してください。',
  account_creation_paused: '登録できないメールアドレスが続いたため、しばらくアカウント作成を停止しています。時間をおいて再度お試しください。',
  contract_proposals_rate_limited: '契約の提案が多すぎます。時間をおいて再度お試しください。',
  corporate_number_taken: 'この法人番号はすでに別の事業者が登録しています。運営者にお問い合わせください。',
  idempotent_answer_withheld: 'この操作は完了済みです。応答に秘密情報が含まれていたため再送できません。一覧で確認してください。',
  not_available: 'この機能はこのサーバーではまだ利用できません。',
  service_unavailable: 'サーバーが一時的に利用できません。しばらくしてから再度お試しください。',
  database_unreachable: 'サーバーが一時的に利用できません。しばらくしてから再度お試しください。',
  migrations_pending: 'サーバーの更新中です。しばらくしてから再度お試しください。',
  internal_error: 'サーバーで予期しないエラーが発生しました。',
  network_error: 'サーバーに接続できません。',
} satisfies Partial<Record<ApiError['code'], string>>;
/** The wording for any code, where there is one. */
const MESSAGE_BY_CODE: Partial<Record<ApiError['code'], string>> = MESSAGES;

/** When the code is unknown, the status still says what kind of problem it is, in Japanese. */
function byStatus(status: number): string {
  if (status === 0) return MESSAGES.network_error;
  if (status === 400) return MESSAGES.validation_failed;
  if (status === 403) return MESSAGES.forbidden;
  if (status === 404) return MESSAGES.not_found;
  if (status === 409) return 'ほかの操作と競合しました。画面を再読み込みしてから、もう一度お試しください。';
  if (status === 413) return MESSAGES.payload_too_large;
  if (status === 422) return 'この内容では処理できません。内容を確認してください。';
  if (status === 429) return MESSAGES.rate_limited;
  if (status >= 500) return MESSAGES.internal_error;
  return `エラーが発生しました (${status})`;
}

/** The names of the fields the API reports, as the screens call them. */
const FIELD_NAMES: Record<string, string> = {
  answer: '回答',
  answers: '回答',
  confirmedOn: '確認日',
  targetOn: '目標日',
  plannedOn: '計画日',
  remarks: '備考',
  itemId: '項目',
  formId: '様式',
  managerName: '管理責任者',
  fiscalYear: '年度',
  message: 'メッセージ',
  dueOn: '期限',
  productId: '製品',
  contractId: '契約',
  kind: '種類',
  email: 'メールアドレス',
  password: 'パスワード',
  name: '名前',
  displayName: '表示名',
  role: '権限',
  reason: '理由',
  body: '本文',
  temporaryPassword: '一時パスワード',
  resetTwoFactor: '二要素認証のリセット',
  allowedCidrs: '接続元のIPアドレス範囲',
  corporateNumber: '法人番号',
  currentPassword: '現在のパスワード',
  newPassword: '新しいパスワード',
};

/** Japanese for the English phrases the API's validation still uses; the English stays beside it. */
const PHRASES: [RegExp, string][] = [
  [/^is not a real date/, '日付が正しくありません'],
  [/^is not a known field/, 'この項目は送信できません'],
  [/should not be empty/, '入力してください'],
  [/must be a valid ISO 8601 date/, '日付を YYYY-MM-DD で入力してください'],
  [/^is only for いいえ answers/, '目標日は「いいえ」の回答にだけ入力します'],
  [/^is required when the answer is いいえ/, '「いいえ」の場合は入力が必要です'],
  [/^is required/, '入力してください'],
  [/in the future/, '未来の日付は入力できません'],
  [/(within|outside) the (fiscal year|年度)/, '年度内の日付を入力してください'],
  [/before the (confirmation date|確認日)/, '確認日より前の日付は入力できません'],
  [/^is not an item of form/, 'この様式にない項目です'],
  [/^answers item .* a second time/, '同じ項目に2回回答しています'],
  [/must be one of the following values|must be one of/, '選べる値ではありません'],
  [/must be longer than or equal to/, '短すぎます'],
  [/must be shorter than or equal to/, '長すぎます'],
  [/must be an email/, 'メールアドレスの形式が正しくありません'],
  [/must be a UUID/, '形式が正しくありません'],
];

/** A message that opens in English (the API's older wording) gets Japanese in front; the English is kept beside it. */
function japaneseMessage(message: string): { ja: string; en?: string } {
  if (!/^[A-Za-z]/.test(message)) return { ja: message };
  const phrase = PHRASES.find(([pattern]) => pattern.test(message));
  return { ja: phrase ? phrase[1] : '入力内容を確認してください', en: message };
}

/** `answers[9].targetOn` → its last name (targetOn), and the index of the answer (9). */
function parseField(field: string | undefined): { index?: number; name?: string } {
  if (!field) return {};
  const index = /answers\[(\d+)\]/.exec(field);
  const name = /([A-Za-z]+)(?:\[\d+\])?$/.exec(field)?.[1];
  return { index: index ? Number(index[1]) : undefined, name };
}

/** One problem of a request, said in Japanese, with the item it concerns where there is one. */
export interface FieldText {
  itemId?: string;
  text: string;
}

export interface ErrorText {
  title: string;
  detail?: string;
  requestId?: string;
  /** Each problem as a line (item first where known). */
  fields: string[];
  items: FieldText[];
}

export interface DescribeOptions {
  /** Names the item of an answer the API reported by position (answers[9]) rather than by itemId. */
  itemOfAnswer?: (index: number) => string | undefined;
}

function describeField(problem: FieldProblem, options: DescribeOptions): FieldText {
  const { index, name } = parseField(problem.field);
  const itemId = problem.itemId ?? (index !== undefined ? options.itemOfAnswer?.(index) : undefined);
  const what = name && name !== 'answers' && name !== 'itemId' ? FIELD_NAMES[name] : undefined;
  const { ja, en } = japaneseMessage(problem.message ?? '');
  const message = en ? `${ja} (${en})` : ja;
  if (itemId) {
    // The API's own answer messages already start with the item as printed (「2-⑨: …」).
    if (ja.startsWith(itemId)) return { itemId, text: message };
    return { itemId, text: `${itemId}${what && !ja.includes(what) ? `（${what}）` : ''}: ${message}` };
  }
  const label = what ?? (name ? FIELD_NAMES[name] : undefined) ?? problem.field;
  return { text: [label, message].filter(Boolean).join(': ') };
}

export function describeError(error: unknown, options: DescribeOptions = {}): ErrorText {
  if (error instanceof ApiError) {
    const title = MESSAGE_BY_CODE[error.code] ?? byStatus(error.status);
    const items = error.fieldErrors.map((problem) => describeField(problem, options)).filter((item) => item.text);
    return { title, detail: error.detail, requestId: error.requestId, fields: items.map((item) => item.text), items };
  }
  return { title: 'エラーが発生しました', detail: error instanceof Error ? error.message : String(error), fields: [], items: [] };
}
