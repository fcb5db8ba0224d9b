import { useState, type FormEvent } from 'react';
import { organizations } from '../../api/endpoints';
import type { CreateUserDto, UserDto } from '../../api/schema';
import { useMe } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { Empty, ErrorMessage, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { formatDateTime } from '../../lib/format';
import { usePaged } from '../../lib/use-async';
import { InvitationsSection } from './invitations-section';
import { ResetCredentialsDialog, type ResetOutcome } from './reset-credentials-dialog';

const ROLES: { value: UserDto['role']; label: string }[] = [
  { value: 'admin', label: '管理者 (admin)' },
  { value: 'member', label: 'メンバー (member)' },
  { value: 'viewer', label: '閲覧のみ (viewer)' },
];

/**
 * The organization's accounts: invite by e-mail (invitations-section.tsx), create, change role,
 * disable/enable, reset a member's password and 2FA, and disable those unused for long (2-⑤).
 */
export function UsersPage() {
  const me = useMe();
  const orgId = me.organization.id;
  const [inactive, setInactive] = useState(false);
  const [version, setVersion] = useState(0);
  const list = usePaged((cursor) => organizations.users(orgId, { cursor, limit: 25, inactive: inactive || undefined }), [orgId, inactive, version]);
  const [changed, setChanged] = useState<Record<string, UserDto>>({});
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [resetting, setResetting] = useState<UserDto>();

  const update = (user: UserDto, body: Parameters<typeof organizations.updateUser>[2]) => {
    setError(undefined);
    organizations.updateUser(orgId, user.id, body).then((next) => setChanged((all) => ({ ...all, [next.id]: next })), setError);
  };

  return (
    <>
      <PageHeader title="ユーザー" en="Users">
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            if (!window.confirm('長期間使われていないアカウントをすべて無効にしますか？')) return;
            organizations.disableInactive(orgId).then((result) => {
              setNotice(`${result.disabled}件のアカウントを無効にしました。`);
              setVersion((v) => v + 1);
            }, setError);
          }}
        >
          未使用のアカウントを無効化
        </button>
      </PageHeader>
      {notice && <Notice tone="success">{notice}</Notice>}
      <InvitationsSection orgId={orgId} />
      <CreateUserForm
        orgId={orgId}
        onCreated={(user) => {
          setNotice(`${user.displayName}（${user.email}）を作成しました。`);
          setVersion((v) => v + 1);
        }}
      />
      <ErrorMessage error={error} />
      {resetting && (
        <ResetCredentialsDialog
          orgId={orgId}
          user={resetting}
          onCancel={() => setResetting(undefined)}
          onDone={(outcome) => {
            setResetting(undefined);
            setChanged((all) => ({ ...all, [outcome.user.id]: outcome.user }));
            setNotice(resetNotice(outcome));
          }}
        />
      )}
      <section className="card" aria-labelledby="users-title">
        <h2 id="users-title">アカウント一覧</h2>
        <label className="checkbox-inline">
          <input type="checkbox" checked={inactive} onChange={(event) => setInactive(event.target.checked)} /> 長期間使われていないアカウントのみ（チェックリスト 2-⑤）
        </label>
        {!list.loading && !list.error && list.items.length === 0 ? (
          <Empty>該当するアカウントはありません。</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">名前・メール</th>
                  <th scope="col">権限</th>
                  <th scope="col">二要素認証</th>
                  <th scope="col">最終ログイン</th>
                  <th scope="col">状態</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((original) => {
                  const user = changed[original.id] ?? original;
                  const self = user.email === me.email;
                  return (
                    <tr key={user.id} className={user.disabled ? 'row-disabled' : ''}>
                      <th scope="row">
                        {user.displayName}
                        <div className="muted small">{user.email}</div>
                      </th>
                      <td>
                        <select aria-label={`${user.displayName} の権限`} value={user.role} disabled={self} onChange={(event) => update(user, { role: event.target.value as UserDto['role'] })}>
                          {ROLES.map((role) => (
                            <option key={role.value} value={role.value}>
                              {role.label}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        {user.twoFactorEnrolled ? <Badge tone="ok">登録済み</Badge> : <Badge tone="warn">未登録</Badge>}
                        {user.twoFactorEnrolmentRequired && <Badge tone="warn">再登録待ち</Badge>}
                        {user.passwordChangeRequired && <Badge tone="warn">パスワード再設定待ち</Badge>}
                      </td>
                      <td>
                        {formatDateTime(user.lastLoginAt)}
                        {user.inactive && <Badge tone="warn">長期未使用</Badge>}
                      </td>
                      <td>
                        {user.disabled ? <Badge tone="neutral">無効{user.disabledReason ? `（${user.disabledReason}）` : ''}</Badge> : <Badge tone="ok">有効</Badge>}
                        {!self && (
                          <span className="actions">
                            <button type="button" className="button small secondary" onClick={() => update(user, { disabled: !user.disabled })}>
                              {user.disabled ? '有効にする' : '無効にする'}
                            </button>
                            <button
                              type="button"
                              className="button small danger"
                              aria-label={`${user.displayName} のパスワード・二要素認証をリセット`}
                              onClick={() => {
                                setNotice(undefined);
                                setResetting(user);
                              }}
                            >
                              リセット…
                            </button>
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <Pager state={list} />
      </section>
    </>
  );
}

function resetNotice({ user, passwordReset, twoFactorReset }: ResetOutcome): string {
  const what = [passwordReset ? 'パスワード' : '', twoFactorReset ? '二要素認証' : ''].filter(Boolean).join('と');
  return `${user.displayName}（${user.email}）の${what}をリセットしました。すべてのセッションはログアウトされました。${
    passwordReset ? '一時パスワードを電話など別の手段で本人に伝えてください。' : ''
  }次回ログイン時に本人が${[passwordReset ? '新しいパスワードを設定' : '', twoFactorReset ? '認証アプリを再登録' : ''].filter(Boolean).join('し、')}します。`;
}

function CreateUserForm({ orgId, onCreated }: { orgId: string; onCreated: (user: UserDto) => void }) {
  const empty: CreateUserDto = { email: '', displayName: '', role: 'member', password: '' };
  const [form, setForm] = useState<CreateUserDto>(empty);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onCreated(await organizations.createUser(orgId, { ...form, email: form.email.trim(), displayName: form.displayName.trim() }));
      setForm(empty);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }
  return (
    <details className="card">
      <summary>アカウントを追加する (Add a user)</summary>
      <form className="form-grid" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="new-user-name">名前</label>
          <input id="new-user-name" required value={form.displayName} onChange={(event) => setForm({ ...form, displayName: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="new-user-email">メールアドレス</label>
          <input id="new-user-email" type="email" required value={form.email} onChange={(event) => setForm({ ...form, email: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="new-user-role">権限</label>
          <select id="new-user-role" value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value as UserDto['role'] })}>
            {ROLES.map((role) => (
              <option key={role.value} value={role.value}>
                {role.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-user-password">初期パスワード</label>
          <input id="new-user-password" type="password" autoComplete="new-password" required minLength={8} value={form.password} onChange={(event) => setForm({ ...form, password: event.target.value })} />
        </div>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            作成する
          </button>
        </div>
      </form>
    </details>
  );
}
