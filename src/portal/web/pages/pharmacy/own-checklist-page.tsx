import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { forms, pharmacies } from '../../api/endpoints';
import type { ChecklistAnswerInputDto, FacilityChecklistDto, FormItemDto } from '../../api/schema';
import { useMe } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { FiscalYearPicker, FiscalYearShown, useFiscalYear } from '../../components/fiscal-year';
import { FormUseNote } from '../../components/form-use';
import { PageHeader } from '../../components/layout';
import { UnsavedChangesGuard } from '../../components/unsaved-changes-guard';
import { formatDateTime } from '../../lib/format';
import { describeError } from '../../lib/messages';
import { useAsync } from '../../lib/use-async';
import { DerivedRow, EditableRow, EMPTY_ANSWER, type DraftAnswer } from './own-checklist-rows';

type Draft = Record<string, DraftAnswer>;

function draftOf(checklist: FacilityChecklistDto): Draft {
  const draft: Draft = {};
  for (const item of checklist.items) {
    if (item.derived) continue;
    draft[item.itemId] = {
      answer: item.answer ?? '',
      confirmedOn: item.confirmedOn ?? '',
      targetOn: item.targetOn ?? '',
      plannedOn: item.plannedOn ?? '',
      remarks: item.remarks ?? '',
    };
  }
  return draft;
}

function answersOf(draft: Draft, planItems: Set<string>): ChecklistAnswerInputDto[] {
  return Object.entries(draft)
    .filter(([, value]) => value.answer)
    .map(([itemId, value]) => ({
      itemId,
      answer: value.answer,
      // Blank stays '' so the API names the missing 確認日 beside its item.
        confirmedOn: value.confirmedOn,
      targetOn: value.answer === 'いいえ' ? value.targetOn || undefined : undefined,
      // Sent only for an item whose はい may be a plan, and only when a date is given.
      ...(planItems.has(itemId) && value.answer === 'はい' && value.plannedOn ? { plannedOn: value.plannedOn } : {}),
      remarks: value.remarks || undefined,
    }));
}

/** Moves to an item's row and puts the keyboard on its answer. */
function focusItem(itemId: string): void {
  const row = document.getElementById(`item-${itemId}`);
  row?.scrollIntoView({ block: 'center' });
  row?.querySelector<HTMLElement>('select, input')?.focus({ preventScroll: true });
}

