import { useId, useState, type FormEvent } from 'react';
import type { FormDto, FormPreviewDto } from '../../../api/schema';
import { Notice } from '../../../components/feedback';
import { FormDiffView } from './form-diff-view';
import { formKindLabel } from './form-labels';
import { formVersions } from './forms-api';
import { WorkbookProblems } from './workbook-problems';

/**
 * Upload a workbook → see what would be registered and its diff → confirm. The same file is sent
 * twice (dryRun, then for real): the preview writes nothing, and registration checks it all again.
 */
export function FormUpload({ onRegistered }: { onRegistered: (form: FormDto) => void }) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<FormPreviewDto>();
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
    setPreview(undefined);
    void run(async () => setPreview(await formVersions.preview(file)));
  }

  function register() {
    if (!file) return;
    void run(async () => {
      const form = await formVersions.register(file);
      setPreview(undefined);
      setFile(null);
      setInputKey((key) => key + 1);
      onRegistered(form);
    });
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        新しい版を登録する<span className="en">Register a new version</span>
      </h2>
      <ol className="steps">
        <li>直前の版のブック（XLSX）を下の一覧からダウンロードします。</li>
        <li>厚生労働省の公表した様式を見ながら、様式ID・年度・改訂番号・版の名称と各項目の番号・文言を書き換えます（文言は原本のとおり）。</li>
        <li>アップロードして、前の版からの変更を確認します（この段階では何も登録されません）。</li>
        <li>内容がよければ「この内容で登録する」を押します。登録した版はすぐに使われ、再起動は要りません。</li>
      </ol>
      <form className="inline-form" onSubmit={check}>
        <div className="field">
          <label htmlFor={`${id}-file`}>様式のブック（.xlsx、2MBまで）</label>
          <input
            key={inputKey}
            id={`${id}-file`}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setPreview(undefined);
              setError(undefined);
            }}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button secondary" disabled={!file || busy} aria-busy={busy && !preview}>
            内容を確認する
          </button>
        </div>
      </form>
      <WorkbookProblems error={error} />
      {preview && <PreviewPanel preview={preview} busy={busy} onConfirm={register} />}
    </section>
  );
}

function PreviewPanel({ preview, busy, onConfirm }: { preview: FormPreviewDto; busy: boolean; onConfirm: () => void }) {
  const form = preview.form;
  return (
    <div className="form-preview" aria-live="polite" style={{ marginTop: '1.5rem' }}>
      <h3>
        登録する内容の確認<span className="en">Preview</span>
      </h3>
      <dl className="facts">
        <dt>様式ID</dt>
        <dd>{form.id}</dd>
        <dt>種類</dt>
        <dd>{formKindLabel(form.kind, form.audience)}</dd>
        <dt>年度・版</dt>
        <dd>
          {form.fiscalYearLabel ?? '年度なし'} {form.versionLabel}（改訂番号 {form.revision}）
        </dd>
        <dt>表題</dt>
        <dd>{form.title}</dd>
        <dt>項目数</dt>
        <dd>{form.items.length}</dd>
      </dl>
      <FormDiffView diff={preview.diff} previousFormId={preview.previousFormId} />
      {preview.alreadyRegistered ? (
        <Notice tone="warning">この版はすでに登録されています（内容も同じです）。新しい版にするには、様式IDと年度・改訂番号を変えてください。</Notice>
      ) : (
        <div className="actions">
          <button type="button" className="button primary" disabled={busy} onClick={onConfirm}>
            この内容で登録する
          </button>
        </div>
      )}
    </div>
  );
}
