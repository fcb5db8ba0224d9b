import { useId, useState } from 'react';
import { MAIL_KIND_LABELS, mail } from '../../api/mail';
import { useAuth } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { Empty, ErrorMessage } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { formatDateTime } from '../../lib/format';
import { usePaged } from '../../lib/use-async';

const STATUS = {
  queued: { label: '送信待ち', tone: 'warn' },
  sent: { label: '送信済み', tone: 'ok' },
  failed: { label: '送信失敗', tone: 'bad' },
} as const;

/**
 * The mail Kaiji sent to your organization's people (issue 15): to whom, what, and whether the
 * SMTP server took it. Bodies are never shown: a reset mail's link is the user's alone.
 */
export function MailDeliveriesPage() {
  const id = useId();
  const { me } = useAuth();
  const organizationId = me?.organization.id ?? '';
  const [status, setStatus] = useState('');
  const list = usePaged((cursor) => mail.deliveries(organizationId, { status: status || undefined, cursor, limit: 50 }), [organizationId, status]);

  return (
    <>
      <PageHeader title="メール送信履歴" en="Mail deliveries" />
      <p className="muted">
        あなたの組織のユーザーに Kaiji が送ったメールと、その配送状況です。本文（再設定リンクなど）は表示しません。送信に失敗したメールは自動で再送され、最後まで届かなければ「送信失敗」になります。
      </p>
      <div className="filters">
        <span className="field-inline">
          <label htmlFor={`${id}-status`}>状態 (status)</label>
          <select id={`${id}-status`} value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">すべて</option>
            <option value="queued">送信待ち</option>
            <option value="sent">送信済み</option>
            <option value="failed">送信失敗</option>
          </select>
        </span>
      </div>
      <ErrorMessage error={list.error} />
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>送信したメールはまだありません。</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">メール送信履歴</caption>
            <thead>
              <tr>
                <th scope="col">日時</th>
                <th scope="col">宛先</th>
                <th scope="col">件名</th>
                <th scope="col">種類</th>
                <th scope="col">状態</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((delivery) => (
                <tr key={delivery.id} className={delivery.status === 'failed' ? 'row-no' : ''}>
                  <td>{formatDateTime(delivery.createdAt)}</td>
                  <td className="small">{delivery.recipient}</td>
                  <th scope="row">{delivery.subject}</th>
                  <td className="small">{MAIL_KIND_LABELS[delivery.kind] ?? delivery.kind}</td>
                  <td>
                    <Badge tone={STATUS[delivery.status].tone}>{STATUS[delivery.status].label}</Badge>
                    <div className="muted small">
                      {delivery.sentAt ? `送信 ${formatDateTime(delivery.sentAt)}` : `試行 ${delivery.attempts} 回`}
                      {delivery.lastError && delivery.status !== 'sent' && <div>{delivery.lastError}</div>}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager state={list} />
    </>
  );
}
