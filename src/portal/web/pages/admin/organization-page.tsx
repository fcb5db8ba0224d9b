import { useState } from 'react';
import { organizations } from '../../api/endpoints';
import type { OrganizationDto, UpdateOrganizationDto } from '../../api/schema';
import { useAuth, useMe } from '../../auth/auth-context';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { useAsync } from '../../lib/use-async';
import { IdentityChangeStatus } from './identity-change-status';

/**
 * Organization settings: name, 法人番号, 2FA policy (2-⑩) and automatic disabling of unused accounts
 * (2-⑤). A vendor's name or 法人番号 change waits for the operator's approval (pharmacies trust them
 * when they propose a contract), and the screen says so.
 */
export function OrganizationPage() {
  const me = useMe();
  const state = useAsync(() => organizations.get(me.organization.id), [me.organization.id]);
  return (
    <>
      <PageHeader title="組織の設定" en="Organization settings" />
      {state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.loading && !state.data && <Loading />}
      {state.data && <OrganizationForm organization={state.data} onSaved={state.setData} />}
    </>
  );
}

function OrganizationForm({ organization, onSaved }: { organization: OrganizationDto; onSaved: (organization: OrganizationDto) => void }) {
  const { reloadMe } = useAuth();
  const [name, setName] = useState(organization.name);
  const [corporateNumber, setCorporateNumber] = useState(organization.corporateNumber ?? '');
  const [requireTwoFactor, setRequireTwoFactor] = useState(organization.requireTwoFactor);
  const [autoDisable, setAutoDisable] = useState(organization.autoDisableInactiveUsers);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();
  const vendor = organization.kind === 'vendor';
  const operator = organization.kind === 'operator';

  async function send(body: UpdateOrganizationDto, done: (next: OrganizationDto) => string) {
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const next = await organizations.update(organization.id, body);
      onSaved(next);
      // A vendor's name / 法人番号 stay as they are until the operator approves: the fields show what is in force.
      setName(next.name);
      setCorporateNumber(next.corporateNumber ?? '');
      setSaved(done(next));
      await reloadMe();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  function save() {
    const body: UpdateOrganizationDto = {};
    if (name.trim() !== organization.name) body.name = name.trim();
    if (corporateNumber.trim() && corporateNumber.trim() !== organization.corporateNumber) body.corporateNumber = corporateNumber.trim();
    if (!operator && requireTwoFactor !== organization.requireTwoFactor) body.requireTwoFactor = requireTwoFactor;
    if (autoDisable !== organization.autoDisableInactiveUsers) body.autoDisableInactiveUsers = autoDisable;
    const identityAsked = body.name !== undefined || body.corporateNumber !== undefined;
    void send(body, (next) =>
      vendor && identityAsked && next.identityChange?.status === 'pending'
        ? '名称・法人番号の変更を申請しました。運営者が承認すると反映されます。ほかの設定は保存しました。'
        : '保存しました。',
    );
  }

  return (
    <form
      className="card"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <dl className="facts">
        <dt>種別</dt>
        <dd>{organization.kindLabel}</dd>
        {organization.pharmacyCode && (
          <>
            <dt>保険薬局コード</dt>
            <dd>{organization.pharmacyCode}</dd>
          </>
        )}
      </dl>
      {vendor && organization.identityChange && (
        <IdentityChangeStatus
          change={organization.identityChange}
          busy={busy}
          onWithdraw={() =>
            // Asking for the current values withdraws the pending request.
            void send({ name: organization.name, ...(organization.corporateNumber ? { corporateNumber: organization.corporateNumber } : {}) }, () => '変更申請を取り下げました。')
          }
        />
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="org-name">名称</label>
          <input id="org-name" required value={name} onChange={(event) => setName(event.target.value)} aria-describedby={vendor ? 'org-identity-help' : undefined} />
        </div>
        <div className="field">
          <label htmlFor="org-corporate">法人番号（13桁）</label>
          <input
            id="org-corporate"
            inputMode="numeric"
            pattern="[0-9]{13}"
            value={corporateNumber}
            onChange={(event) => setCorporateNumber(event.target.value)}
            aria-describedby={vendor ? 'org-identity-help' : undefined}
          />
        </div>
        {vendor && (
          <p id="org-identity-help" className="help wide">
            事業者の名称と法人番号は、薬局が契約を申し出るときの手がかりです。なりすましを防ぐため、変更は運営者の承認後に反映されます（承認まで現在の名称が表示されます）。
          </p>
        )}
      </div>
      <fieldset>
        <legend>セキュリティの方針</legend>
        {operator ? (
          <p>
            <strong>二要素認証: 常に必須</strong>
            <span className="help"> — 運営者のアカウントは、ログインに必ず二要素認証を使います（変更できません）。</span>
          </p>
        ) : (
          <label className="radio">
            <input type="checkbox" checked={requireTwoFactor} onChange={(event) => setRequireTwoFactor(event.target.checked)} />
            <span>
              全員に二要素認証を必須にする（チェックリスト 2-⑩）
              <span className="help"> — 未登録のユーザーは登録するまで他の操作ができません。</span>
            </span>
          </label>
        )}
        <label className="radio">
          <input type="checkbox" checked={autoDisable} onChange={(event) => setAutoDisable(event.target.checked)} />
          <span>長期間使われていないアカウントを毎日自動で無効にする（チェックリスト 2-⑤）</span>
        </label>
      </fieldset>
      <ErrorMessage error={error} />
      {saved && <Notice tone="success">{saved}</Notice>}
      <button type="submit" className="button primary" disabled={busy}>
        保存する
      </button>
    </form>
  );
}
