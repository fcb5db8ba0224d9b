import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { auth } from '../../api/endpoints';
import type { MeDto } from '../../api/schema';
import { useAuth, useMe } from '../../auth/auth-context';
import { PageHeader } from '../../components/layout';
import { ErrorMessage, Notice } from '../../components/feedback';
import { TwoFactorEnrolment } from './two-factor-enrolment';
import { NotificationMailSection } from './notification-mail-section';
import { SessionsSection } from './sessions-section';

const ROLE_LABELS: Record<string, string> = { admin: '管理者 (admin)', member: 'メンバー (member)', viewer: '閲覧のみ (viewer)' };

export function AccountPage() {
  const me = useMe();
  const pending = Boolean(me.passwordChangeRequired || me.twoFactorEnrolmentRequired);
  const [wasPending] = useState(pending);
  return (
    <>
      <PageHeader title="アカウント" en="Account" />
      <FirstSteps me={me} />
      {wasPending && !pending && (
        <Notice tone="success">
          <p>
            必要な設定が終わりました。<Link to="/">ホーム画面へ進む</Link>
          </p>
        </Notice>
      )}
      {me.passwordChangeRequired && <PasswordSection required />}
      <section className="card">
        <h2>ログイン中のアカウント</h2>
        <dl className="facts">
          <dt>名前</dt>
          <dd>{me.displayName}</dd>
          <dt>メールアドレス</dt>
          <dd>{me.email}</dd>
          <dt>組織</dt>
          <dd>{me.organization.name}</dd>
          <dt>権限</dt>
          <dd>{ROLE_LABELS[me.role ?? ''] ?? me.role}</dd>
        </dl>
      </section>
      <TwoFactorSection />
      {!me.passwordChangeRequired && <PasswordSection />}
      <SessionsSection />
      {!me.passwordChangeRequired && !me.twoFactorEnrolmentRequired && <NotificationMailSection />}
    </>
  );
}

/**
 * What an account must do before anything else, and why: the API refuses every other action
 * (403 password_change_required / two_factor_enrolment_required) until it is done.
 */
function FirstSteps({ me }: { me: MeDto }) {
  if (!me.passwordChangeRequired && !me.twoFactorEnrolmentRequired) return null;
  const operator = me.organization.kind === 'operator';
  return (
    <div className="alert alert-warning" role="alert" data-testid="first-steps">
      <p className="alert-title">次の設定が終わるまで、ほかの画面は使えません (Finish these steps first)</p>
      <ul>
        {me.passwordChangeRequired && (
          <li>
            管理者があなたのパスワードをリセットしました。管理者から伝えられた一時パスワードを「現在のパスワード」に入力し、新しいパスワードを設定してください。
          </li>
        )}
        {me.twoFactorEnrolmentRequired && (
          <li>
            {operator
              ? '運営者のアカウントは、ログインに二要素認証が必須です。'
              : me.organization.requireTwoFactor
                ? '組織の方針により、二要素認証の登録が必要です。'
                : '管理者があなたの二要素認証をリセットしました。'}
            下の「二要素認証」で認証アプリを登録してください。
          </li>
        )}
      </ul>
    </div>
  );
}

