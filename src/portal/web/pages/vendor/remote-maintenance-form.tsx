import { useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { remoteMaintenance } from '../../api/remote-maintenance';
import type { RemoteMaintenanceDisclosureDto } from '../../api/schema';
import { useMe } from '../../auth/auth-context';
import { RiskBadge } from '../../components/badges';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorMessage, Notice } from '../../components/feedback';
import { formatDate, todayInJapan } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import {
  AVAILABILITIES,
  AVAILABILITY_LABELS,
  CONNECTION_METHOD_LABELS,
  CONNECTION_METHODS,
  GATEWAY_PATCH_MAX_AGE_DAYS,
  RISK_LEVEL_LABELS,
} from '../../../../remote-maintenance/remote-maintenance-risks';
import { bodyOf, FIELD_LABELS, formFrom, missingOf, risksOf, type RmFormState, type SafeguardField } from './remote-maintenance-form-state';

/** The free-text fields of the form (the rest are choices). */
type TextField = 'devices' | 'connectionNote' | 'gatewayMaker' | 'gatewayModel' | 'gatewayFirmware' | 'gatewayPatchedOn' | 'notes';

const SAFEGUARDS: { field: SafeguardField; yes: string; no: string; help: string }[] = [
  { field: 'twoFactor', yes: 'あり', no: 'なし', help: '接続時のログインに、パスワードに加えてワンタイムパスワードや電子証明書などの2つ目の要素を使いますか。' },
  { field: 'sourceRestricted', yes: 'あり', no: 'なし', help: 'あなたの保守拠点など、登録したIPアドレスからの接続だけを受け付けますか。' },
  { field: 'sessionLogging', yes: 'あり', no: 'なし', help: 'いつ・誰が接続し何をしたかの記録を残し、薬局の求めに応じて確認できますか。' },
  { field: 'uniqueCredentials', yes: 'この薬局専用', no: '他の顧客と共通', help: '接続に使うID・パスワードや証明書は、この薬局専用ですか（他の顧客と共通ではありませんか）。' },
];

/**
 * The maintainer's (vendor's or agent's) remote-maintenance disclosure of one product: every field
 * of the PUT body, the risk flags recomputed with the API's own rules as the user types, and a
 * confirmation before it reaches the pharmacy as a new revision.
 */
