import { useState } from 'react';
import { organizations } from '../../api/endpoints';
import type { OrganizationDto, UpdateOrganizationDto } from '../../api/schema';
import { useAuth, useMe } from '../../auth/auth-context';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { useAsync } from '../../lib/use-async';

/** Organization settings: name, 法人番号, 2FA policy (2-⑩) and automatic disabling of unused accounts (2-⑤). */
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
  const [saved, setSaved] = useState(false);

  async function save() {
    setBusy(true);
    setError(undefined);
    setSaved(false);
    const body: UpdateOrganizationDto = {};
    if (name.trim() !== organization.name) body.name = name.trim();
    if (corporateNumber.trim() && corporateNumber.trim() !== organization.corporateNumber) body.corporateNumber = corporateNumber.trim();
    if (requireTwoFactor !== organization.requireTwoFactor) body.requireTwoFactor = requireTwoFactor;
    if (autoDisable !== organization.autoDisableInactiveUsers) body.autoDisableInactiveUsers = autoDisable;
    try {
      onSaved(await organizations.update(organization.id, body));
      setSaved(true);
      await reloadMe();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="card"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
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
      <div className="form-grid">
        <div className="field">
          <label htmlFor="org-name">名称</label>
          <input id="org-name" required value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="org-corporate">法人番号（13桁）</label>
          <input id="org-corporate" inputMode="numeric" pattern="[0-9]{13}" value={corporateNumber} onChange={(event) => setCorporateNumber(event.target.value)} />
        </div>
      </div>
      <fieldset>
        <legend>セキュリティの方針</legend>
        <label className="radio">
          <input type="checkbox" checked={requireTwoFactor} onChange={(event) => setRequireTwoFactor(event.target.checked)} />
          <span>
            全員に二要素認証を必須にする（チェックリスト 2-⑩）
            <span className="help"> — 未登録のユーザーは登録するまで他の操作ができません。</span>
          </span>
        </label>
        <label className="radio">
          <input type="checkbox" checked={autoDisable} onChange={(event) => setAutoDisable(event.target.checked)} />
          <span>
            長期間使われていないアカウントを毎日自動で無効にする（チェックリスト 2-⑤）
          </span>
        </label>
      </fieldset>
      <ErrorMessage error={error} />
      {saved && <Notice tone="success">保存しました。</Notice>}
      <button type="submit" className="button primary" disabled={busy}>
        保存する
      </button>
    </form>
  );
}
