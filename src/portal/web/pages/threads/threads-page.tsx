import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { threads } from '../../api/endpoints';
import { AnswerBadge, Badge, ThreadStatusBadge } from '../../components/badges';
import { Empty } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { formatDate, formatDateTime } from '../../lib/format';
import { usePaged } from '../../lib/use-async';

const FILTERS = [
  { value: 'open', label: '未解決 (open)' },
  { value: 'waiting_vendor', label: '事業者回答待ち' },
  { value: 'waiting_pharmacy', label: '薬局確認待ち' },
  { value: 'resolved', label: '解決済み' },
  { value: '', label: 'すべて' },
];

/** Risk-communication threads of the organization, filtered by state, paginated. */
export function ThreadsPage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('status') ?? 'open';
  const status = raw === 'all' ? '' : raw;
  const overdue = params.get('overdue') === 'true';
  const id = useId();
  const state = usePaged((cursor) => threads.list({ status: status || undefined, overdue: overdue || undefined, cursor, limit: 25 }), [status, overdue]);
  const set = (key: string, value: string) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });

  return (
    <>
      <PageHeader title="リスクコミュニケーション" en="Risk threads" />
      <div className="filters">
        <span className="field-inline">
          <label htmlFor={`${id}-status`}>状態</label>
          <select id={`${id}-status`} value={status} onChange={(event) => set('status', event.target.value || 'all')}>
            {FILTERS.map((filter) => (
              <option key={filter.value || 'all'} value={filter.value || 'all'}>
                {filter.label}
              </option>
            ))}
          </select>
        </span>
        <label className="checkbox-inline">
          <input type="checkbox" checked={overdue} onChange={(event) => set('overdue', event.target.checked ? 'true' : '')} /> 期限超過のみ
        </label>
      </div>
      {!state.loading && !state.error && state.items.length === 0 ? (
        <Empty>該当するスレッドはありません。「いいえ」「対象外」の回答の行からスレッドを開始できます。</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">項目・回答</th>
                <th scope="col">書類</th>
                <th scope="col">相手</th>
                <th scope="col">状態</th>
                <th scope="col">期限</th>
                <th scope="col">最終更新</th>
              </tr>
            </thead>
            <tbody>
              {state.items.map((thread) => (
                <tr key={thread.id} className={thread.snapshot.answer === 'いいえ' ? 'row-no' : thread.snapshot.answer === '対象外' ? 'row-na' : ''}>
                  <th scope="row">
                    <Link to={`/threads/${thread.id}`}>
                      {thread.itemId} <AnswerBadge answer={thread.snapshot.answer} />
                    </Link>
                    <div className="small">{thread.snapshot.itemText.slice(0, 80)}</div>
                  </th>
                  <td>{thread.snapshot.documentLabel}</td>
                  <td>{thread.yourSide === 'pharmacy' ? thread.vendor.name : thread.customer.name}</td>
                  <td>
                    <ThreadStatusBadge status={thread.status} label={thread.statusLabel} />
                    {thread.overdue && <Badge tone="bad">期限超過</Badge>}
                  </td>
                  <td>{formatDate(thread.dueOn)}</td>
                  <td>{formatDateTime(thread.lastMessageAt ?? thread.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager state={state} />
    </>
  );
}