function TwoFactorSection() {
  const me = useMe();
  const { reloadMe } = useAuth();
  const [codes, setCodes] = useState<string[]>();
  const [otp, setOtp] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">二要素認証 (Two-factor authentication)</h2>
      {codes && <RecoveryCodes codes={codes} />}
      {!me.twoFactorEnrolled ? (
        <>
          <p>
            状態: <strong className="text-bad">未登録</strong>
            {me.organization.kind === 'operator'
              ? '（運営者のログインには登録が必要です）'
              : me.organization.requireTwoFactor
                ? '（組織の方針により登録が必要です）'
                : me.twoFactorEnrolmentRequired && '（管理者がリセットしました。登録し直してください）'}
          </p>
          <TwoFactorEnrolment
            onEnrolled={(recoveryCodes) => {
              setCodes(recoveryCodes);
              void reloadMe();
            }}
          />
        </>
      ) : (
        <>
          <p>
            状態: <strong className="text-ok">登録済み</strong>（残りの回復コード: {me.recoveryCodesRemaining ?? '—'}）
          </p>
          <form
            className="inline-form"
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              void run(async () => {
                setCodes((await auth.newRecoveryCodes(otp.trim())).recoveryCodes);
                setOtp('');
                await reloadMe();
              });
            }}
          >
            <div className="field">
              <label htmlFor="otp-codes">認証コード</label>
              <input id="otp-codes" inputMode="numeric" autoComplete="one-time-code" value={otp} onChange={(event) => setOtp(event.target.value)} required />
            </div>
            <button type="submit" className="button secondary" disabled={busy}>
              回復コードを再発行
            </button>
          </form>
          {!me.organization.requireTwoFactor && (
            <details className="danger-zone">
              <summary>二要素認証を解除する</summary>
              <form
                className="inline-form"
                onSubmit={(event: FormEvent) => {
                  event.preventDefault();
                  void run(async () => {
                    await auth.disableTwoFactor({ otp: otp.trim(), password });
                    setPassword('');
                    setOtp('');
                    await reloadMe();
                  });
                }}
              >
                <div className="field">
                  <label htmlFor="otp-disable">認証コード</label>
                  <input id="otp-disable" inputMode="numeric" value={otp} onChange={(event) => setOtp(event.target.value)} required />
                </div>
                <div className="field">
                  <label htmlFor="password-disable">パスワード</label>
                  <input id="password-disable" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
                </div>
                <button type="submit" className="button danger" disabled={busy}>
                  解除する
                </button>
              </form>
            </details>
          )}
        </>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <Notice tone="success">
      <p>
        <strong>回復コード (Recovery codes)</strong> — 今だけ表示されます。安全な場所に保管してください。各コードは1回だけ使えます。
      </p>
      <ul className="codes" aria-label="回復コード">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </Notice>
  );
}

function PasswordSection({ required = false }: { required?: boolean }) {
  const { reloadMe } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const mismatch = repeat.length > 0 && next !== repeat;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(undefined);
    setDone(false);
    try {
      await auth.changePassword({ currentPassword: current, newPassword: next });
      setDone(true);
      setCurrent('');
      setNext('');
      setRepeat('');
      // The API no longer asks for a new password: the rest of the portal opens.
      if (required) await reloadMe();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{required ? '新しいパスワードの設定 (Set a new password)' : 'パスワードの変更 (Change password)'}</h2>
      <p className="help">8文字以上で英字・数字・記号を混ぜるか、13文字以上にしてください。直近5回に使ったものは使えません。変更すると他の端末のセッションはログアウトされます。</p>
      <form onSubmit={(event) => void submit(event)} className="form-grid">
        <div className="field">
          <label htmlFor="current-password">{required ? '現在のパスワード（一時パスワード）' : '現在のパスワード'}</label>
          <input id="current-password" type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="new-password">新しいパスワード</label>
          <input id="new-password" type="password" autoComplete="new-password" minLength={8} value={next} onChange={(event) => setNext(event.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="repeat-password">新しいパスワード（確認）</label>
          <input
            id="repeat-password"
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(event) => setRepeat(event.target.value)}
            required
            aria-invalid={mismatch}
            aria-describedby={mismatch ? 'repeat-error' : undefined}
          />
          {mismatch && (
            <p id="repeat-error" className="field-error">
              確認用のパスワードが一致しません。
            </p>
          )}
        </div>
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy || mismatch}>
            {required ? '設定する' : '変更する'}
          </button>
        </div>
      </form>
      {done && <Notice tone="success">パスワードを変更しました。</Notice>}
      <ErrorMessage error={error} />
    </section>
  );
}
