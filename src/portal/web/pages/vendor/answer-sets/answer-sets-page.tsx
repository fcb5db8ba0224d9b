import { useState } from 'react';
import { Link } from 'react-router';
import { answerSets } from '../../../api/answer-sets';
import type { AnswerSetSummaryDto } from '../../../api/schema';
import { useMe } from '../../../auth/auth-context';
import { Badge } from '../../../components/badges';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Empty, ErrorMessage, Notice } from '../../../components/feedback';
import { PageHeader } from '../../../components/layout';
import { Pager } from '../../../components/pager';
import { formatDateTime } from '../../../lib/format';
import { usePaged } from '../../../lib/use-async';

/**
 * Your answer sets: a 事業者確認用 answered once (「標準回答（クラウド版）」) and submitted to many
 * customers at a time. Archiving takes a set out of use; what it submitted stays with the customers.
 */
export function AnswerSetsPage() {
  const me = useMe();
  const [includeArchived, setIncludeArchived] = useState(false);
  const [version, setVersion] = useState(0);
  const list = usePaged((cursor) => answerSets.list({ cursor, limit: 25, includeArchived }), [includeArchived, version]);
  const [archiving, setArchiving] = useState<AnswerSetSummaryDto>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const canWrite = me.role !== 'viewer';

  async function archive(set: AnswerSetSummaryDto) {
    setBusy(true);
    setError(undefined);
    try {
      await answerSets.archive(set.id);
      setDone(`「${set.name}」をアーカイブしました。提出済みのチェックリストはそのまま残ります。`);
      setVersion((v) => v + 1);
      setArchiving(undefined);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader
        title="あなたの回答セット"
        en="Answer sets"
        lead={<p className="muted">事業者確認用チェックリストの回答を一度作っておき、多くの顧客へまとめて提出できます。顧客ごとに一部の項目だけ変えることもできます。</p>}
      >
        {canWrite && (
          <Link className="button primary" to="/vendor/answer-sets/new">
            回答セットを作る
          </Link>
        )}
      </PageHeader>
      {done && <Notice tone="success">{done}</Notice>}
      {error ? <ErrorMessage error={error} /> : null}
      <section className="card" aria-labelledby="answer-sets-title">
        <h2 id="answer-sets-title">
          回答セット <span className="en">Your sets</span>
        </h2>
        <label className="checkbox">
          <input type="checkbox" checked={includeArchived} onChange={(event) => setIncludeArchived(event.target.checked)} /> アーカイブ済みも表示する
        </label>
        {!list.loading && !list.error && list.items.length === 0 ? (
          <Empty>まだ回答セットがありません。「回答セットを作る」から始めてください。</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table stack-on-phone">
              <caption className="visually-hidden">あなたの回答セットの一覧</caption>
              <thead>
                <tr>
                  <th scope="col">名前</th>
                  <th scope="col">様式</th>
                  <th scope="col">状態</th>
                  <th scope="col">更新日時</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((set) => (
                  <tr key={set.id} data-testid="answer-set-row">
                    <td data-label="名前">
                      <Link to={`/vendor/answer-sets/${set.id}`}>{set.name}</Link>
                      {set.managerName && <div className="muted small">管理責任者: {set.managerName}</div>}
                    </td>
                    <td data-label="様式">
                      {set.form.title} {set.form.versionLabel}
                    </td>
                    <td data-label="状態">
                      {set.archived ? (
                        <Badge tone="neutral">アーカイブ済み</Badge>
                      ) : set.complete ? (
                        <Badge tone="ok">提出に使えます</Badge>
                      ) : (
                        <Badge tone="warn">未回答 {set.missingItems.length}項目</Badge>
                      )}
                    </td>
                    <td data-label="更新日時">{formatDateTime(set.updatedAt)}</td>
                    <td data-label="操作">
                      {!set.archived && canWrite && (
                        <span className="actions">
                          {set.complete && (
                            <Link className="button primary small" to={`/vendor/answer-sets/${set.id}/apply`}>
                              顧客に提出する
                            </Link>
                          )}
                          <button type="button" className="button secondary small" onClick={() => setArchiving(set)}>
                            アーカイブ
                          </button>
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager state={list} />
      </section>
      {archiving && (
        <ConfirmDialog title="この回答セットをアーカイブしますか？" confirmLabel="アーカイブする" busy={busy} onConfirm={() => void archive(archiving)} onCancel={() => setArchiving(undefined)}>
          <p>「{archiving.name}」を一覧から外し、今後の提出に使えなくします。これまでに顧客へ提出したチェックリストと提出の記録は残ります。</p>
        </ConfirmDialog>
      )}
    </>
  );
}
