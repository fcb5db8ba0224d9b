import { useState } from 'react';
import { organizations } from '../../api/endpoints';
import type { UserDto } from '../../api/schema';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorMessage } from '../../components/feedback';

/** What was reset, for the screen's notice. */
export interface ResetOutcome {
  user: UserDto;
  passwordReset: boolean;
  twoFactorReset: boolean;
}

/**
 * An admin resets a member's password and/or 2FA (a lost phone, a forgotten password, a suspected
 * takeover). It cannot be undone: every session of the member ends at once, and at the next login
 * they set a new password and/or enrol an authenticator again before anything else.
 */
export function ResetCredentialsDialog({ orgId, user, onDone, onCancel }: { orgId: string; user: UserDto; onDone: (outcome: ResetOutcome) => void; onCancel: () => void }) {
  const [resetPassword, setResetPassword] = useState(true);
  const [temporaryPassword, setTemporaryPassword] = useState('');
  const [resetTwoFactor, setResetTwoFactor] = useState(user.twoFactorEnrolled);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const nothing = !resetPassword && !resetTwoFactor;

  async function confirm() {
    if (nothing || (resetPassword && temporaryPassword.length === 0)) return;
    setBusy(true);
    setError(undefined);
    try {
      const next = await organizations.resetCredentials(orgId, user.id, { resetTwoFactor, ...(resetPassword ? { temporaryPassword } : {}) });
      onDone({ user: next, passwordReset: resetPassword, twoFactorReset: resetTwoFactor });
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <ConfirmDialog title={`${user.displayName} さんの認証情報をリセット`} confirmLabel="リセットする" busy={busy} disabled={nothing} onConfirm={() => void confirm()} onCancel={onCancel}>
      <p>
        対象: <strong>{user.displayName}</strong>（{user.email}）
      </p>
      <ul>
        <li>この操作は取り消せません。本人のすべてのセッションは直ちにログアウトされます。</li>
        <li>本人は次回ログイン時に、ほかの操作の前に新しいパスワードの設定、または認証アプリの再登録を求められます。</li>
        <li>操作は監査ログに記録され、本人に通知されます。</li>
      </ul>
      <fieldset>
        <legend>リセットする内容</legend>
        <label className="radio">
          <input type="checkbox" checked={resetPassword} onChange={(event) => setResetPassword(event.target.checked)} />
          <span>パスワード（一時パスワードを設定）</span>
        </label>
        {resetPassword && (
          <div className="field">
            <label htmlFor="reset-temporary-password">一時パスワード</label>
            <input
              id="reset-temporary-password"
              type="password"
              autoComplete="new-password"
              required
              minLength={8}
              value={temporaryPassword}
              onChange={(event) => setTemporaryPassword(event.target.value)}
              aria-describedby="reset-temporary-help"
            />
            <p id="reset-temporary-help" className="help">
              パスワードの規則（8文字以上で英字・数字・記号を混ぜるか13文字以上）が適用されます。Kaiji は一時パスワードを送信しません。電話など別の手段で本人に伝えてください。
            </p>
          </div>
        )}
        <label className="radio">
          <input type="checkbox" checked={resetTwoFactor} onChange={(event) => setResetTwoFactor(event.target.checked)} />
          <span>
            二要素認証（認証アプリと回復コードを削除し、再登録を求める）
            {!user.twoFactorEnrolled && <span className="help"> — 現在は未登録です</span>}
          </span>
        </label>
      </fieldset>
      {nothing && <p className="field-error">リセットする内容を1つ以上選んでください。</p>}
      <ErrorMessage error={error} />
    </ConfirmDialog>
  );
}
