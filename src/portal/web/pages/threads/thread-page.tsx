import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { threads } from '../../api/endpoints';
import type { ResolveRiskThreadDto, RiskThreadDetailDto } from '../../api/schema';
import { AnswerBadge, Badge, ThreadStatusBadge } from '../../components/badges';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { formatDate, formatDateTime, todayInJapan } from '../../lib/format';
import { labelOf, THREAD_HISTORY_LABELS, THREAD_STATUS_LABELS } from '../../lib/labels';
import { useAsync } from '../../lib/use-async';

const OUTCOMES: { value: ResolveRiskThreadDto['outcome']; label: string; help: string }[] = [
  { value: 'risk_accepted', label: 'リスクを受容する', help: '回答の内容で問題ないと判断した' },
  { value: 'mitigated', label: '対策済み（対策を記入）', help: '運用などで対策した。対策の内容が必要です' },
  { value: 'fix_planned', label: '改修予定（予定日を記入）', help: '事業者が改修する予定。予定日が必要です' },
  { value: 'not_applicable', label: '該当しない', help: '当薬局の運用には当てはまらない' },
];

/** One thread: the answer as it was, the messages both ways, reply, resolve (pharmacy side), reopen. */
export function ThreadPage() {
  const { threadId = '' } = useParams();
  const state = useAsync(() => threads.get(threadId), [threadId]);
  const thread = state.data;
  return (
    <>
      <PageHeader title={thread ? `項目 ${thread.itemId} のスレッド` : 'スレッド'} en="Risk thread">
        <Link className="button secondary" to="/threads">
          スレッド一覧へ
        </Link>
      </PageHeader>
      {state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.loading && !thread && <Loading />}
      {thread && <ThreadView thread={thread} onChange={state.setData} onReload={state.reload} />}
    </>
  );
}

