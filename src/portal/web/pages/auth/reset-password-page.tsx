import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { passwordReset } from '../../api/mail';
import { ErrorMessage, Notice } from '../../components/feedback';

/**
 * The page a reset mail's link opens (/reset-password?token=…): a new password, entered twice. On
 * success every session of the account has ended and the user logs in again.
 */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>();
  const mismatch = again.length > 0 && again !== password;

  useEffect(() => {
    document.title = '新しいパスワードの設定 | Kaiji 開示ポータル';
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(undefined);
    try {
      await passwordReset.confirm(token, password);
      setDone(true);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-screen">
      <main className="card login-card" aria-labelledby="reset-title">
        <h1 id="reset-title">
          新しいパスワードの設定 <small className="en">Set a new password</small>
        </h1>
        {done ? (
          <>
            <Notice tone="success">パスワードを変更しました。安全のため、すべての端末からログアウトしています。新しいパスワードでログインしてください。</Notice>
            <p>
              <Link to="/login" className="button primary">
                ログインする
              </Link>
            </p>
          </>
        ) : !token ? (
          <>
            <Notice tone="warning">リンクにトークンが含まれていません。メールのリンクをそのまま開くか、もう一度再設定を申し込んでください。</Notice>
            <p>
              <Link to="/forgot-password">再設定を申し込む</Link>
            </p>
          </>
        ) : (
          <form onSubmit={(event) => void submit(event)}>
            <div className="field">
              <label htmlFor="new-password">新しいパスワード (New password)</label>
              <input
                id="new-password"
                name="new-password"
                type="password"
                autoComplete="new-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                aria-describedby="new-password-help"
              />
              <p id="new-password-help" className="help">
                8 文字以上で英字・数字・記号を混ぜるか、13 文字以上にしてください。推測されやすいものや、過去 5 回に使ったものは使えません。
              </p>
            </div>
            <div className="field">
              <label htmlFor="new-password-again">新しいパスワード（確認）(Again)</label>
              <input
                id="new-password-again"
                name="new-password-again"
                type="password"
                autoComplete="new-password"
                required
                value={again}
                onChange={(event) => setAgain(event.target.value)}
                aria-invalid={mismatch}
                aria-describedby={mismatch ? 'new-password-mismatch' : undefined}
              />
              {mismatch && (
                <p id="new-password-mismatch" className="help">
                  上のパスワードと一致しません。
                </p>
              )}
            </div>
            <ErrorMessage error={error} />
            <div className="actions">
              <button type="submit" className="button primary" disabled={busy || mismatch}>
                {busy ? '設定中…' : 'パスワードを設定する'}
              </button>
            </div>
            <p>
              <Link to="/forgot-password">リンクの期限が切れたときは、もう一度申し込む</Link>
            </p>
          </form>
        )}
      </main>
    </div>
  );
}
