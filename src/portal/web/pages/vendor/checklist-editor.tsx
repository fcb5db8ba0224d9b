import { useEffect, useId, useState } from 'react';
import type { ChecklistAnswerInputDto, ChecklistDto, ContractDto, FormItemDto } from '../../api/schema';
import { isStaleWrite } from '../../api/client';
import { vendorChecklists } from '../../api/vendor-workspace';
import { useMe } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { FormUseNote } from '../../components/form-use';
import { RevisionChanges } from '../../components/revision-changes';
import { StaleWriteNotice } from '../../components/stale-write-notice';
import { UnsavedChangesGuard } from '../../components/unsaved-changes-guard';
import { fiscalYearLabel, formatDateTime, todayInJapan } from '../../lib/format';
import { describeError } from '../../lib/messages';
import { isNotFound, useAsync } from '../../lib/use-async';
import { EMPTY_ANSWER, rowGaps, VendorChecklistRow, type DraftAnswer } from './checklist-rows';

type Draft = Record<string, DraftAnswer>;

/** Your latest revision (draft or submitted) with its ETag, or none yet. */
async function loadLatest(contract: ContractDto, fiscalYear: number): Promise<{ latest: ChecklistDto | null; etag: string | null }> {
  try {
    const { data, etag } = await vendorChecklists.getTagged(contract.id, fiscalYear);
    return { latest: data, etag };
  } catch (error) {
    if (!isNotFound(error)) throw error;
    return { latest: null, etag: null };
  }
}

/** Your latest revision (draft or submitted), the version the 年度 uses and its items. */
async function loadEditor(contract: ContractDto, fiscalYear: number) {
  const { latest, etag } = await loadLatest(contract, fiscalYear);
  // Customers with a 保険薬局コード are pharmacies; others answer the 医療機関 version.
  const use = await vendorChecklists.applicableForm(contract.customer.pharmacyCode ? 'pharmacy' : 'medical', fiscalYear);
  const form = await vendorChecklists.form(use.formId);
  return { latest, etag, use, form };
}

function draftOf(checklist: ChecklistDto | null): Draft {
  const draft: Draft = {};
  for (const answer of checklist?.answers ?? []) {
    draft[answer.itemId] = { answer: answer.answer, confirmedOn: answer.confirmedOn ?? '', targetOn: answer.targetOn ?? '', plannedOn: answer.plannedOn ?? '', remarks: answer.remarks ?? '' };
  }
  return draft;
}

function answersOf(items: FormItemDto[], draft: Draft): ChecklistAnswerInputDto[] {
  return items
    .filter((item) => draft[item.id]?.answer)
    .map((item) => {
      const value = draft[item.id];
      return {
        itemId: item.id,
        answer: value.answer,
        // Blank stays '' so the API names the missing 確認日 beside its item.
        confirmedOn: value.confirmedOn,
        targetOn: value.answer === 'いいえ' ? value.targetOn || undefined : undefined,
        ...(item.plannedBy && value.answer === 'はい' && value.plannedOn ? { plannedOn: value.plannedOn } : {}),
        remarks: value.remarks.trim() || undefined,
      };
    });
}

function focusItem(itemId: string): void {
  const row = document.getElementById(`item-${itemId}`);
  row?.scrollIntoView({ block: 'center' });
  row?.querySelector<HTMLElement>('select, input')?.focus({ preventScroll: true });
}

/**
 * Your 事業者確認用 for this one customer and 年度: answer each item, save a draft as often as you
 * like, see what is still missing, and submit to the customer after a confirmation. A submission is
 * a revision the customer reads; changing answers later makes a new one.
 */
