import { Link } from 'react-router';
import { chains } from '../../api/chain';
import { useMe } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { FeatureError } from '../../components/feature-missing';
import { Empty } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { fiscalYearLabel, formatDateTime } from '../../lib/format';
import { usePaged } from '../../lib/use-async';

/** Chain-wide follow-ups: one request or thread to a vendor for many stores, with progress. */
export function FollowupsPage() {
  const me = useMe();
  const state = usePaged((cursor) => chains.followups(me.organization.id, { cursor, limit: 25 }), [me.organization.id]);
  return (
    <>
      <PageHeader title="一括フォローアップ" en="Chain-wide follow-ups">
        <Link className="button" to="/chain/follow-ups/new">
          新しいフォローアップ
        </Link>
      </PageHeader>
      <p className="muted">事業者に一度だけ依頼・質問すると、対象の全店舗にそれぞれの依頼・スレッドが作られます。事業者の一度の回答が全店舗に届きます。</p>
      <FeatureError error={state.error} onRetry={state.reload} feature="一括フォローアップ" />
      {!state.loading && !state.error && state.items.length === 0 ? (
        <Empty>フォローアップはまだありません。マトリクスや事業者の詳細から始められます。</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">内容</th>
                <th scope="col">事業者</th>
                <th scope="col">進み具合</th>
                <th scope="col">作成日時</th>
              </tr>
            </thead>
            <tbody>
              {state.items.map((followup) => (
                <tr key={followup.id}>
                  <th scope="row">
                    <Link to={`/chain/follow-ups/${followup.id}`}>
                      {followup.kindLabel}: {followup.request ? `${followup.request.kindLabel}${followup.request.fiscalYear ? `（${fiscalYearLabel(followup.request.fiscalYear)}）` : ''}` : `項目 ${followup.thread?.itemId ?? ''}`}
                    </Link>
                  </th>
                  <td>{followup.vendor.name}</td>
                  <td>
                    <Progress progress={followup.progress} />
                  </td>
                  <td>{formatDateTime(followup.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {state.error ? null : <Pager state={state} />}
    </>
  );
}

export function Progress({ progress }: { progress: { total: number; open: number; closed: number } }) {
  const share = progress.total === 0 ? 0 : Math.round((progress.closed / progress.total) * 100);
  return (
    <span className="progress">
      <progress max={Math.max(progress.total, 1)} value={progress.closed} aria-label={`${progress.total}店舗中 ${progress.closed}店舗が完了`} />
      <span className="small">
        {progress.closed}/{progress.total} 完了（{share}%）
      </span>
      {progress.open > 0 && <Badge tone="warn">対応中 {progress.open}</Badge>}
    </span>
  );
}
