import { useState } from 'react';
import { followups, type FollowupAnswer, type FollowupDetail } from '../../api/chain';
import { disclosures } from '../../api/endpoints';
import { ErrorMessage, Notice } from '../../components/feedback';

/** The vendor answers a chain's follow-up once: fulfil every store's request, decline them, or reply to every thread. */
export function VendorFollowupActions({ followup, onChanged }: { followup: FollowupDetail; onChanged: (followup: FollowupDetail) => void }) {
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'decline' | 'message' | undefined>(followup.kind === 'risk_thread' ? 'message' : undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<FollowupAnswer>();
  if (followup.progress.open === 0) return <Notice tone="success">すべての店舗で対応済みです。</Notice>;

  async function run(action: () => Promise<FollowupAnswer>) {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await action();
      setResult(answer);
      onChanged(answer.followup);
      setText('');
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  async function fulfil(): Promise<FollowupAnswer> {
    const request = followup.request;
    if (!request || request.kind === 'checklist') return followups.fulfil(followup.id);
    const page = await disclosures.list({ kind: request.kind, productId: request.productId ?? undefined, status: 'published', limit: 1 });
    if (!page.items[0]) throw new Error('公開済みの開示書がありません。先に公開してください。 (Publish the disclosure first.)');
    return followups.fulfil(followup.id, page.items[0].id);
  }

  return (
    <div className="followup-actions">
      <h3>一度の回答で全店舗に対応 (Answer once for every store)</h3>
      {followup.kind === 'document_request' && (
        <div className="actions">
          <button type="button" className="button primary" disabled={busy} onClick={() => void run(fulfil)}>
            提出済みの書類で全店舗に対応
          </button>
          <button type="button" className="button secondary" disabled={busy} onClick={() => setMode(mode === 'decline' ? undefined : 'decline')}>
            辞退する
          </button>
        </div>
      )}
      {mode && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => (mode === 'decline' ? followups.decline(followup.id, text.trim()) : followups.message(followup.id, text.trim())));
          }}
        >
          <div className="field">
            <label htmlFor="followup-text">{mode === 'decline' ? '辞退の理由' : '全店舗のスレッドへの回答'}</label>
            <textarea id="followup-text" rows={3} required value={text} onChange={(event) => setText(event.target.value)} />
          </div>
          <button type="submit" className={`button ${mode === 'decline' ? 'danger' : 'primary'}`} disabled={busy}>
            {mode === 'decline' ? '辞退を送信' : '全店舗に回答を送信'}
          </button>
        </form>
      )}
      {result && (
        <Notice tone="success">
          {result.applied.length}店舗に反映しました。
          {result.notApplied.length > 0 && (
            <ul>
              {result.notApplied.map((entry) => (
                <li key={entry.id}>
                  {entry.store.name}: {entry.detail}
                </li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
