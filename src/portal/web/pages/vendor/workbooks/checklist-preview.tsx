import { useState } from 'react';
import type { ChecklistWorkbookCustomerDto, ChecklistWorkbookResultDto } from '../../../api/schema';

const PAGE = 20;
const CHANGE_LABELS: Record<ChecklistWorkbookCustomerDto['change'], string> = { new: '新規', changed: '変更あり', unchanged: '変更なし' };
const STATUS_LABELS: Record<ChecklistWorkbookCustomerDto['status'], string> = { valid: '問題なし', saved: '下書き保存', created: '提出済み', unchanged: '変更なし', error: '誤りあり' };

/**
 * What an upload read (dry run) or did: the counts, then one row per customer with what changes
 * against your latest answers, twenty at a time (a book may hold 2,000 customers).
 */
export function ChecklistPreview({ result, title }: { result: ChecklistWorkbookResultDto; title: string }) {
  const [shown, setShown] = useState(PAGE);
  return (
    <div aria-live="polite">
      <h3>{title}</h3>
      <dl className="facts">
        <dt>顧客</dt>
        <dd>{result.customers}件</dd>
        <dt>回答</dt>
        <dd>{result.answers}件</dd>
        <dt>変更がある顧客</dt>
        <dd>{result.changed}件</dd>
        {!result.dryRun && (
          <>
            <dt>結果</dt>
            <dd>
              {result.mode === 'submit' ? `提出 ${result.created}件` : `下書き保存 ${result.saved}件`}・変更なし {result.unchanged}件・誤り {result.failed}件
            </dd>
          </>
        )}
      </dl>
      <div className="table-wrap">
        <table className="table stack-on-phone">
          <caption className="visually-hidden">顧客ごとの内容 (Customers in the workbook)</caption>
          <thead>
            <tr>
              <th scope="col">顧客</th>
              <th scope="col">シート・行</th>
              <th scope="col">あなたの前回の回答から</th>
              <th scope="col">状態</th>
            </tr>
          </thead>
          <tbody>
            {result.results.slice(0, shown).map((row) => (
              <tr key={`${row.sheet}-${row.row}`}>
                <td data-label="顧客">
                  {row.customerName ?? '—'}
                  {row.pharmacyCode ? <span className="muted">（{row.pharmacyCode}）</span> : null}
                </td>
                <td data-label="シート・行">
                  {row.sheet} {row.row}行目
                </td>
                <td data-label="前回から">
                  {CHANGE_LABELS[row.change]}
                  {row.change === 'changed' && row.changedItems.length > 0 ? `（${row.changedItems.join('、')}）` : ''}
                </td>
                <td data-label="状態">
                  {STATUS_LABELS[row.status]}
                  {row.problems.length > 0 && (
                    <ul className="alert-fields">
                      {row.problems.map((problem, index) => (
                        <li key={index}>
                          {problem.cell ?? problem.column ?? ''} {problem.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown < result.results.length && (
        <div className="pager">
          <button type="button" className="button secondary" onClick={() => setShown((count) => count + PAGE)}>
            さらに表示 (Load more)
          </button>
          <p className="pager-count">
            {shown}件を表示中（全{result.results.length}件）
          </p>
        </div>
      )}
    </div>
  );
}
