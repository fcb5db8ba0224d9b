import { useState } from 'react';
import { Link } from 'react-router';
import { notifications } from '../api/endpoints';
import { Empty, ErrorMessage } from '../components/feedback';
import { PageHeader } from '../components/layout';
import { Pager } from '../components/pager';
import { formatDateTime } from '../lib/format';
import { usePaged } from '../lib/use-async';

/** The user's notifications, newest first; links lead to the subject's screen. */
export function NotificationsPage() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [version, setVersion] = useState(0);
  const state = usePaged((cursor) => notifications.list({ cursor, limit: 25, unreadOnly: unreadOnly || undefined }), [unreadOnly, version]);
  const [error, setError] = useState<unknown>();
  return (
    <>
      <PageHeader title="通知" en="Notifications">
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            notifications.readAll().then(() => setVersion((v) => v + 1), setError);
          }}
        >
          すべて既読にする
        </button>
      </PageHeader>
      <ErrorMessage error={error} />
      <label className="checkbox-inline">
        <input type="checkbox" checked={unreadOnly} onChange={(event) => setUnreadOnly(event.target.checked)} /> 未読のみ
      </label>
      {!state.loading && !state.error && state.items.length === 0 ? (
        <Empty>通知はありません。</Empty>
      ) : (
        <ul className="notification-list">
          {state.items.map((item) => (
            <li key={item.id} className={item.read ? 'read' : 'unread'}>
              <p className="notification-title">
                {!item.read && <span className="visually-hidden">未読: </span>}
                {item.link ? (
                  <Link to={portalPath(item.link)} onClick={() => void notifications.read(item.id).catch(() => undefined)}>
                    {item.title}
                  </Link>
                ) : (
                  item.title
                )}
              </p>
              {item.body && <p className="small">{item.body}</p>}
              <p className="muted small">{formatDateTime(item.createdAt)}</p>
            </li>
          ))}
        </ul>
      )}
      <Pager state={state} />
    </>
  );
}

/** Notification links are portal paths ("/portal/threads/…" or "/threads/…"); the router adds /portal. */
function portalPath(link: string): string {
  return link.startsWith('/portal/') ? link.slice('/portal'.length) : link;
}