export function VendorChecklistEditor({ contract, fiscalYear }: { contract: ContractDto; fiscalYear: number }) {
  const id = useId();
  const me = useMe();
  const state = useAsync(() => loadEditor(contract, fiscalYear), [contract.id, fiscalYear]);
  const [draft, setDraft] = useState<Draft>({});
  const [managerName, setManagerName] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<{ reason: unknown; sent: ChecklistAnswerInputDto[] }>();
  const [confirming, setConfirming] = useState(false);
  /** The ETag of the revision this screen shows: a save is refused (412) if someone saved after it. */
  const [etag, setEtag] = useState<string | null>(null);
  /** Set when a save was refused because someone else saved first; when known, when they did. */
  const [stale, setStale] = useState<{ changedAt: string | null }>();
  const latest = state.data?.latest ?? null;
  const items = state.data?.form.items ?? [];
  const canWrite = me.role !== 'viewer' && contract.status === 'active';

  useEffect(() => {
    setDraft(draftOf(state.data?.latest ?? null));
    setManagerName(state.data?.latest?.managerName ?? '');
    setEtag(state.data?.etag ?? null);
    setStale(undefined);
  }, [state.data]);
  useEffect(() => {
    setError(undefined);
    setDone(undefined);
  }, [fiscalYear]);

  // Unsaved: the answers or 管理責任者 differ from the revision shown (blank rows count as nothing).
  const dirty =
    canWrite &&
    !!state.data &&
    (JSON.stringify(answersOf(items, draft)) !== JSON.stringify(answersOf(items, draftOf(latest))) || managerName.trim() !== (latest?.managerName ?? '').trim());

  const gaps = items.map((item) => ({ itemId: item.id, gaps: rowGaps(item, draft[item.id] ?? EMPTY_ANSWER) })).filter((row) => row.gaps.length > 0);
  const options = { itemOfAnswer: (index: number) => error?.sent[index]?.itemId };
  const errorsByItem = new Map<string, string[]>();
  for (const problem of error ? describeError(error.reason, options).items : []) {
    if (problem.itemId) errorsByItem.set(problem.itemId, [...(errorsByItem.get(problem.itemId) ?? []), problem.text]);
  }

  /**
   * Saves the draft (PUT, only over the revision shown: If-Match), then submits it when asked (POST
   * …/submit). `over`: the ETag to save over instead, when the user chose to overwrite a newer save.
   */
  async function save(submit: boolean, over?: string | null) {
    if (!state.data) return;
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    const answers = answersOf(items, draft);
    try {
      const written = await vendorChecklists.saveTagged(
        contract.id,
        fiscalYear,
        { formId: state.data.use.formId, answers, ...(managerName.trim() ? { managerName: managerName.trim() } : {}) },
        over === undefined ? etag : over,
      );
      let saved = written.data;
      let savedTag = written.etag;
      if (submit) {
        saved = await vendorChecklists.submit(contract.id, fiscalYear);
        savedTag = (await loadLatest(contract, fiscalYear)).etag;
      }
      state.setData({ ...state.data, latest: saved, etag: savedTag });
      setDone(submit ? `第${saved.revision}版を顧客（${contract.customer.name ?? ''}）に提出しました。` : `下書きを保存しました（第${saved.revision}版・未提出）。`);
    } catch (reason) {
      if (isStaleWrite(reason)) {
        // Nothing was saved; the input stays on the screen until the user decides.
        const current = await loadLatest(contract, fiscalYear).catch(() => undefined);
        setStale({ changedAt: current?.latest?.updatedAt ?? null });
      } else {
        setError({ reason, sent: answers });
      }
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  /** Keeps the user's input and saves it over the newer revision (its current ETag, read now). */
  async function overwrite() {
    setBusy(true);
    const current = await loadLatest(contract, fiscalYear).catch(() => undefined);
    setBusy(false);
    if (!current) return;
    setStale(undefined);
    await save(false, current.etag);
  }

  if (state.error) return <ErrorMessage error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading />;
  const { use, form } = state.data;

  return (
    <div className="vendor-checklist-editor">
      <UnsavedChangesGuard dirty={dirty} />
      <FormUseNote use={use} subject="様式" />
      <p data-testid="your-checklist-status">
        {latest ? (
          <>
            <Badge tone={latest.status === 'submitted' ? 'ok' : 'warn'}>{latest.status === 'submitted' ? '提出済み' : '下書き（未提出）'}</Badge> 第{latest.revision}版
            {latest.submittedAt && <> ・ 提出日時 {formatDateTime(latest.submittedAt)}</>}
          </>
        ) : (
          <Badge tone="bad">未作成</Badge>
        )}{' '}
        ・ {form.title} {form.versionLabel}
      </p>
      {latest && latest.revision > 1 && <RevisionChanges source={{ kind: 'checklist', contractId: contract.id, fiscalYear, revision: latest.revision }} vendorView />}
      {latest?.status === 'submitted' && <p className="help">回答を変えて保存すると新しい版の下書きになります。提出するまで顧客には前の版が表示されます。</p>}
      {latest && latest.formId !== use.formId && <Notice tone="warning">前回は旧様式（{latest.formLabel}）で回答しています。同じ項目の回答を引き継いでいます。{fiscalYearLabel(fiscalYear)}の様式で確認してください。</Notice>}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-manager`}>管理責任者（任意）</label>
          <input id={`${id}-manager`} maxLength={100} value={managerName} disabled={!canWrite} onChange={(event) => setManagerName(event.target.value)} />
        </div>
        {canWrite && (
          <div className="field">
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                const today = todayInJapan();
                setDraft((all) => Object.fromEntries(Object.entries(all).map(([itemId, value]) => [itemId, value.answer && !value.confirmedOn ? { ...value, confirmedOn: today } : value])));
              }}
            >
              回答済みの項目の空欄の確認日を今日にする
            </button>
          </div>
        )}
      </div>
      <div className="table-wrap">
        <table className="table answers stack-on-phone">
          <caption className="visually-hidden">{`${fiscalYearLabel(fiscalYear)} 事業者確認用チェックリスト: あなたの回答`}</caption>
          <thead>
            <tr>
              <th scope="col">項目</th>
              <th scope="col">内容</th>
              <th scope="col">回答</th>
              <th scope="col">確認日</th>
              <th scope="col">目標日</th>
              <th scope="col">備考</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <VendorChecklistRow
                key={item.id}
                item={item}
                fiscalYear={fiscalYear}
                value={draft[item.id] ?? EMPTY_ANSWER}
                disabled={!canWrite}
                errors={errorsByItem.get(item.id) ?? []}
                onChange={(value) => setDraft((all) => ({ ...all, [item.id]: value }))}
              />
            ))}
          </tbody>
        </table>
      </div>
      {canWrite && (
        <>
          {gaps.length > 0 ? (
            <div className="alert alert-warning" data-testid="checklist-gaps">
              <p>提出するには、次の入力が必要です（{gaps.length}項目）:</p>
              <ul className="compact-list small">
                {gaps.map((row) => (
                  <li key={row.itemId}>
                    <a
                      href={`#item-${row.itemId}`}
                      onClick={(event) => {
                        event.preventDefault();
                        focusItem(row.itemId);
                      }}
                    >
                      {row.itemId}: {row.gaps.join('・')}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="text-ok small">すべての項目に回答しました。提出できます。</p>
          )}
        </>
      )}
      {canWrite && (
        <div className="save-bar sticky-actions" aria-live="polite">
          {gaps.length > 0 && <p className="small">未入力: {gaps.length}項目（上の一覧を参照）</p>}
          {stale && <StaleWriteNotice what="チェックリスト" changedAt={stale.changedAt} busy={busy} onOverwrite={() => void overwrite()} onLoadLatest={state.reload} />}
          {error && <ErrorMessage error={error.reason} options={options} onItem={focusItem} />}
          {done && <Notice tone="success">{done}</Notice>}
          <div className="save-bar-buttons">
            <button type="button" className="button secondary" disabled={busy} onClick={() => void save(false)}>
              {busy && !confirming ? '保存中…' : '下書きを保存'}
            </button>
            <button type="button" className="button primary" disabled={busy || gaps.length > 0} onClick={() => setConfirming(true)}>
              顧客に提出する
            </button>
          </div>
        </div>
      )}
      {confirming && (
        <ConfirmDialog title="この回答を顧客に提出しますか？" confirmLabel="提出する" tone="primary" busy={busy} onConfirm={() => void save(true)} onCancel={() => setConfirming(false)}>
          <p>
            {contract.customer.name ?? '顧客'}に{fiscalYearLabel(fiscalYear)}の事業者確認用チェックリストを提出します。提出した版は顧客が閲覧でき、取り消せません（修正は新しい版として再提出します）。
          </p>
          <p>
            いいえ: {Object.values(draft).filter((value) => value.answer === 'いいえ').length}件
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
