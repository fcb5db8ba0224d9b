import { useState } from 'react';
import { mySessions } from '../../api/sessions';
import type { SessionDto } from '../../api/schema';
import { ErrorMessage, Notice } from '../../components/feedback';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';

/**
 * ログイン中の端末 on the account page: every session of the account that has not ended, the one
 * in use marked; sign out one device or all the others (their tokens stop working at once), as
 * after a lost phone or a shared PC. The buttons say 解除, not ログアウト: that word is the header's own
 * button (the browser helpers find it by name).
 */
export function SessionsSection() {
  const sessions = useAsync(() => mySessions.list(), []);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<unknown>();

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setDone(undefined);
    setError(undefined);
    try {
      setDone(await action());
      sessions.reload();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  const items = sessions.data?.items ?? [];
  const others = items.filter((s) => !s.current);
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">ログイン中の端末 (Signed-in devices)</h2>
      <p>
        心当たりのない端末があれば、ログインを解除してからパスワードを変更してください。解除した端末は、次の操作からログイン画面に戻ります (a device signed out here must log in again).
      </p>
      {done && (
        <Notice tone="success">
          <p>{done}</p>
        </Notice>
      )}
      <ErrorMessage error={sessions.error ?? error} />
      {sessions.loading && !sessions.data ? (
        <p>読み込み中…</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">ログイン中の端末の一覧</caption>
            <thead>
              <tr>
                <th scope="col">端末</th>
                <th scope="col">IP アドレス</th>
                <th scope="col">ログイン</th>
                <th scope="col">最終利用</th>
                <th scope="col">
                  <span className="visually-hidden">操作</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((session) => (
                <tr key={session.id} data-testid="session-row" data-current={session.current ? 'true' : undefined}>
                  <td>
                    {deviceLabel(session)}
                    {session.current && <> <span className="badge badge-ok">この端末</span></>}
                  </td>
                  <td>{session.ip ?? '—'}</td>
                  <td>{formatDateTime(session.createdAt)}</td>
                  <td>{formatDateTime(session.lastUsedAt)}</td>
                  <td>
                    {!session.current && (
                      <button
                        type="button"
                        className="button secondary"
                        disabled={busy}
                        aria-label={`${deviceLabel(session)}（${formatDateTime(session.createdAt)} から）のログインを解除`}
                        onClick={() => void run(async () => (await mySessions.revoke(session.id), 'その端末のログインを解除しました。'))}
                      >
                        解除
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {others.length > 0 && (
        <button
          type="button"
          className="button danger"
          disabled={busy}
          onClick={() => void run(async () => `ほかの端末 ${(await mySessions.revokeOthers()).revoked} 件のログインを解除しました。`)}
        >
          この端末以外のログインをすべて解除
        </button>
      )}
    </section>
  );
}

/** A readable name for a User-Agent: browser and system, enough to tell one's devices apart. */
function deviceLabel(session: SessionDto): string {
  const ua = session.userAgent ?? '';
  if (!ua) return '不明な端末';
  const system = /iPhone|iPad/.test(ua) ? 'iOS' : /Android/.test(ua) ? 'Android' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : '';
  const label = [browser, system].filter(Boolean).join(' / ');
  return label || ua.slice(0, 60);
}
