import { Link, useParams } from 'react-router';
import { chains, followups, type FollowupDetail } from '../../api/chain';
import { useMe } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { FeatureError } from '../../components/feature-missing';
import { Empty, Loading } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { fiscalYearLabel, formatDate, formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { Progress } from './followups-page';
import { VendorFollowupActions } from '../vendor/followup-actions';

/** One follow-up: each store's own request or thread and its status, and the stores skipped. */
export function FollowupPage() {
  const me = useMe();
  const { followupId = '' } = useParams();
  const state = useAsync(
    () => (me.organization.kind === 'chain' ? chains.followup(me.organization.id, followupId) : followups.get(followupId)),
    [me.organization.id, followupId],
  );
  const followup = state.data;
  return (
    <>
      <PageHeader title={followup ? `${followup.kindLabel}（${followup.vendor.name}）` : 'フォローアップ'} en="Follow-up" />
      <FeatureError error={state.error} onRetry={state.reload} feature="一括フォローアップ" />
      {state.loading && !followup && <Loading />}
      {followup && <FollowupView followup={followup} onChanged={state.setData} />}
    </>
  );
}

function FollowupView({ followup, onChanged }: { followup: FollowupDetail; onChanged: (followup: FollowupDetail) => void }) {
  return (
    <>
      <section className="card">
        <dl className="facts">
          <dt>法人本部</dt>
          <dd>{followup.chain.name}</dd>
          <dt>事業者</dt>
          <dd>{followup.vendor.name}</dd>
          {followup.request && (
            <>
              <dt>依頼</dt>
              <dd>
                {followup.request.kindLabel}
                {followup.request.fiscalYear ? `（${fiscalYearLabel(followup.request.fiscalYear)}）` : ''}
                {followup.request.dueOn && ` ・ 期限 ${formatDate(followup.request.dueOn)}`}
              </dd>
              <dt>メッセージ</dt>
              <dd>{followup.request.message ?? '—'}</dd>
            </>
          )}
          {followup.thread && (
            <>
              <dt>書類・項目</dt>
              <dd>
                {followup.thread.documentLabel} ・ 項目 {followup.thread.itemId} {followup.thread.itemText}
              </dd>
              <dt>質問</dt>
              <dd>{followup.thread.message}</dd>
            </>
          )}
          <dt>進み具合</dt>
          <dd>
            <Progress progress={followup.progress} />
          </dd>
          <dt>作成日時</dt>
          <dd>{formatDateTime(followup.createdAt)}</dd>
        </dl>
        {followup.yourSide === 'vendor' && <VendorFollowupActions followup={followup} onChanged={onChanged} />}
      </section>
      <section className="card" aria-labelledby="followup-stores">
        <h2 id="followup-stores">
          店舗ごとの状況 <span className="en">Each store</span>
        </h2>
        {followup.items.length === 0 ? (
          <Empty>対象の店舗はありません。</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">店舗</th>
                  <th scope="col">状態</th>
                  <th scope="col">期限</th>
                  <th scope="col">更新日時</th>
                </tr>
              </thead>
              <tbody>
                {followup.items.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">
                      <Link to={item.type === 'risk_thread' ? `/threads/${item.id}` : `/requests/${item.id}`}>{item.store.name}</Link>
                    </th>
                    <td>
                      <Badge tone={item.open ? 'warn' : 'ok'}>{item.statusLabel}</Badge>
                      {item.overdue && <Badge tone="bad">期限超過</Badge>}
                    </td>
                    <td>{formatDate(item.dueOn)}</td>
                    <td>{formatDateTime(item.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {followup.skipped && followup.skipped.length > 0 && (
          <details>
            <summary>対象外になった店舗（{followup.skipped.length}）</summary>
            <ul>
              {followup.skipped.map((skip) => (
                <li key={`${skip.store.id}-${skip.reason}`}>
                  {skip.store.name}: {skip.reasonLabel}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
    </>
  );
}
