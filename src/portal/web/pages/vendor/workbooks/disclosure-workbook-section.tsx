import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { DisclosureWorkbookResultDto } from '../../../api/schema';
import { vendorProducts } from '../../../api/vendor-workspace';
import { disclosureWorkbooks } from '../../../api/workbooks';
import { DownloadButton } from '../../../components/download-button';
import { Empty, Notice } from '../../../components/feedback';
import { Pager } from '../../../components/pager';
import { usePaged } from '../../../lib/use-async';
import { WorkbookProblems } from '../../admin/forms/workbook-problems';

/**
 * MDS/SDS of several products in one Excel book: one sheet per product, filled in, uploaded as
 * one draft per sheet (every sheet or none). Publishing stays on each disclosure's page.
 */
export function DisclosureWorkbookSection() {
  const id = useId();
  const products = usePaged((cursor) => vendorProducts.list({ cursor, limit: 25 }), []);
  const [chosen, setChosen] = useState<string[]>([]);
  const [prefilled, setPrefilled] = useState(true);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<DisclosureWorkbookResultDto>();
  const [result, setResult] = useState<DisclosureWorkbookResultDto>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  function check(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setResult(undefined);
    void run(async () => setPreview(await disclosureWorkbooks.upload(file, true)));
  }

  function save() {
    if (!file) return;
    void run(async () => {
      setResult(await disclosureWorkbooks.upload(file, false));
      setPreview(undefined);
      setFile(null);
      setInputKey((key) => key + 1);
    });
  }

  const toggle = (productId: string, on: boolean) => setChosen((list) => (on ? [...list, productId] : list.filter((x) => x !== productId)));

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        MDS/SDS<span className="en">Security disclosures</span>
      </h2>
      <p className="help">製品を選んでブックをダウンロードし、製品ごとのシートに回答を記入してアップロードすると、製品ごとに下書きが作成されます（同じ製品・バージョン・種別の下書きは置き換えます）。公開はMDS/SDSの画面で行います。</p>
      <fieldset className="field">
        <legend>製品 (Products)</legend>
        {!products.loading && products.items.length === 0 ? (
          <Empty>製品が登録されていません。</Empty>
        ) : (
          <ul className="checkbox-list">
            {products.items.map((product) => (
              <li key={product.id}>
                <input id={`${id}-p-${product.id}`} type="checkbox" checked={chosen.includes(product.id)} onChange={(event) => toggle(product.id, event.target.checked)} />
                <label htmlFor={`${id}-p-${product.id}`}>{product.name}</label>
              </li>
            ))}
          </ul>
        )}
        <Pager state={products} />
      </fieldset>
      <div className="filters">
        <span className="field-inline">
          <input id={`${id}-prefilled`} type="checkbox" checked={prefilled} onChange={(event) => setPrefilled(event.target.checked)} />
          <label htmlFor={`${id}-prefilled`}>あなたの最新の回答を記入済みにする</label>
        </span>
      </div>
      <div className="actions">
        {chosen.length > 0 ? <DownloadButton label={`${chosen.length}製品のブックをダウンロード`} download={() => disclosureWorkbooks.download(chosen, prefilled)} /> : <p className="muted">製品を選ぶとダウンロードできます。</p>}
      </div>
      <form onSubmit={check} style={{ marginTop: '1rem' }}>
        <div className="field">
          <label htmlFor={`${id}-file`}>記入したMDS/SDSのブック（.xlsx）</label>
          <input
            key={inputKey}
            id={`${id}-file`}
            type="file"
            style={{ maxWidth: '100%' }}
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setPreview(undefined);
              setError(undefined);
            }}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button secondary" disabled={!file || busy}>
            内容を確認する
          </button>
        </div>
      </form>
      <WorkbookProblems error={error} />
      {(preview ?? result) && (
        <div aria-live="polite">
          {result && <Notice tone="success">{result.sheets.length}件の下書きを保存しました。内容を確かめてから公開してください。</Notice>}
          <div className="table-wrap">
            <table className="table stack-on-phone">
              <caption className="visually-hidden">シートごとの下書き (Drafts per sheet)</caption>
              <thead>
                <tr>
                  <th scope="col">シート</th>
                  <th scope="col">種別・バージョン</th>
                  <th scope="col">回答</th>
                  <th scope="col">下書き</th>
                </tr>
              </thead>
              <tbody>
                {(result ?? preview)?.sheets.map((sheet) => (
                  <tr key={sheet.sheet}>
                    <td data-label="シート">{sheet.sheet}</td>
                    <td data-label="種別">
                      {sheet.kind} {sheet.productVersion}
                    </td>
                    <td data-label="回答">{sheet.answers}件</td>
                    <td data-label="下書き">
                      {sheet.disclosureId ? <Link to={`/vendor/disclosures/${sheet.disclosureId}`}>{sheet.action === 'create' ? '作成しました' : '置き換えました'}</Link> : sheet.action === 'create' ? '新しく作成' : '下書きを置き換え'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview && !result && (
            <div className="actions">
              <button type="button" className="button primary" disabled={busy} onClick={save}>
                {preview.sheets.length}件の下書きを保存する
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
