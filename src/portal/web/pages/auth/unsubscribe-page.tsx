import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { notificationMail } from '../../api/notification-mail';
import { ErrorMessage, Notice } from '../../components/feedback';

/**
 * The page a mail's 「メールを止める」 link opens (/unsubscribe?token=…): nothing changes until the
 * person presses the button (a link scanner that opens the page turns nothing off). Mail clients
 * use the one-click POST of List-Unsubscribe instead.
 */
export function UnsubscribePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    document.title = '通知メールの停止 | Kaiji 開示ポータル';
  }, []);

  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      setDone((await notificationMail.unsubscribe(token)).message);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-screen">
      <main className="card login-card" aria-labelledby="unsubscribe-title">
        <h1 id="unsubscribe-title">
          通知メールの停止 <small className="en">Unsubscribe</small>
        </h1>
        {done ? (
          <Notice tone="success">{done}</Notice>
        ) : !token ? (
          <Notice tone="warning">リンクにトークンが含まれていません。メールのリンクをそのまま開いてください。</Notice>
        ) : (
          <>
            <p>このメールで届いた種類のお知らせを、メールで送らないようにします。ポータルのお知らせ一覧には引き続き表示されます。</p>
            <ErrorMessage error={error} />
            <div className="actions">
              <button type="button" className="button primary" disabled={busy} onClick={() => void confirm()}>
                {busy ? '停止中…' : 'このお知らせのメールを止める'}
              </button>
            </div>
          </>
        )}
        <p>
          <Link to="/account">ログインして通知メールの設定を変える</Link>
        </p>
      </main>
    </div>
  );
}
