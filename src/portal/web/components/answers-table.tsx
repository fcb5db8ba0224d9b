import { Fragment, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { threads } from '../api/endpoints';
import type { FormItemManualDto, RiskThreadDto } from '../api/schema';
import { formatDate, isRiskAnswer, todayInJapan } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { AnswerBadge, ThreadStatusBadge } from './badges';
import { ErrorMessage } from './feedback';
import { ItemManual } from './item-manual';

export interface AnswerRow {
  itemId: string;
  /** The number on the pharmacy's own checklist where it differs (checklists). */
  counterpartItemId?: string | null;
  section?: string | null;
  /** The heading the item stands under (サーバ, 端末PC…): items with the same text differ only by it. */
  scope?: string | null;
  text: string;
  textEn?: string | null;
  answer: string;
  confirmedOn?: string | null;
  targetOn?: string | null;
  /** はい given as a plan (items with plannedBy): the date the measure is planned for. */
  plannedOn?: string | null;
  targetOverdue?: boolean;
  remarks?: string | null;
  /** The checklist manual's text on the item, from the form version, shown beside it (none when it has none). */
  manual?: FormItemManualDto | null;
}

interface Props {
  documentType: 'disclosure' | 'checklist';
  documentId: string;
  rows: AnswerRow[];
  /** Checklists show 確認日 and 目標日. */
  dates?: boolean;
  /** The pharmacy side may open threads; a vendor only follows them. */
  canOpenThreads: boolean;
  /** A chain acting for a store names it when opening a thread. */
  pharmacyId?: string;
  caption: string;
}

/** Every thread on a document, all pages of them (a document has at most one per item and pharmacy). */
async function threadsOf(documentId: string): Promise<RiskThreadDto[]> {
  const all: RiskThreadDto[] = [];
  let cursor: string | undefined;
  do {
    const page = await threads.list({ documentId, limit: 100, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/**
 * The answers of a disclosure or checklist. いいえ and 対象外 rows stand out (colour band, border and
 * the answer's own badge), and each of them opens its risk thread, or shows the one already open.
 */
export function AnswersTable({ documentType, documentId, rows, dates = false, canOpenThreads, pharmacyId, caption }: Props) {
  const existing = useAsync(() => threadsOf(documentId), [documentId]);
  const [onlyRisk, setOnlyRisk] = useState(false);
  const [composing, setComposing] = useState<string>();
  const byItem = new Map<string, RiskThreadDto>();
  for (const thread of existing.data ?? []) {
    const current = byItem.get(thread.itemId);
    // An open thread wins over a resolved one of the same item.
    if (!current || (current.status === 'resolved' && thread.status !== 'resolved')) byItem.set(thread.itemId, thread);
  }
  const riskCount = rows.filter((row) => isRiskAnswer(row.answer)).length;
  const shown = onlyRisk ? rows.filter((row) => isRiskAnswer(row.answer)) : rows;
  const columns = dates ? 7 : 5;

  return (
    <>
      <div className="legend" aria-hidden="true">
        <span>
          <AnswerBadge answer="いいえ" /> 要対応（目標日が必要）
        </span>
        <span>
          <AnswerBadge answer="対象外" /> リスクの確認が必要
        </span>
      </div>
      <label className="checkbox-inline">
        <input type="checkbox" checked={onlyRisk} onChange={(event) => setOnlyRisk(event.target.checked)} /> 「いいえ」「対象外」だけを表示（{riskCount}件）
      </label>
      <ErrorMessage error={existing.error} onRetry={existing.reload} />
      <div className="table-wrap">
        <table className="table answers stack-on-phone">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">項目</th>
              <th scope="col">内容 (Item)</th>
              <th scope="col">回答</th>
              {dates && <th scope="col">確認日</th>}
              {dates && <th scope="col">{rows.some((row) => row.plannedOn) ? '目標日・計画日' : '目標日'}</th>}
              <th scope="col">備考</th>
              <th scope="col">スレッド</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => {
              const risk = isRiskAnswer(row.answer);
              const thread = byItem.get(row.itemId);
              const rowClass = row.answer === 'いいえ' ? 'row-no' : row.answer === '対象外' ? 'row-na' : '';
              return (
                <Fragment key={row.itemId}>
                  <tr className={`${rowClass}${composing === row.itemId ? ' row-selected' : ''}`} data-item={row.itemId}>
                    <th scope="row" className="item-id">
                      {row.itemId}
                      {row.counterpartItemId && row.counterpartItemId !== row.itemId && <div className="muted small">薬局側 {row.counterpartItemId}</div>}
                    </th>
                    <td className="item-text" data-label="内容">
                      {row.section && <div className="muted small">{row.section}</div>}
                      {row.scope && <span className="scope-tag">{row.scope}</span>}
                      {row.text}
                      {row.textEn && <span className="en">{row.textEn}</span>}
                      <ItemManual manual={row.manual} itemId={row.itemId} />
                    </td>
                    <td data-label="回答">
                      <AnswerBadge answer={row.answer} />
                    </td>
                    {dates && <td data-label="確認日">{formatDate(row.confirmedOn)}</td>}
                    {dates && (
                      <td data-label="目標日">
                        {row.plannedOn ? <span className="planned">計画日 {formatDate(row.plannedOn)}（予定）</span> : formatDate(row.targetOn)}
                        {row.targetOverdue && <div className="text-bad small">目標日を過ぎています</div>}
                      </td>
                    )}
                    <td data-label="備考">{row.remarks || '—'}</td>
                    <td data-label="スレッド">
                      {thread ? (
                        <Link to={`/threads/${thread.id}`} className="thread-link">
                          <ThreadStatusBadge status={thread.status} label={thread.statusLabel} />
                          スレッドを見る
                        </Link>
                      ) : risk && canOpenThreads ? (
                        <button
                          type="button"
                          className="button small"
                          aria-expanded={composing === row.itemId}
                          aria-label={`項目 ${row.itemId} についてスレッドを開始`}
                          onClick={() => setComposing(composing === row.itemId ? undefined : row.itemId)}
                        >
                          スレッドを開始
                        </button>
                      ) : risk ? (
                        <span className="muted small">スレッドなし</span>
                      ) : null}
                    </td>
                  </tr>
                  {composing === row.itemId && (
                    <tr className="compose-row">
                      <td colSpan={columns}>
                        <OpenThreadForm documentType={documentType} documentId={documentId} row={row} pharmacyId={pharmacyId} onCancel={() => setComposing(undefined)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {shown.length === 0 && <p className="empty">「いいえ」「対象外」の回答はありません。</p>}
    </>
  );
}

function OpenThreadForm({
  documentType,
  documentId,
  row,
  pharmacyId,
  onCancel,
}: {
  documentType: 'disclosure' | 'checklist';
  documentId: string;
  row: AnswerRow;
  pharmacyId?: string;
  onCancel: () => void;
}) {
  const navigate = useNavigate();
  const [message, setMessage] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const opened = await threads.open({ documentType, documentId, itemId: row.itemId, message: message.trim(), dueOn: dueOn || undefined, pharmacyId });
      void navigate(`/threads/${opened.id}`);
    } catch (reason) {
      setError(reason);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="compose" aria-label={`項目 ${row.itemId} のスレッドを開始`}>
      <p>
        項目 <strong>{row.itemId}</strong> の回答「{row.answer}」について、事業者に確認したいことを書いてください。
      </p>
      <div className="field">
        <label htmlFor={`thread-message-${row.itemId}`}>事業者への質問 (Message to the vendor)</label>
        <textarea id={`thread-message-${row.itemId}`} rows={3} required value={message} onChange={(event) => setMessage(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`thread-due-${row.itemId}`}>回答の期限（任意）</label>
        <input id={`thread-due-${row.itemId}`} type="date" min={todayInJapan()} value={dueOn} onChange={(event) => setDueOn(event.target.value)} />
      </div>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy || message.trim() === ''}>
          スレッドを開始して送信
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          キャンセル
        </button>
      </div>
    </form>
  );
}
