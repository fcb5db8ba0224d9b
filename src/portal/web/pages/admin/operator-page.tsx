import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { identityChanges, organizations } from '../../api/endpoints';
import type { CreateOrganizationDto, OrganizationDto, UserDto } from '../../api/schema';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Empty, ErrorMessage, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { formatDate } from '../../lib/format';
import { useAsync, usePaged } from '../../lib/use-async';

/**
 * The operator registers organizations and the first admin of one that has none, approves vendors'
 * name / 法人番号 changes and registers form versions. Everything inside a tenant (its users, roles,
 * 2FA policy, unused-account sweep) is the tenant's own admins' to do, and the API refuses it to
 * the operator: this screen offers none of it, and says so. It never sees document contents.
 */
export function OperatorPage() {
  const id = useId();
  const [kind, setKind] = useState('');
  const [version, setVersion] = useState(0);
  const list = usePaged((cursor) => organizations.list({ kind: kind || undefined, cursor, limit: 50 }), [kind, version]);
  const pending = useAsync(() => identityChanges.list({ status: 'pending', limit: 50 }), []);
  const [notice, setNotice] = useState<string>();
  const [firstAdminFor, setFirstAdminFor] = useState<OrganizationDto>();
  const pendingCount = pending.data?.items.length ?? 0;
  return (
    <>
      <PageHeader title="組織一覧" en="Organizations" />
      <section className="card" aria-labelledby="operator-scope-title" data-testid="operator-scope">
        <h2 id="operator-scope-title">運営者ができること</h2>
        <ul>
          <li>組織（事業者・薬局・法人本部）の登録</li>
          <li>管理者がまだいない組織の、最初の管理者の作成</li>
          <li>
            <Link to="/operator/identity-changes">事業者の名称・法人番号の変更の承認・却下</Link>
          </li>
          <li>
            <Link to="/operator/forms">チェックリスト様式の版の登録</Link>
          </li>
        </ul>
        <p className="help">
          各組織のユーザー・権限・二要素認証の方針・未使用アカウントの無効化は、その組織の管理者が行います。運営者は文書の内容を閲覧できません。運営者の操作は、その組織の監査ログに記録され、管理者に通知されます。
        </p>
      </section>
      {pendingCount > 0 && (
        <Notice tone="warning">
          <p>
            承認待ちの名称・法人番号の変更申請が {pendingCount}
            {pending.data?.nextCursor ? '件以上' : '件'}あります。<Link to="/operator/identity-changes">変更申請を確認する</Link>
          </p>
        </Notice>
      )}
      {notice && <Notice tone="success">{notice}</Notice>}
      <CreateOrganization
        onCreated={(organization) => {
          setNotice(`${organization.name} を登録しました。`);
          setVersion((v) => v + 1);
        }}
      />
      <div className="filters">
        <span className="field-inline">
          <label htmlFor={`${id}-kind`}>種別</label>
          <select id={`${id}-kind`} value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="">すべて</option>
            <option value="vendor">事業者</option>
            <option value="pharmacy">薬局</option>
            <option value="chain">法人本部</option>
          </select>
        </span>
      </div>
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>組織はありません。</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">種別</th>
                <th scope="col">法人番号・保険薬局コード</th>
                <th scope="col">二要素認証</th>
                <th scope="col">登録日</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((organization) => (
                <tr key={organization.id}>
                  <th scope="row">{organization.name}</th>
                  <td>{organization.kindLabel}</td>
                  <td>{organization.pharmacyCode ?? organization.corporateNumber ?? '—'}</td>
                  <td>{organization.requireTwoFactor ? '必須' : '任意'}</td>
                  <td>{formatDate(organization.createdAt)}</td>
                  <td>
                    {organization.kind !== 'operator' && (
                      <button
                        type="button"
                        className="button small secondary"
                        aria-label={`${organization.name} の最初の管理者を作成`}
                        onClick={() => {
                          setNotice(undefined);
                          setFirstAdminFor(organization);
                        }}
                      >
                        最初の管理者を作成…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager state={list} />
      {firstAdminFor && (
        <FirstAdminDialog
          organization={firstAdminFor}
          onCancel={() => setFirstAdminFor(undefined)}
          onCreated={(user) => {
            setFirstAdminFor(undefined);
            setNotice(`${firstAdminFor.name} の最初の管理者 ${user.displayName}（${user.email}）を作成しました。初期パスワードを別の手段で伝えてください。`);
          }}
        />
      )}
    </>
  );
}

/**
 * The first admin of an organization that has none (the API answers 404 once it has one: from then
 * on its admins create its accounts). The operator cannot see whether it has one, so a refusal says why.
 */
function FirstAdminDialog({ organization, onCreated, onCancel }: { organization: OrganizationDto; onCreated: (user: UserDto) => void; onCancel: () => void }) {
  const [admin, setAdmin] = useState({ email: '', displayName: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [hasAdmin, setHasAdmin] = useState(false);
  const ready = admin.email.trim() !== '' && admin.displayName.trim() !== '' && admin.password !== '';

  async function create() {
    if (!ready) return;
    setBusy(true);
    setError(undefined);
    try {
      onCreated(await organizations.createUser(organization.id, { email: admin.email.trim(), displayName: admin.displayName.trim(), password: admin.password, role: 'admin' }));
    } catch (reason) {
      if (reason instanceof ApiError && reason.status === 404) setHasAdmin(true);
      else setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <ConfirmDialog title={`${organization.name} の最初の管理者を作成`} confirmLabel="作成する" tone="primary" busy={busy} disabled={!ready || hasAdmin} onConfirm={() => void create()} onCancel={onCancel}>
      <p>運営者が作成できるのは、管理者がまだいない組織の最初の管理者だけです。以降のアカウントは、この管理者が作成します。</p>
      {hasAdmin ? (
        <div className="alert alert-error" role="alert">
          <p>この組織にはすでに管理者がいるため、運営者は作成できません。アカウントの追加やリセットは、その組織の管理者に依頼してください。</p>
        </div>
      ) : (
        <>
          <div className="field">
            <label htmlFor="first-admin-name">名前</label>
            <input id="first-admin-name" required value={admin.displayName} onChange={(event) => setAdmin({ ...admin, displayName: event.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="first-admin-email">メールアドレス</label>
            <input id="first-admin-email" type="email" required value={admin.email} onChange={(event) => setAdmin({ ...admin, email: event.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="first-admin-password">初期パスワード</label>
            <input
              id="first-admin-password"
              type="password"
              autoComplete="new-password"
              required
              value={admin.password}
              onChange={(event) => setAdmin({ ...admin, password: event.target.value })}
            />
          </div>
        </>
      )}
      <ErrorMessage error={error} />
    </ConfirmDialog>
  );
}

function CreateOrganization({ onCreated }: { onCreated: (organization: OrganizationDto) => void }) {
  const [form, setForm] = useState<CreateOrganizationDto>({ kind: 'pharmacy', name: '' });
  const [admin, setAdmin] = useState({ email: '', displayName: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body: CreateOrganizationDto = { kind: form.kind, name: form.name.trim() };
      if (form.corporateNumber) body.corporateNumber = form.corporateNumber.trim();
      if (form.kind === 'pharmacy' && form.pharmacyCode) body.pharmacyCode = form.pharmacyCode.trim();
      const created = await organizations.create(body);
      if (admin.email) await organizations.createUser(created.id, { ...admin, role: 'admin' });
      onCreated(created);
      setForm({ kind: form.kind, name: '' });
      setAdmin({ email: '', displayName: '', password: '' });
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }
  return (
    <details className="card">
      <summary>組織を登録する (Register an organization)</summary>
      <form className="form-grid" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="org-kind">種別</label>
          <select id="org-kind" value={form.kind} onChange={(event) => setForm({ ...form, kind: event.target.value as CreateOrganizationDto['kind'] })}>
            <option value="pharmacy">薬局</option>
            <option value="vendor">事業者</option>
            <option value="chain">法人本部</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="org-new-name">名称</label>
          <input id="org-new-name" required value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="org-new-corporate">法人番号（任意）</label>
          <input id="org-new-corporate" inputMode="numeric" value={form.corporateNumber ?? ''} onChange={(event) => setForm({ ...form, corporateNumber: event.target.value })} />
        </div>
        {form.kind === 'pharmacy' && (
          <div className="field">
            <label htmlFor="org-new-code">保険薬局コード（10桁）</label>
            <input id="org-new-code" inputMode="numeric" required value={form.pharmacyCode ?? ''} onChange={(event) => setForm({ ...form, pharmacyCode: event.target.value })} />
          </div>
        )}
        <div className="field">
          <label htmlFor="org-admin-name">最初の管理者の名前</label>
          <input id="org-admin-name" value={admin.displayName} required={Boolean(admin.email)} onChange={(event) => setAdmin({ ...admin, displayName: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="org-admin-email">管理者のメールアドレス</label>
          <input id="org-admin-email" type="email" value={admin.email} onChange={(event) => setAdmin({ ...admin, email: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="org-admin-password">初期パスワード</label>
          <input id="org-admin-password" type="password" autoComplete="new-password" value={admin.password} required={Boolean(admin.email)} onChange={(event) => setAdmin({ ...admin, password: event.target.value })} />
        </div>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            登録する
          </button>
        </div>
      </form>
    </details>
  );
}
