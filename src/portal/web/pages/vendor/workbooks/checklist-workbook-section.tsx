import { useId, useState, type FormEvent } from 'react';
import type { ChecklistWorkbookResultDto } from '../../../api/schema';
import { checklistWorkbooks } from '../../../api/workbooks';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { DownloadButton } from '../../../components/download-button';
import { FiscalYearPicker, useFiscalYear } from '../../../components/fiscal-year';
import { Notice } from '../../../components/feedback';
import { fiscalYearLabel } from '../../../lib/format';
import { WorkbookProblems } from '../../admin/forms/workbook-problems';
import { ChecklistPreview } from './checklist-preview';

type Mode = 'draft' | 'submit';

/**
 * 事業者確認用 for all your customers in one Excel book: download (blank or with your latest
 * answers), fill in, upload → check (nothing is written) → save drafts or submit. The same file
 * is sent twice: the check writes nothing, and the real upload checks everything again.
 */
export function ChecklistWorkbookSection() {
  const id = useId();
  const year = useFiscalYear();
  const [layout, setLayout] = useState<'rows' | 'sheets'>('rows');
  const [prefilled, setPrefilled] = useState(false);
  const [formId, setFormId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<Mode>('submit');
  const [preview, setPreview] = useState<ChecklistWorkbookResultDto>();
  const [result, setResult] = useState<ChecklistWorkbookResultDto>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [inputKey, setInputKey] = useState(0);
  const fiscalYear = year.fiscalYear;

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
    setPreview(undefined);
    setResult(undefined);
    void run(async () => setPreview(await checklistWorkbooks.upload(file, { fiscalYear, mode, dryRun: true })));
  }

  function apply() {
    if (!file) return;
    setConfirming(false);
    void run(async () => {
      setResult(await checklistWorkbooks.upload(file, { fiscalYear, mode, dryRun: false }));
      setPreview(undefined);
      setFile(null);
      setInputKey((key) => key + 1);
    });
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        事業者確認用チェックリスト<span className="en">Vendor checklists</span>
      </h2>
      <ol className="steps">
        <li>年度と形式を選んでブックをダウンロードします（顧客は、あなたと保守・運用契約のある薬局です）。</li>
        <li>Excelで「回答」「確認日」などを記入します（列の説明は「記入方法」シートにあります）。</li>
        <li>アップロードして内容を確認します。この段階では何も保存されません。</li>
        <li>下書きとして保存するか、顧客へ提出します。</li>
      </ol>
      <div className="filters">
        <FiscalYearPicker value={fiscalYear} options={year.options} onChange={year.setFiscalYear} />
        <span className="field-inline">
          <label htmlFor={`${id}-layout`}>形式 (Layout)</label>
          <select id={`${id}-layout`} value={layout} onChange={(event) => setLayout(event.target.value as 'rows' | 'sheets')}>
            <option value="rows">1行に1顧客×1項目</option>
            <option value="sheets">1顧客1シート</option>
          </select>
        </span>
        <span className="field-inline">
          <input id={`${id}-prefilled`} type="checkbox" checked={prefilled} onChange={(event) => setPrefilled(event.target.checked)} />
          <label htmlFor={`${id}-prefilled`}>あなたの最新の回答を記入済みにする</label>
        </span>
        <span className="field-inline">
          <label htmlFor={`${id}-form`}>様式ID（薬局と医療機関で様式が異なる場合のみ）</label>
          <input id={`${id}-form`} value={formId} onChange={(event) => setFormId(event.target.value.trim())} />
        </span>
      </div>
      <div className="actions">
        <DownloadButton label={`${fiscalYearLabel(fiscalYear)}のブックをダウンロード`} download={() => checklistWorkbooks.download({ fiscalYear, layout, prefilled, formId: formId || undefined })} />
      </div>

      <form onSubmit={check} style={{ marginTop: '1rem' }}>
        <div className="field">
          <label htmlFor={`${id}-file`}>記入したブック（.xlsx、10MB・2,000顧客まで）</label>
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
        <div className="field">
          <label htmlFor={`${id}-mode`}>取り込み方 (Mode)</label>
          <select id={`${id}-mode`} value={mode} onChange={(event) => setMode(event.target.value as Mode)}>
            <option value="submit">顧客へ提出する</option>
            <option value="draft">下書きとして保存する</option>
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="button secondary" disabled={!file || busy} aria-busy={busy && !preview}>
            内容を確認する
          </button>
        </div>
      </form>
      <WorkbookProblems error={error} />
      {preview && (
        <>
          <ChecklistPreview result={preview} title="取り込む内容の確認 (Preview)" />
          <div className="actions">
            <button type="button" className="button primary" disabled={busy} onClick={() => (mode === 'submit' ? setConfirming(true) : apply())}>
              {mode === 'submit' ? `${preview.customers}件の顧客へ提出する` : `${preview.customers}件の下書きを保存する`}
            </button>
          </div>
        </>
      )}
      {confirming && preview && (
        <ConfirmDialog title="顧客へ提出しますか" confirmLabel="提出する" tone="primary" busy={busy} onConfirm={apply} onCancel={() => setConfirming(false)}>
          <p>
            {fiscalYearLabel(fiscalYear)}の事業者確認用チェックリストを{preview.customers}件の顧客へ提出します。提出した回答は顧客が閲覧でき、取り消せません（訂正は新しい版の提出になります）。
          </p>
        </ConfirmDialog>
      )}
      {result && (
        <>
          <Notice tone={result.failed > 0 ? 'warning' : 'success'}>
            {result.mode === 'submit' ? `${result.created}件を顧客へ提出しました。` : `${result.saved}件の下書きを保存しました。`}
            {result.unchanged > 0 ? `${result.unchanged}件は前回と同じ内容のため変更していません。` : ''}
            {result.failed > 0 ? `${result.failed}件は誤りがあるため取り込んでいません（下の一覧を確認してください）。` : ''}
          </Notice>
          <ChecklistPreview result={result} title="取り込みの結果 (Result)" />
        </>
      )}
    </section>
  );
}
