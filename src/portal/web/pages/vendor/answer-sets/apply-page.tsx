import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { answerSets, checklistForms } from '../../../api/answer-sets';
import type { AnswerSetApplicationDto, TargetChainDto } from '../../../api/schema';
import { useMe } from '../../../auth/auth-context';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { ErrorMessage, Loading, Notice } from '../../../components/feedback';
import { PageHeader } from '../../../components/layout';
import { fiscalYearLabel } from '../../../lib/format';
import { useAsync } from '../../../lib/use-async';
import { ApplyPreview } from './apply-preview';
import { ApplyResult } from './apply-result';
import { overridesBody, type Overrides } from './apply-overrides';
import { ApplySelection, hasCriterion, INITIAL_SELECTION, selectionBody, type Selection } from './apply-selection';

/**
 * Submitting an answer set to many customers, step by step: choose the 年度 and the customers →
 * see how many and who (nothing is sent yet) → change single items for some customers → confirm →
 * the submission runs (one new revision per customer; customers already holding the same answers
 * are left unchanged) and its progress and result are shown.
 */
export function ApplyAnswerSetPage() {
  const { answerSetId = '' } = useParams();
  const me = useMe();
  const state = useAsync(async () => {
    const set = await answerSets.get(answerSetId);
    return { set, form: await checklistForms.get(set.form.id) };
  }, [answerSetId]);
  const [selection, setSelection] = useState<Selection>(INITIAL_SELECTION);
  const [preview, setPreview] = useState<AnswerSetApplicationDto>();
  /** The chains of the last preview: kept while the selection changes, so that one can be chosen. */
  const [chains, setChains] = useState<TargetChainDto[]>();
  /** What the preview checked: a submission sends exactly that, or asks for a new check first. */
  const [checked, setChecked] = useState<string>();
  const [overrides, setOverrides] = useState<Overrides>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState<AnswerSetApplicationDto>();
  const [result, setResult] = useState<AnswerSetApplicationDto>();
  const polling = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearInterval(polling.current), []);
  const items = state.data?.form.items ?? [];
  const body = () => ({ ...selectionBody(selection), overrides: overridesBody(items, overrides) });

  async function check() {
    setBusy(true);
    setError(undefined);
    try {
      const sent = body();
      const checkedPreview = await answerSets.apply(answerSetId, { ...sent, dryRun: true });
      setPreview(checkedPreview);
      setChains(checkedPreview.chains);
      setChecked(JSON.stringify(sent));
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  /** Submits; while the request runs, the newest application's record shows how far it got. */
  async function submit() {
    setBusy(true);
    setError(undefined);
    setConfirming(false);
    const started = Date.now();
    polling.current = window.setInterval(() => {
      void answerSets.applications(answerSetId, { limit: 1 }).then((page) => {
        const newest = page.items[0];
        if (newest?.status === 'running' && Date.parse(newest.createdAt ?? '') >= started - 60_000) setProgress(newest);
      });
    }, 1000);
    try {
      setResult(await answerSets.apply(answerSetId, body(), crypto.randomUUID()));
    } catch (reason) {
      setError(reason);
    } finally {
      window.clearInterval(polling.current);
      setProgress(undefined);
      setBusy(false);
    }
  }

  if (state.error) return <ErrorMessage error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading />;
  const { set } = state.data;
  const overrideCount = overridesBody(items, overrides).length;
  const stale = preview !== undefined && JSON.stringify(body()) !== checked;
  const invalidOverrides = (preview?.overrides ?? []).filter((o) => !o.valid).length;
  const canSubmit = preview !== undefined && preview.total > 0 && preview.problems.length === 0 && invalidOverrides === 0 && me.role !== 'viewer';

  return (
    <>
      <PageHeader title={`「${set.name}」を顧客に提出する`} en="Apply an answer set" />
      <p>
        <Link to={`/vendor/answer-sets/${set.id}`}>← 回答セット「{set.name}」</Link>
      </p>
      {!set.complete && <Notice tone="warning">この回答セットには未回答の項目があります（{set.missingItems.join('、')}）。すべて回答してから提出してください。</Notice>}
      {result ? (
        <ApplyResult result={result} setId={set.id} />
      ) : (
        <>
          <section className="card" aria-labelledby="apply-step-1">
            <h2 id="apply-step-1">
              1. 年度と顧客 <span className="en">Customers</span>
            </h2>
            <ApplySelection
              value={selection}
              disabled={busy}
              chains={chains}
              onChange={(value) => {
                setSelection(value);
                setPreview(undefined);
              }}
            />
            {!hasCriterion(selection) && <p className="small">条件を1つ以上選んでください（すべての顧客に提出するときは「まだ提出していない顧客だけ」を選びます）。</p>}
            <button type="button" className="button primary" disabled={busy || !hasCriterion(selection) || !set.complete} onClick={() => void check()}>
              {preview ? '対象と上書きを確認し直す' : '対象の顧客を確認する'}
            </button>
          </section>
          {error ? <ErrorMessage error={error} /> : null}
          {preview && (
            <ApplyPreview
              preview={preview}
              set={set}
              items={items}
              fiscalYear={selection.fiscalYear}
              overrides={overrides}
              onOverrides={setOverrides}
              onSearch={async (query) => (await answerSets.apply(answerSetId, { ...selectionBody(selection), customerQuery: query, dryRun: true })).customers}
              stale={stale}
            />
          )}
          {progress && (
            <Notice>
              提出中です: {progress.done} / {progress.total}件（新しい版 {progress.created}件）
              <progress value={progress.done} max={progress.total} aria-label="提出の進み具合" />
            </Notice>
          )}
          {busy && !progress && preview && !confirming && <Loading label="処理しています…" />}
          {preview && (
            <div className="save-bar sticky-actions">
              {stale && <p className="small">上書きを変えました。提出する前に「対象と上書きを確認し直す」を押してください。</p>}
              <button type="button" className="button primary" disabled={busy || !canSubmit || stale} onClick={() => setConfirming(true)}>
                {preview.total}件の顧客に提出する
              </button>
            </div>
          )}
        </>
      )}
      {confirming && preview && (
        <ConfirmDialog title="回答セットを顧客に提出しますか？" confirmLabel="提出する" tone="primary" busy={busy} onConfirm={() => void submit()} onCancel={() => setConfirming(false)}>
          <p>
            「{set.name}」を{fiscalYearLabel(selection.fiscalYear)}の事業者確認用チェックリストとして{preview.total}件の顧客に提出します（個別に変えた顧客 {overrideCount}件）。
          </p>
          <p>提出した版は顧客が閲覧でき、取り消せません。前回と同じ内容の顧客は変更なしのままです。</p>
        </ConfirmDialog>
      )}
    </>
  );
}
