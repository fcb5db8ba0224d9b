import { Link } from 'react-router';
import { followups } from '../../api/chain';
import { threads } from '../../api/endpoints';
import { AnswerBadge, Badge, ThreadStatusBadge } from '../../components/badges';
import { FeatureError } from '../../components/feature-missing';
import { Empty } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { RequestList } from '../../components/request-list';
import { formatDate, formatDateTime } from '../../lib/format';
import { usePaged } from '../../lib/use-async';
import { Progress } from '../chain/followups-page';

/** What customers asked the vendor: open document requests, threads waiting for an answer, chains' follow-ups. */
export function InboxPage() {
  const waiting = usePaged((cursor) => threads.list({ status: 'waiting_vendor', cursor, limit: 25 }), []);
  const chainFollowups = usePaged((cursor) => followups.list({ open: true, cursor, limit: 10 }), []);
  return (
    <>
      <PageHeader title="受信箱" en="Inbox" />
      <section className="card" aria-labelledby="inbox-requests">
        <h2 id="inbox-requests">
          あなたへの書類の提出依頼（未対応） <span className="en">Open requests to you</span>
        </h2>
        <p className="help">あなたがチェックリストを提出したりMDS/SDSを公開したりすると、対応する依頼は自動的に「対応済み」になります。</p>
        <RequestList query={{ status: 'open' }} />
      </section>
      <section className="card" aria-labelledby="inbox-threads">
        <h2 id="inbox-threads">
          あなたの回答待ちのスレッド <span className="en">Threads waiting for you</span>
        </h2>
        {!waiting.loading && !waiting.error && waiting.items.length === 0 ? (
          <Empty>回答待ちのスレッドはありません。</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">項目・回答</th>
                  <th scope="col">書類</th>
                  <th scope="col">薬局</th>
                  <th scope="col">期限</th>
                  <th scope="col">最終更新</th>
                </tr>
              </thead>
              <tbody>
                {waiting.items.map((thread) => (
                  <tr key={thread.id}>
                    <th scope="row">
                      <Link to={`/threads/${thread.id}`}>
                        {thread.itemId} <AnswerBadge answer={thread.snapshot.answer} />
                      </Link>
                      <div>
                        <ThreadStatusBadge status={thread.status} label={thread.status === 'waiting_vendor' ? 'あなたの回答待ち' : thread.statusLabel} />
                        {thread.overdue && <Badge tone="bad">期限超過</Badge>}
                      </div>
                    </th>
                    <td>{thread.snapshot.documentLabel}</td>
                    <td>{thread.customer.name}</td>
                    <td>{formatDate(thread.dueOn)}</td>
                    <td>{formatDateTime(thread.lastMessageAt ?? thread.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager state={waiting} />
      </section>
      <section className="card" aria-labelledby="inbox-followups">
        <h2 id="inbox-followups">
          法人本部からの一括フォローアップ <span className="en">Chain follow-ups</span>
        </h2>
        <FeatureError error={chainFollowups.error} onRetry={chainFollowups.reload} feature="一括フォローアップ" />
        {!chainFollowups.loading && !chainFollowups.error && chainFollowups.items.length === 0 ? (
          <Empty>対応中のフォローアップはありません。</Empty>
        ) : (
          <ul className="plain-list">
            {chainFollowups.items.map((followup) => (
              <li key={followup.id}>
                <Link to={`/followups/${followup.id}`}>
                  {followup.chain.name}: {followup.kindLabel}
                  {followup.request ? `（${followup.request.kindLabel}）` : followup.thread ? `（項目 ${followup.thread.itemId}）` : ''}
                </Link>{' '}
                <Progress progress={followup.progress} />
              </li>
            ))}
          </ul>
        )}
        {chainFollowups.error ? null : <Pager state={chainFollowups} />}
      </section>
    </>
  );
}
