import type { FormDiffDto } from '../../../api/schema';

/** The item-by-item changes of a new version against the version it follows. */
export function FormDiffView({ diff, previousFormId }: { diff: FormDiffDto; previousFormId: string | null }) {
  const changes = diff.added.length + diff.removed.length + diff.textChanged.length + diff.renumbered.length;
  return (
    <section aria-labelledby="form-diff-title">
      <h3 id="form-diff-title">
        {previousFormId ? `${previousFormId} からの変更` : '比較する前の版はありません（この種類の最初の版）'}
        <span className="en">Changes</span>
      </h3>
      <p>
        追加 {diff.added.length}件・削除 {diff.removed.length}件・文言の変更 {diff.textChanged.length}件・番号の変更 {diff.renumbered.length}件・変更なし {diff.unchanged}件
      </p>
      {changes > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="項目ごとの変更 (Item changes)">
            <thead>
              <tr>
                <th scope="col">変更</th>
                <th scope="col">番号</th>
                <th scope="col">内容</th>
              </tr>
            </thead>
            <tbody>
              {diff.added.map((item) => (
                <tr key={`added-${item.itemId}`}>
                  <td>追加</td>
                  <td className="item-id">{item.itemId}</td>
                  <td className="item-text">{item.text}</td>
                </tr>
              ))}
              {diff.removed.map((item) => (
                <tr key={`removed-${item.itemId}`}>
                  <td>削除</td>
                  <td className="item-id">{item.itemId}</td>
                  <td className="item-text">{item.text}</td>
                </tr>
              ))}
              {diff.textChanged.map((item) => (
                <tr key={`changed-${item.itemId}`}>
                  <td>文言の変更</td>
                  <td className="item-id">{item.itemId}</td>
                  <td className="item-text">
                    <del>{item.before}</del>
                    <br />
                    <ins>{item.after}</ins>
                  </td>
                </tr>
              ))}
              {diff.renumbered.map((item) => (
                <tr key={`renumbered-${item.fromItemId}`}>
                  <td>番号の変更</td>
                  <td className="item-id">
                    {item.fromItemId} → {item.toItemId}
                  </td>
                  <td className="item-text">{item.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