/** The pharmacy's own 薬局確認用 checklist: its answers, and 2-②/2-③ derived from Kaiji's data with the reason. */
export function OwnChecklistPage() {
  const me = useMe();
  const params = useParams();
  const pharmacyId = params.pharmacyId ?? me.organization.id;
  const { fiscalYear, setFiscalYear, options, current } = useFiscalYear();
  const state = useAsync(() => pharmacies.checklist(pharmacyId, fiscalYear), [pharmacyId, fiscalYear]);
  const checklist = state.data;
  // The catalog's items: their later target 年度 (R5 参考項目) for the date bounds, and the manual's text beside each.
  const form = useAsync(() => (checklist ? forms.get(checklist.formId) : Promise.resolve(undefined)), [checklist?.formId]);
  const formItems = new Map<string, FormItemDto>((form.data?.items ?? []).map((item) => [item.id, item]));
  // Items whose はい may be a plan (2-⑩ 二要素認証 by 令和9年度): they take a 計画日.
  const planItems = new Set((checklist?.items ?? []).filter((item) => item.plannedBy ?? formItems.get(item.itemId)?.plannedBy).map((item) => item.itemId));
  const [draft, setDraft] = useState<Draft>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<{ reason: unknown; sent: ChecklistAnswerInputDto[] }>();
  const canEdit = me.organization.kind === 'pharmacy' && me.role !== 'viewer';

  useEffect(() => {
    if (checklist) setDraft(draftOf(checklist));
  }, [checklist]);
  useEffect(() => {
    setError(undefined);
    setSaved(undefined);
  }, [fiscalYear]);

  // Unsaved: what would be sent differs from what the checklist holds (blank rows count as nothing).
  const dirty = canEdit && !!checklist && JSON.stringify(answersOf(draft, planItems)) !== JSON.stringify(answersOf(draftOf(checklist), planItems));

  const describeOptions = { itemOfAnswer: (index: number) => error?.sent[index]?.itemId };
  const errorsByItem = new Map<string, string[]>();
  for (const problem of error ? describeError(error.reason, describeOptions).items : []) {
    if (problem.itemId) errorsByItem.set(problem.itemId, [...(errorsByItem.get(problem.itemId) ?? []), problem.text]);
  }

  async function save() {
    if (!checklist) return;
    setSaving(true);
    setError(undefined);
    setSaved(undefined);
    const answers = answersOf(draft, planItems);
    try {
      const result = await pharmacies.saveChecklist(pharmacyId, fiscalYear, { formId: checklist.formId, answers });
      state.setData(result);
      setSaved(`保存しました（${result.formUse.label}）。`);
    } catch (reason) {
      setError({ reason, sent: answers });
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <PageHeader
        title="薬局確認用チェックリスト"
        en="The pharmacy's own checklist"
        lead={<FiscalYearShown fiscalYear={fiscalYear} onCurrent={() => setFiscalYear(current)} />}
      >
        <FiscalYearPicker value={fiscalYear} options={options} onChange={setFiscalYear} />
      </PageHeader>
      <UnsavedChangesGuard dirty={dirty} />
      {state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.loading && !checklist && <Loading />}
      {checklist && (
        <>
          <section className="card" aria-labelledby="own-checklist-form">
            <h2 id="own-checklist-form" className="visually-hidden">
              様式と回答の状況
            </h2>
            <FormUseNote use={checklist.formUse} subject="様式" explain />
            <p>
              {checklist.facility.name} ・ {checklist.fiscalYearLabel} ・ {checklist.formLabel} ・ 最終保存 {formatDateTime(checklist.updatedAt)}
              {checklist.noCount > 0 && <Badge tone="warn">いいえ {checklist.noCount}件</Badge>}
              {checklist.missingItems.length > 0 && <Badge tone="bad">未回答 {checklist.missingItems.length}件</Badge>}
            </p>
            <p className="help">
              2-②（リモートメンテナンス）と 2-③（MDS/SDSの提出）は、Kaijiに届いた事業者の開示から自動で判定されます。理由と不足している書類が各行に表示されます。
            </p>
          </section>
          <div className="table-wrap card">
            <table className="table answers stack-on-phone">
              <caption className="visually-hidden">{`${checklist.fiscalYearLabel} 薬局確認用チェックリストの回答`}</caption>
              <thead>
                <tr>
                  <th scope="col">項目</th>
                  <th scope="col">内容</th>
                  <th scope="col">回答</th>
                  <th scope="col">確認日</th>
                  <th scope="col">{planItems.size > 0 ? '目標日・計画日' : '目標日'}</th>
                  <th scope="col">備考</th>
                </tr>
              </thead>
              <tbody>
                {checklist.items.map((item) =>
                  item.derived ? (
                    <DerivedRow key={item.itemId} item={item} fiscalYear={checklist.fiscalYear} manual={formItems.get(item.itemId)?.manual} />
                  ) : (
                    <EditableRow
                      key={item.itemId}
                      item={item}
                      formItem={formItems.get(item.itemId)}
                      fiscalYear={checklist.fiscalYear}
                      value={draft[item.itemId] ?? EMPTY_ANSWER}
                      disabled={!canEdit}
                      errors={errorsByItem.get(item.itemId) ?? []}
                      onChange={(value) => setDraft((all) => ({ ...all, [item.itemId]: value }))}
                    />
                  ),
                )}
              </tbody>
            </table>
          </div>
          {canEdit && (
            // The outcome of a save stays beside its button: errors name the item and move to its row.
            <div className="save-bar sticky-actions" aria-live="polite">
              {error && <ErrorMessage error={error.reason} options={describeOptions} onItem={focusItem} />}
              {saved && <Notice tone="success">{saved}</Notice>}
              <div className="save-bar-buttons">
                <button type="button" className="button primary" onClick={() => void save()} disabled={saving}>
                  {saving ? '保存中…' : '回答を保存'}
                </button>
                <span className="muted small">{checklist.formUse.label}</span>
              </div>
            </div>
          )}
        </>
      )}
    </>
  );
}
