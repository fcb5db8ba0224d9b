import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { passwordReset } from '../../api/mail';
import { ErrorMessage, Notice } from '../../components/feedback';

/**
 * 「パスワードをお忘れの方」: asks for a reset link by e-mail. The answer is the same whether or not
 * an account has the address, so the page says only that a link was sent if the address is known.
 */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    document.title = 'パスワードの再設定 | Kaiji 開示ポータル';
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await passwordReset.request(email.trim());
      setSent(true);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-screen">
      <main className="card login-card" aria-labelledby="forgot-title">
        <h1 id="forgot-title">
          パスワードの再設定 <small className="en">Forgot your password</small>
        </h1>
        {sent ? (
          <>
            <Notice tone="success">
              {email.trim()} がご登録のアドレスであれば、パスワード再設定のリンクをお送りしました。メールのリンクを 30 分以内に開いてください。
            </Notice>
            <p className="muted">メールが届かないときは、迷惑メールフォルダを確かめるか、しばらくしてからもう一度お試しください。所属組織の管理者にパスワードのリセットを頼むこともできます。</p>
          </>
        ) : (
          <form onSubmit={(event) => void submit(event)}>
            <p className="muted">あなたのアカウントのメールアドレスを入力してください。再設定のリンクをメールでお送りします。</p>
            <div className="field">
              <label htmlFor="reset-email">メールアドレス (E-mail)</label>
              <input id="reset-email" name="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
            </div>
            <ErrorMessage error={error} />
            <div className="actions">
              <button type="submit" className="button primary" disabled={busy}>
                {busy ? '送信中…' : '再設定のリンクを送る'}
              </button>
            </div>
          </form>
        )}
        <p>
          <Link to="/login">ログイン画面に戻る</Link>
        </p>
      </main>
    </div>
  );
}
