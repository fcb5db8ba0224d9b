import { ErrorMessage } from '../../../components/feedback';
import { workbookProblems } from './forms-api';

/**
 * Why an upload was refused: the API's message, then each problem where the operator finds it in
 * Excel (シート・行・列・セル). Other problems (not a workbook, too large, not allowed) show as usual.
 */
export function WorkbookProblems({ error }: { error: unknown }) {
  if (!error) return null;
  const problems = workbookProblems(error);
  if (problems.length === 0) return <ErrorMessage error={error} />;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">ブックの内容に誤りがあります（{problems.length}件）。該当するセルを修正して、もう一度アップロードしてください。</p>
      <div className="table-wrap">
        <table className="table" aria-label="ブックの誤り (Workbook problems)">
          <thead>
            <tr>
              <th scope="col">シート</th>
              <th scope="col">行</th>
              <th scope="col">列</th>
              <th scope="col">セル</th>
              <th scope="col">内容</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((problem, index) => (
              <tr key={`${index}-${problem.cell ?? problem.column ?? problem.sheet}`}>
                <td>{problem.sheet}</td>
                <td>{problem.row ?? '—'}</td>
                <td>{problem.column ?? '—'}</td>
                <td>{problem.cell ?? '—'}</td>
                <td>{problem.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
