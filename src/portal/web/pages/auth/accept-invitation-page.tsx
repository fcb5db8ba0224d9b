import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { invitations, ROLE_LABELS } from '../../api/invitations';
import type { InvitationLookupDto } from '../../api/schema';
import { useAuth } from '../../auth/auth-context';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { formatDateTime } from '../../lib/format';

/**
 * The page an invitation mail's link opens (/invitations/accept?token=…), outside the login: the
 * invitee sees who invited them as what, sets a name and a password, joins and is logged in. Where
 * the organization requires 2FA the login gate then sends them to enrol (RequireLogin).
 */
export function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { login } = useAuth();
  const navigate = useNavigate();
  const [invitation, setInvitation] = useState<InvitationLookupDto>();
  const [lookupError, setLookupError] = useState<unknown>();
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const mismatch = again.length > 0 && again !== password;

  useEffect(() => {
    document.title = '招待を承諾する | Kaiji 開示ポータル';
  }, []);
  useEffect(() => {
    if (!token) return;
    invitations.lookup(token).then((found) => {
      setInvitation(found);
      setDisplayName(found.displayName ?? '');
    }, setLookupError);
  }, [token]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch || !invitation) return;
    setBusy(true);
    setError(undefined);
    try {
      const accepted = await invitations.accept({ token, displayName: displayName.trim(), password });
      await login(accepted.email, password);
      void navigate('/', { replace: true });
    } catch (reason) {
      setError(reason);
      setBusy(false);
    }
  }

  return (
    <div className="login-screen">
      <main className="card login-card" aria-labelledby="accept-title">
        <h1 id="accept-title">
          招待を承諾する <small className="en">Join by invitation</small>
        </h1>
        {!token ? (
          <Notice tone="warning">リンクにトークンが含まれていません。招待メールのリンクをそのまま開いてください。</Notice>
        ) : lookupError ? (
          <>
            <ErrorMessage error={lookupError} />
            <p>
              <Link to="/login">ログイン画面へ</Link>
            </p>
          </>
        ) : !invitation ? (
          <Loading label="招待を確認しています…" />
        ) : (
          <form onSubmit={(event) => void submit(event)}>
            <p>
              <strong>{invitation.organizationName}</strong> に <strong>{ROLE_LABELS[invitation.role]}</strong> として招待されています。
            </p>
            <dl className="facts">
              <dt>ログイン ID</dt>
              <dd>
                <code>{invitation.email}</code>
              </dd>
              <dt>有効期限</dt>
              <dd>{formatDateTime(invitation.expiresAt)}</dd>
            </dl>
            <div className="field">
              <label htmlFor="invitee-name">お名前 (Name)</label>
              <input id="invitee-name" name="name" autoComplete="name" required maxLength={100} value={displayName} onChange={(event) => setDisplayName(event.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="invitee-password">パスワード (Password)</label>
              <input
                id="invitee-password"
                name="new-password"
                type="password"
                autoComplete="new-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                aria-describedby="invitee-password-help"
              />
              <p id="invitee-password-help" className="help">
                8 文字以上で英字・数字・記号を混ぜるか、13 文字以上にしてください。推測されやすいものは使えません。
              </p>
            </div>
            <div className="field">
              <label htmlFor="invitee-password-again">パスワード（確認）(Again)</label>
              <input
                id="invitee-password-again"
                name="new-password-again"
                type="password"
                autoComplete="new-password"
                required
                value={again}
                onChange={(event) => setAgain(event.target.value)}
                aria-invalid={mismatch}
                aria-describedby={mismatch ? 'invitee-password-mismatch' : undefined}
              />
              {mismatch && (
                <p id="invitee-password-mismatch" className="help">
                  上のパスワードと一致しません。
                </p>
              )}
            </div>
            <ErrorMessage error={error} />
            <div className="actions">
              <button type="submit" className="button primary" disabled={busy || mismatch}>
                {busy ? '参加しています…' : '参加してログインする'}
              </button>
            </div>
          </form>
        )}
      </main>
    </div>
  );
}
