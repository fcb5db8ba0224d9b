import { useState } from 'react';
import { Link } from 'react-router';
import { reviewQueue } from '../../api/endpoints';
import type { ReviewQueueEntryDto } from '../../api/schema';
import { AnswerBadge } from '../../components/badges';
import { Empty, ErrorMessage } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { formatDate } from '../../lib/format';
import { usePaged } from '../../lib/use-async';

const keyOf = (entry: ReviewQueueEntryDto) => `${entry.documentType}:${entry.documentId}:${entry.itemId}:${entry.pharmacy.id}`;

/** いいえ/対象外 answers nobody has reviewed or threaded yet: mark reviewed, or open the document to start a thread. */
export function ReviewQueuePage() {
  const state = usePaged((cursor) => reviewQueue.list({ cursor, limit: 25 }), []);
  const [done, setDone] = useState<Set<string>>(new Set());
  const items = state.items.filter((entry) => !done.has(keyOf(entry)));
  return (
    <>
      <PageHeader title="要確認の回答" en="Review queue" />
      <p className="muted">MDS/SDSやチェックリストの「いいえ」「対象外」の回答のうち、まだ誰も確認していないものです。問題がなければ確認済みにし、確認が必要ならスレッドで事業者に質問してください。</p>
      {!state.loading && !state.error && items.length === 0 ? (
        <Empty>確認が必要な回答はありません。</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">項目</th>
                <th scope="col">回答</th>
                <th scope="col">書類</th>
                <th scope="col">事業者</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={keyOf(entry)} className={entry.answer === 'いいえ' ? 'row-no' : 'row-na'}>
                  <th scope="row">
                    {entry.itemId}
                    <div className="small">{entry.itemText}</div>
                  </th>
                  <td>
                    <AnswerBadge answer={entry.answer} />
                    {entry.targetOn && <div className="small">目標日 {formatDate(entry.targetOn)}</div>}
                    {entry.remarks && <div className="small">{entry.remarks}</div>}
                  </td>
                  <td>
                    <Link to={entry.documentType === 'disclosure' ? `/disclosures/${entry.documentId}` : `/contracts/${entry.contractId}?fy=${entry.fiscalYear ?? ''}`}>
                      {entry.documentLabel}
                    </Link>
                  </td>
                  <td>{entry.vendor.name}</td>
                  <td>
                    <MarkReviewed entry={entry} onDone={() => setDone((all) => new Set(all).add(keyOf(entry)))} />
                  </td>
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

function MarkReviewed({ entry, onDone }: { entry: ReviewQueueEntryDto; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <button type="button" className="button small secondary" onClick={() => setOpen(true)}>
        確認済みにする
      </button>
    );
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        reviewQueue.markReviewed({ documentType: entry.documentType, documentId: entry.documentId, itemId: entry.itemId, note: note.trim() || undefined }).then(onDone, (reason: unknown) => {
          setError(reason);
          setBusy(false);
        });
      }}
    >
      <div className="field">
        <label htmlFor={`note-${keyOf(entry)}`}>確認の結果（任意）</label>
        <input id={`note-${keyOf(entry)}`} value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="button small" disabled={busy}>
          確認済みにする
        </button>
        <button type="button" className="button small secondary" onClick={() => setOpen(false)}>
          キャンセル
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
