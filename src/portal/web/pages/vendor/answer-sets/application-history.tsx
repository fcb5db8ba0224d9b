import { answerSets } from '../../../api/answer-sets';
import type { AnswerSetApplicationDto } from '../../../api/schema';
import { Badge } from '../../../components/badges';
import { Empty } from '../../../components/feedback';
import { Pager } from '../../../components/pager';
import { formatDateTime } from '../../../lib/format';
import { usePaged } from '../../../lib/use-async';

const STATUS: Record<AnswerSetApplicationDto['status'], { label: string; tone: 'ok' | 'warn' | 'bad' | 'info' | 'neutral' }> = {
  preview: { label: '確認のみ', tone: 'neutral' },
  running: { label: '提出中', tone: 'info' },
  completed: { label: '完了', tone: 'ok' },
  failed: { label: '中断（エラー）', tone: 'bad' },
  interrupted: { label: '中断（サーバー停止）', tone: 'warn' },
};

export function ApplicationStatusBadge({ status }: { status: AnswerSetApplicationDto['status'] }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}

/** What the set has been submitted to so far, newest first: each application's counts. */
export function ApplicationHistory({ setId }: { setId: string }) {
  const list = usePaged((cursor) => answerSets.applications(setId, { cursor, limit: 10 }), [setId]);
  return (
    <section className="card" aria-labelledby="application-history-title">
      <h2 id="application-history-title">
        提出の記録 <span className="en">Applications</span>
      </h2>
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>この回答セットはまだ顧客に提出していません。</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table stack-on-phone">
            <caption className="visually-hidden">この回答セットの提出の記録</caption>
            <thead>
              <tr>
                <th scope="col">日時</th>
                <th scope="col">年度</th>
                <th scope="col">状態</th>
                <th scope="col">対象</th>
                <th scope="col">新しい版</th>
                <th scope="col">変更なし</th>
                <th scope="col">エラー</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((application) => (
                <tr key={application.id}>
                  <td data-label="日時">{formatDateTime(application.createdAt)}</td>
                  <td data-label="年度">{application.fiscalYearLabel}</td>
                  <td data-label="状態">
                    <ApplicationStatusBadge status={application.status} />
                  </td>
                  <td data-label="対象">{application.total}件</td>
                  <td data-label="新しい版">{application.created}件</td>
                  <td data-label="変更なし">{application.unchanged}件</td>
                  <td data-label="エラー">{application.failed}件</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager state={list} />
    </section>
  );
}
