import { useId } from 'react';
import { revisionChanges, type AnswerChange, type ChangesSource } from '../api/revision-changes';
import { formatDate } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { AnswerBadge, Badge } from './badges';
import { Empty, ErrorMessage, Loading, Notice } from './feedback';

interface Props {
  source: ChangesSource;
  /** The vendor reads its own changes: what its customers are told about. */
  vendorView?: boolean;
  /** The heading's level where the component stands (3 inside a card, 2 as a card of its own). */
  level?: 2 | 3;
  className?: string;
}

/** A field's value as the sheet shows it: answers as their badge, dates as dates, nothing said as なし. */
function Value({ change, value }: { change: AnswerChange; value: string | null }) {
  if (value === null) return <span className="muted">なし</span>;
  if (change.field === 'answer' || change.field === 'item') return <AnswerBadge answer={value} />;
  if (change.field === 'remarks') return <>{value}</>;
  return <>{formatDate(value)}</>;
}

function what(change: AnswerChange): string {
  if (change.kind === 'added') return '追加された項目';
  if (change.kind === 'removed') return '削除された項目';
  return change.fieldLabel;
}

/**
 * What changed from the previous revision of a checklist or disclosure, item by item: 前回 and 今回
 * side by side. Changes that matter (the customer is notified: an answer turning いいえ/対象外, a
 * 目標日 postponed…) carry a badge and the reason in words, and their row stands out — never
 * colour alone.
 */
export function RevisionChanges({ source, vendorView = false, level = 3, className }: Props) {
  const key = source.kind === 'checklist' ? `${source.contractId}/${source.fiscalYear}/${source.revision ?? ''}` : source.disclosureId;
  const state = useAsync(() => revisionChanges.of(source), [key]);
  const headingId = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  const data = state.data;
  const label = vendorView ? '顧客に通知' : '要確認';

  return (
    <section className={className ?? 'revision-changes'} aria-labelledby={headingId}>
      <Heading id={headingId}>
        前回の版からの変更 <span className="en">Changes from the previous revision</span>
      </Heading>
      <ErrorMessage error={state.error} onRetry={state.reload} />
      {state.loading && !data && <Loading label="変更を比べています…" />}
      {data?.firstRevision && <Empty>第{data.to.revision}版は最初の版のため、比べる前回の版はありません。</Empty>}
      {data && data.from && (
        <>
          <p>
            第{data.from.revision}版（{formatDate(data.from.date)}）→ 第{data.to.revision}版（{data.to.date ? formatDate(data.to.date) : '下書き'}）: 変更 {data.changes.length}件
            {data.significantCount > 0 && (
              <>
                、うち <Badge tone="bad">{label}</Badge> {data.significantCount}件
              </>
            )}
          </p>
          {data.significantCount > 0 && (
            <p className="muted small">
              {vendorView
                ? '「顧客に通知」の変更（回答の「いいえ」「対象外」への変更、目標日の延期など）は、提出・公開すると顧客に通知されます。'
                : '「要確認」は、回答が「いいえ」「対象外」になった、目標日が延期されたなど、確認が必要な変更です。'}
            </p>
          )}
          {data.formChanged && (
            <Notice tone="warning">
              様式が変わりました（{data.from.formLabel} → {data.to.formLabel}）。番号が変わった項目は、削除と追加として表示されます。
            </Notice>
          )}
          {data.changes.length === 0 ? (
            <Empty>前回の版から回答の変更はありません。</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table answers stack-on-phone">
                <caption className="visually-hidden">
                  第{data.from.revision}版から第{data.to.revision}版への変更
                </caption>
                <thead>
                  <tr>
                    <th scope="col">項目</th>
                    <th scope="col">変更 (Change)</th>
                    <th scope="col">前回</th>
                    <th scope="col">今回</th>
                    <th scope="col">確認</th>
                  </tr>
                </thead>
                <tbody>
                  {data.changes.map((change) => (
                    <tr key={`${change.itemId}-${change.field}`} className={change.significant ? 'row-no' : ''} data-item={change.itemId} data-significant={change.significant}>
                      <th scope="row" className="item-id">
                        {change.itemId}
                      </th>
                      <td className="item-text" data-label="変更">
                        <strong>{what(change)}</strong>
                        {change.itemText && <div className="muted small">{change.itemText}</div>}
                      </td>
                      <td data-label="前回">
                        <Value change={change} value={change.before} />
                      </td>
                      <td data-label="今回">
                        <Value change={change} value={change.after} />
                      </td>
                      <td data-label="確認">
                        {change.significant ? (
                          <>
                            <Badge tone="bad">{label}</Badge>
                            <div className="small">{change.reason}</div>
                          </>
                        ) : (
                          <span className="muted small">参考</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
