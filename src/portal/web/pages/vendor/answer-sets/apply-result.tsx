import { Link } from 'react-router';
import type { AnswerSetApplicationDto } from '../../../api/schema';
import { Notice } from '../../../components/feedback';
import { ApplicationStatusBadge } from './application-history';

/** The submission done: how many customers got a new revision, how many already had these answers, who was refused and why. */
export function ApplyResult({ result, setId }: { result: AnswerSetApplicationDto; setId: string }) {
  return (
    <section className="card" aria-labelledby="apply-result" data-testid="apply-result">
      <h2 id="apply-result">
        3. 提出の結果 <span className="en">Result</span>
      </h2>
      <Notice tone={result.failed > 0 ? 'warning' : 'success'}>
        {result.fiscalYearLabel}の事業者確認用チェックリストを提出しました: 新しい版 {result.created}件、変更なし {result.unchanged}件、エラー {result.failed}件（対象 {result.total}件）。
      </Notice>
      <p>
        状態: <ApplicationStatusBadge status={result.status} />
      </p>
      {result.failures.length > 0 && (
        <div className="table-wrap">
          <table className="table stack-on-phone">
            <caption>提出できなかった顧客</caption>
            <thead>
              <tr>
                <th scope="col">顧客</th>
                <th scope="col">理由</th>
              </tr>
            </thead>
            <tbody>
              {result.failures.map((failure) => (
                <tr key={failure.contractId}>
                  <td data-label="顧客">{failure.customerName ?? failure.contractId}</td>
                  <td data-label="理由">{failure.errors.map((error) => error.message).join(' / ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link to={`/vendor/answer-sets/${setId}`}>回答セットに戻る</Link> ・ <Link to="/vendor/customers">顧客別の提出状況を見る</Link>
      </p>
    </section>
  );
}