export function RemoteMaintenanceForm({
  contractId,
  product,
  current,
  onSaved,
  onCancel,
}: {
  contractId: string;
  product: { id: string; name: string };
  current: RemoteMaintenanceDisclosureDto | null;
  onSaved: (saved: RemoteMaintenanceDisclosureDto) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const me = useMe();
  const [form, setForm] = useState<RmFormState>(() => formFrom(current));
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const today = todayInJapan();
  const { risks, riskLevel } = risksOf(form, today);
  const missing = missingOf(form);
  // Your published RM-SDS of this product addressed to this customer: the disclosure may refer to one.
  const rmSds = useAsync(
    () => remoteMaintenance.rmSds(product.id).then((page) => page.items.filter((d) => d.author.id === me.organization.id && (d.audience === 'all_customers' || (d.contractIds ?? []).includes(contractId)))),
    [product.id, contractId],
  );
  const set = <K extends keyof RmFormState>(field: K, value: RmFormState[K]) => setForm((previous) => ({ ...previous, [field]: value }));
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : [];
  const errorOf = (field: string) => japanese(fieldErrors.find((problem) => problem.field === field)?.message);
  const fieldId = (field: string) => `${id}-${field.replace('.', '-')}`;

  function save() {
    setBusy(true);
    setError(undefined);
    remoteMaintenance.put(contractId, bodyOf(product.id, form)).then(
      (saved) => {
        setBusy(false);
        setConfirming(false);
        onSaved(saved);
      },
      (reason: unknown) => {
        setBusy(false);
        setConfirming(false);
        setError(reason);
      },
    );
  }

  const textField = (field: TextField, apiField: string, help: ReactNode, options: { multiline?: boolean; type?: string; max?: string } = {}) => (
    <div className="field">
      <label htmlFor={fieldId(apiField)}>{FIELD_LABELS[apiField]}</label>
      {options.multiline ? (
        <textarea id={fieldId(apiField)} rows={2} value={form[field]} aria-describedby={`${fieldId(apiField)}-help`} onChange={(event) => set(field, event.target.value)} />
      ) : (
        <input
          id={fieldId(apiField)}
          type={options.type ?? 'text'}
          max={options.max}
          value={form[field]}
          aria-describedby={`${fieldId(apiField)}-help`}
          aria-invalid={errorOf(apiField) ? true : undefined}
          onChange={(event) => set(field, event.target.value)}
        />
      )}
      <span id={`${fieldId(apiField)}-help`} className="help">
        {help}
      </span>
      {errorOf(apiField) && <p className="field-error">{errorOf(apiField)}</p>}
    </div>
  );

  return (
    <>
      <form
        className="card inset rm-form"
        aria-label={`「${product.name}」のリモートメンテナンスの開示`}
        onSubmit={(event) => {
          event.preventDefault();
          setConfirming(true);
        }}
      >
        <fieldset>
          <legend>{FIELD_LABELS.inUse}</legend>
          <p className="help">あなたがこの薬局の「{product.name}」の機器を、回線越しに保守（リモートメンテナンス）していますか。</p>
          <YesNo name={`${id}-inUse`} value={form.inUse} yes="利用している" no="利用していない（オンサイト保守のみ等）" onChange={(value) => set('inUse', value)} />
        </fieldset>
        {form.inUse && (
          <>
            {textField('devices', 'devices', '遠隔で保守する機器を書いてください（例: レセコンサーバ、調剤支援PC）。', { multiline: true })}
            <div className="field">
              <label htmlFor={fieldId('connectionMethod')}>{FIELD_LABELS.connectionMethod}</label>
              <select id={fieldId('connectionMethod')} value={form.connectionMethod} aria-describedby={`${fieldId('connectionMethod')}-help`} onChange={(event) => set('connectionMethod', event.target.value as RmFormState['connectionMethod'])}>
                <option value="">選択してください</option>
                {CONNECTION_METHODS.map((method) => (
                  <option key={method} value={method}>
                    {CONNECTION_METHOD_LABELS[method]}
                  </option>
                ))}
              </select>
              <span id={`${fieldId('connectionMethod')}-help`} className="help">
                閉域網以外では、経由するVPN装置などの接続機器も記入します。
              </span>
            </div>
            {textField('connectionNote', 'connectionNote', '回線事業者やサービス名など、接続方式の補足（任意）。')}
            <fieldset>
              <legend>{FIELD_LABELS.gateway}</legend>
              <p className="help">薬局側に置かれ、接続が経由するVPN装置・ルーターなど。閉域網で該当する機器がなければ空欄のままにします。</p>
              <div className="form-grid">
                {textField('gatewayMaker', 'gateway.maker', '例: Fortinet')}
                {textField('gatewayModel', 'gateway.model', '例: FortiGate 40F')}
                {textField('gatewayFirmware', 'gateway.firmwareVersion', '例: 7.2.8')}
                {textField('gatewayPatchedOn', 'gateway.lastPatchedOn', `${GATEWAY_PATCH_MAX_AGE_DAYS}日を超えて更新がないとリスク「高」になります。`, { type: 'date', max: today })}
              </div>
            </fieldset>
            {SAFEGUARDS.map((safeguard) => (
              <fieldset key={safeguard.field}>
                <legend>{FIELD_LABELS[safeguard.field]}</legend>
                <p className="help">{safeguard.help}</p>
                <YesNo name={`${id}-${safeguard.field}`} value={form[safeguard.field]} yes={safeguard.yes} no={safeguard.no} onChange={(value) => set(safeguard.field, value)} />
              </fieldset>
            ))}
            <fieldset>
              <legend>{FIELD_LABELS.availability}</legend>
              <p className="help">回線が常につながっているか、保守作業のときだけ接続するか。</p>
              {AVAILABILITIES.map((value) => (
                <label key={value} className="radio">
                  <input type="radio" name={`${id}-availability`} checked={form.availability === value} onChange={() => set('availability', value)} />
                  {AVAILABILITY_LABELS[value]}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor={fieldId('rmSdsDisclosureId')}>{FIELD_LABELS.rmSdsDisclosureId}</label>
              <select id={fieldId('rmSdsDisclosureId')} value={form.rmSdsDisclosureId} aria-describedby={`${fieldId('rmSdsDisclosureId')}-help`} onChange={(event) => set('rmSdsDisclosureId', event.target.value)}>
                <option value="">参照しない</option>
                {rmSds.data?.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.productVersion} 第{d.revision}版（公開 {formatDate(d.publishedAt)}）
                  </option>
                ))}
              </select>
              <span id={`${fieldId('rmSdsDisclosureId')}-help`} className="help">
                このリモートメンテナンスについてあなたが公開したRM-SDS（この製品の、この薬局に公開したもの）。
                {rmSds.data?.length === 0 && (
                  <>
                    {' '}公開済みのRM-SDSはまだありません。<Link to={`/vendor/disclosures/new?productId=${encodeURIComponent(product.id)}&kind=RM-SDS`}>RM-SDSを作成する</Link>
                  </>
                )}
              </span>
              {errorOf('rmSdsDisclosureId') && <p className="field-error">{errorOf('rmSdsDisclosureId')}</p>}
            </div>
          </>
        )}
        {textField('notes', 'notes', '薬局に伝えておきたいこと（任意）。', { multiline: true })}

        <div className="rm-live" aria-live="polite">
          <p>
            <strong>この内容のリスク: </strong>
            <RiskBadge level={riskLevel} label={`リスク: ${RISK_LEVEL_LABELS[riskLevel]}`} />
          </p>
          {risks.length > 0 && (
            <ul className="risk-list">
              {risks.map((risk) => (
                <li key={risk.code}>
                  <RiskBadge level={risk.severity} label={`${RISK_LEVEL_LABELS[risk.severity]}: ${risk.label}`} /> <span className="small">{risk.detail}</span>
                </li>
              ))}
            </ul>
          )}
          {missing.length > 0 && <p className="help">未入力: {missing.join('、')}</p>}
        </div>
        {fieldErrors.length > 0 ? (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">保存できませんでした。次の項目を確認してください。</p>
            <ul className="alert-fields">
              {fieldErrors.map((problem, index) => (
                <li key={`${index}-${problem.field ?? ''}`}>
                  {FIELD_LABELS[problem.field ?? ''] ?? problem.field}: {japanese(problem.message)}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <ErrorMessage error={error} />
        )}
        {current && <Notice>保存すると第{current.revision + 1}版になり、薬局にもう一度確認を依頼します（内容が同じなら版は変わりません）。</Notice>}
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            保存して薬局に開示する
          </button>
          <button type="button" className="button secondary" onClick={onCancel} disabled={busy}>
            キャンセル
          </button>
        </div>
      </form>
      {/* Outside the form: the dialog has a form of its own, and forms do not nest. */}
      {confirming && (
        <ConfirmDialog title="リモートメンテナンスの開示を保存" confirmLabel="保存して開示する" tone="primary" busy={busy} onConfirm={save} onCancel={() => setConfirming(false)}>
          <p>
            「{product.name}」のリモートメンテナンスを{current ? `第${current.revision + 1}版として` : ''}薬局に開示します。薬局に通知され、薬局が内容を確認します。保存した版は取り消せず、履歴に残ります。
          </p>
          <p>
            この内容のリスク: <strong>{RISK_LEVEL_LABELS[riskLevel]}</strong>
            {risks.length > 0 && `（${risks.map((risk) => risk.label).join('、')}）`}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** The API's validation messages (English) said in Japanese, the English kept beside. */
function japanese(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const phrases: [RegExp, string][] = [
    [/^is required/, '入力してください'],
    [/in the future/, '未来の日付は入力できません'],
    [/is not a real date|must be a date/, '日付が正しくありません'],
    [/^is only for remote maintenance in use/, 'リモートメンテナンスを利用する場合だけ入力します'],
    [/^must be your published RM-SDS/, 'あなたが公開した、この製品のこの薬局向けRM-SDSを選んでください'],
    [/^is not a product this contract covers/, 'この契約の対象製品ではありません'],
    [/must be shorter than or equal to/, '長すぎます'],
    [/must be longer than or equal to|should not be empty/, '入力してください'],
  ];
  const ja = phrases.find(([pattern]) => pattern.test(message))?.[1];
  return ja ? `${ja} (${message})` : message;
}

/** A yes/no question as two radio buttons in the caller's fieldset; unanswered until one is chosen. */
function YesNo({ name, value, yes, no, onChange }: { name: string; value: boolean | null; yes: string; no: string; onChange: (value: boolean) => void }) {
  return (
    <div className="radio-row">
      <label className="radio">
        <input type="radio" name={name} checked={value === true} onChange={() => onChange(true)} />
        {yes}
      </label>
      <label className="radio">
        <input type="radio" name={name} checked={value === false} onChange={() => onChange(false)} />
        {no}
      </label>
    </div>
  );
}