function ThreadView({ thread, onChange, onReload }: { thread: RiskThreadDetailDto; onChange: (thread: RiskThreadDetailDto) => void; onReload: () => void }) {
  const s = thread.snapshot;
  const pharmacySide = thread.yourSide === 'pharmacy';
  return (
    <>
      <section className="card snapshot" aria-labelledby="snapshot-title">
        <h2 id="snapshot-title">
          対象の回答 <span className="en">The answer, as it was when the thread opened</span>
        </h2>
        <p>
          <ThreadStatusBadge status={thread.status} label={thread.statusLabel} />
          {thread.overdue && <Badge tone="bad">期限超過</Badge>}
          {thread.dueOn && <span className="small"> 期限 {formatDate(thread.dueOn)}</span>}
        </p>
        <dl className="facts">
          <dt>書類</dt>
          <dd>
            {s.documentLabel}（{s.formLabel}）
          </dd>
          <dt>事業者</dt>
          <dd>{thread.vendor.name}</dd>
          <dt>薬局</dt>
          <dd>{thread.customer.name}</dd>
          <dt>項目</dt>
          <dd>
            <strong>{s.itemId}</strong> {s.section && <span className="muted">{s.section}</span>}
            <div>{s.itemText}</div>
            {s.itemTextEn && <span className="en">{s.itemTextEn}</span>}
          </dd>
          <dt>回答</dt>
          <dd>
            <AnswerBadge answer={s.answer} />
            {s.targetOn && <span className="small"> 目標日 {formatDate(s.targetOn)}</span>}
            {s.remarks && <div className="small">備考: {s.remarks}</div>}
          </dd>
        </dl>
        {thread.documentState.superseded && (
          <Notice tone="warning">
            この書類は新しい版に置き換えられました。最新版での回答: {thread.documentState.latestAnswer ? <AnswerBadge answer={thread.documentState.latestAnswer} /> : '（回答なし）'}
          </Notice>
        )}
        {thread.documentState.withdrawn && <Notice tone="warning">この書類は取り下げられました。</Notice>}
      </section>

      <section className="card" aria-labelledby="messages-title">
        <h2 id="messages-title">
          やりとり <span className="en">Messages</span>
        </h2>
        <ol className="messages">
          {thread.messages.map((message) => (
            <li key={message.id} className={`message message-${message.side}`}>
              <p className="message-meta">
                {message.author.label}（{message.author.organizationName}）・ {formatDateTime(message.createdAt)}
                {message.editedAt && ' ・ 編集済み'}
              </p>
              <p className="message-body">{message.body}</p>
            </li>
          ))}
        </ol>
        {thread.status !== 'resolved' ? <ReplyForm thread={thread} onChange={onChange} /> : null}
        <button type="button" className="link-button small" onClick={onReload}>
          最新の状態に更新
        </button>
      </section>

      {thread.resolution && (
        <section className="card" aria-labelledby="resolution-title">
          <h2 id="resolution-title">解決 (Resolution)</h2>
          <p>
            <Badge tone="ok">{thread.resolution.outcomeLabel}</Badge> {thread.resolution.resolvedBy.label} ・ {formatDateTime(thread.resolution.resolvedAt)}
          </p>
          {thread.resolution.note && <p>{thread.resolution.note}</p>}
          {thread.resolution.fixDueOn && (
            <p>
              改修予定日 {formatDate(thread.resolution.fixDueOn)}
              {thread.resolution.fixOverdue && <Badge tone="bad">予定日超過</Badge>}
            </p>
          )}
        </section>
      )}
      {pharmacySide && (thread.status === 'resolved' ? <ReopenForm thread={thread} onChange={onChange} /> : <ResolveForm thread={thread} onChange={onChange} />)}

      {thread.history.length > 0 && (
        <details className="card history">
          <summary>履歴 (History, {thread.history.length})</summary>
          <ul>
            {thread.history.map((entry) => (
              <li key={entry.id}>
                {formatDateTime(entry.createdAt)} ・ {historyLabel(entry)} ・ {entry.actorLabel ?? '—'}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

/** A history entry in words: a status change names the status it moved to. */
function historyLabel(entry: RiskThreadDetailDto['history'][number]): string {
  const label = labelOf(THREAD_HISTORY_LABELS, entry.kind);
  const to = entry.details.to;
  return entry.kind === 'status_changed' && typeof to === 'string' ? `${label}（${labelOf(THREAD_STATUS_LABELS, to)}）` : label;
}

function useSubmit(onChange: (thread: RiskThreadDetailDto) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (action: () => Promise<RiskThreadDetailDto>): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await action());
      return true;
    } catch (reason) {
      setError(reason);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function ReplyForm({ thread, onChange }: { thread: RiskThreadDetailDto; onChange: (thread: RiskThreadDetailDto) => void }) {
  const [body, setBody] = useState('');
  const { busy, error, run } = useSubmit(onChange);
  return (
    <form
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void run(() => threads.message(thread.id, body.trim())).then((ok) => ok && setBody(''));
      }}
    >
      <div className="field">
        <label htmlFor="reply">返信 (Reply)</label>
        <textarea id="reply" rows={3} value={body} onChange={(event) => setBody(event.target.value)} required />
      </div>
      <ErrorMessage error={error} />
      <button type="submit" className="button primary" disabled={busy || body.trim() === ''}>
        送信
      </button>
    </form>
  );
}

/**
 * Resolving starts with no outcome chosen (the pharmacy decides, nothing is pre-picked), and asks
 * once more before it is done: a resolved thread leaves the vendor's queue.
 */
function ResolveForm({ thread, onChange }: { thread: RiskThreadDetailDto; onChange: (thread: RiskThreadDetailDto) => void }) {
  const [outcome, setOutcome] = useState<ResolveRiskThreadDto['outcome']>();
  const [outcomeMissing, setOutcomeMissing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  const [fixDueOn, setFixDueOn] = useState('');
  const { busy, error, run } = useSubmit(onChange);
  const chosen = OUTCOMES.find((option) => option.value === outcome);
  const resolve = () => {
    if (!outcome) return;
    void run(() => threads.resolve(thread.id, { outcome, note: note.trim() || undefined, fixDueOn: outcome === 'fix_planned' ? fixDueOn : undefined })).then(() => setConfirming(false)); // on a refusal the reason shows beside the form
  };
  return (
    <section className="card" aria-labelledby="resolve-title">
      <h2 id="resolve-title">
        解決する <span className="en">Resolve</span>
      </h2>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          if (!outcome) {
            setOutcomeMissing(true);
            return;
          }
          setConfirming(true);
        }}
      >
        <fieldset aria-describedby={outcomeMissing ? 'outcome-error' : undefined} aria-invalid={outcomeMissing || undefined}>
          <legend>結論 (Outcome)</legend>
          {OUTCOMES.map((option) => (
            <label key={option.value} className="radio">
              <input
                type="radio"
                name="outcome"
                value={option.value}
                checked={outcome === option.value}
                onChange={() => {
                  setOutcome(option.value);
                  setOutcomeMissing(false);
                }}
              />
              <span>
                {option.label}
                <span className="help"> — {option.help}</span>
              </span>
            </label>
          ))}
          {outcomeMissing && (
            <p id="outcome-error" className="field-error" role="alert">
              結論を選んでください。
            </p>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor="resolve-note">{outcome === 'mitigated' ? '対策の内容（必須）' : 'メモ（任意）'}</label>
          <textarea id="resolve-note" rows={2} value={note} onChange={(event) => setNote(event.target.value)} required={outcome === 'mitigated'} />
        </div>
        {outcome === 'fix_planned' && (
          <div className="field">
            <label htmlFor="fix-due">改修予定日</label>
            <input id="fix-due" type="date" min={todayInJapan()} value={fixDueOn} onChange={(event) => setFixDueOn(event.target.value)} required />
          </div>
        )}
        <ErrorMessage error={error} />
        <button type="submit" className="button primary" disabled={busy}>
          解決済みにする
        </button>
      </form>
      {confirming && chosen && (
        <ConfirmDialog title="このスレッドを解決済みにしますか？" confirmLabel="解決済みにする" tone="primary" busy={busy} onConfirm={resolve} onCancel={() => setConfirming(false)}>
          <p>
            結論「{chosen.label}」で解決済みにします。事業者の対応待ちから外れ、結論はあとから変えられません（必要なら再開できます）。
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function ReopenForm({ thread, onChange }: { thread: RiskThreadDetailDto; onChange: (thread: RiskThreadDetailDto) => void }) {
  const [reason, setReason] = useState('');
  const { busy, error, run } = useSubmit(onChange);
  return (
    <details className="card">
      <summary>スレッドを再開する (Reopen)</summary>
      <form
        className="inline-form"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void run(() => threads.reopen(thread.id, reason.trim() || undefined));
        }}
      >
        <div className="field">
          <label htmlFor="reopen-reason">理由</label>
          <input id="reopen-reason" value={reason} onChange={(event) => setReason(event.target.value)} />
        </div>
        <button type="submit" className="button secondary" disabled={busy}>
          再開する
        </button>
      </form>
      <ErrorMessage error={error} />
    </details>
  );
}
