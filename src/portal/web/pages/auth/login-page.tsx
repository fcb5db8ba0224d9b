import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { ApiError } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { ErrorMessage, Notice } from '../../components/feedback';

export function LoginPage() {
  const { me, login, expired } = useAuth();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [needsOtp, setNeedsOtp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const otpInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'ログイン | Kaiji 開示ポータル';
  }, []);
  useEffect(() => {
    if (needsOtp) otpInput.current?.focus();
  }, [needsOtp]);

  if (me) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(email.trim(), password, needsOtp ? otp.trim() : undefined);
    } catch (reason) {
      if (reason instanceof ApiError && reason.code === 'otp_required') {
        setNeedsOtp(true);
      } else {
        setError(reason);
        if (reason instanceof ApiError && reason.code === 'invalid_otp') setOtp('');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-screen">
      <form className="card login-card" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            開
          </span>
          <span>
            Kaiji <small>開示ポータル</small>
          </span>
        </div>
        <h1 id="login-title">ログイン</h1>
        <p className="muted">薬局・法人本部・事業者のためのセキュリティ開示書とチェックリストの交換 (Sign in)</p>
        {expired && <Notice tone="warning">セッションの有効期限が切れました。もう一度ログインしてください。</Notice>}
        <div className="field">
          <label htmlFor="email">メールアドレス (E-mail)</label>
          <input id="email" name="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} disabled={needsOtp} />
        </div>
        <div className="field">
          <label htmlFor="password">パスワード (Password)</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            disabled={needsOtp}
          />
        </div>
        {needsOtp && (
          <div className="field">
            <label htmlFor="otp">認証コード (2FA code)</label>
            <input
              id="otp"
              name="otp"
              ref={otpInput}
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              value={otp}
              onChange={(event) => setOtp(event.target.value)}
              aria-describedby="otp-help"
            />
            <p id="otp-help" className="help">
              認証アプリに表示されている6桁のコード、または回復コード（XXXX-XXXX-XXXX）を入力してください。
            </p>
          </div>
        )}
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? '確認中…' : needsOtp ? '認証してログイン' : 'ログイン'}
          </button>
          {needsOtp && (
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setNeedsOtp(false);
                setOtp('');
                setError(undefined);
              }}
            >
              戻る
            </button>
          )}
        </div>
        {!needsOtp && (
          <p className="small">
            <Link to="/forgot-password">パスワードをお忘れの方</Link>
          </p>
        )}
      </form>
    </div>
  );
}
