import { useEffect, useId, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { answerSets, checklistForms } from '../../../api/answer-sets';
import type { AnswerSetDto, ChecklistAnswerInputDto, FormDto } from '../../../api/schema';
import { useMe } from '../../../auth/auth-context';
import { Badge } from '../../../components/badges';
import { ErrorMessage, Loading, Notice } from '../../../components/feedback';
import { PageHeader } from '../../../components/layout';
import { currentFiscalYear, fiscalYearOf, todayInJapan } from '../../../lib/format';
import { describeError } from '../../../lib/messages';
import { useAsync } from '../../../lib/use-async';
import { EMPTY_ANSWER, rowGaps, VendorChecklistRow, type DraftAnswer } from '../checklist-rows';
import { answersOf } from './answer-set-draft';
import { ApplicationHistory } from './application-history';

type Draft = Record<string, DraftAnswer>;
type Audience = 'pharmacy' | 'medical';

/** The set being edited (none for a new one) and the form its answers are for. */
async function loadEditor(setId: string | undefined, audience: Audience): Promise<{ set: AnswerSetDto | null; form: FormDto }> {
  if (setId) {
    const set = await answerSets.get(setId);
    return { set, form: await checklistForms.get(set.form.id) };
  }
  const use = await checklistForms.applicable(audience, currentFiscalYear());
  return { set: null, form: await checklistForms.get(use.formId) };
}

function draftOf(set: AnswerSetDto | null): Draft {
  const draft: Draft = {};
  for (const a of set?.answers ?? []) draft[a.itemId] = { answer: a.answer, confirmedOn: a.confirmedOn ?? '', targetOn: a.targetOn ?? '', plannedOn: a.plannedOn ?? '', remarks: a.remarks ?? '' };
  return draft;
}

function focusItem(itemId: string): void {
  const row = document.getElementById(`item-${itemId}`);
  row?.scrollIntoView({ block: 'center' });
  row?.querySelector<HTMLElement>('select, input')?.focus({ preventScroll: true });
}

/**
 * Create or edit one answer set: its name, the 管理責任者 the checklists name, and an answer to every
 * item with 確認日, 目標日 (いいえ) and 備考, as on the sheet. A set may be saved unfinished; it is
 * submitted to customers only once every item is answered.
 */
export function AnswerSetEditorPage() {
  const { answerSetId } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const justCreated = (location.state as { created?: boolean } | null)?.created === true;
  const id = useId();
  const me = useMe();
  const [audience, setAudience] = useState<Audience>('pharmacy');
  const state = useAsync(() => loadEditor(answerSetId, audience), [answerSetId, audience]);
  const [name, setName] = useState('');
  const [managerName, setManagerName] = useState('');
  const [draft, setDraft] = useState<Draft>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ reason: unknown; sent: ChecklistAnswerInputDto[] }>();
  const [done, setDone] = useState<string>();
  const set = state.data?.set ?? null;
  const items = state.data?.form.items ?? [];
  const canWrite = me.role !== 'viewer' && !set?.archived;

  useEffect(() => {
    setDraft(draftOf(state.data?.set ?? null));
    setName(state.data?.set?.name ?? '');
    setManagerName(state.data?.set?.managerName ?? '');
  }, [state.data]);

  // Dates are bounded by the 年度 the set's 確認日 fall in (the current one for a new set), as the API checks them.
  const firstConfirmed = Object.values(draft).find((value) => value.confirmedOn)?.confirmedOn;
  const fiscalYear = firstConfirmed ? fiscalYearOf(firstConfirmed) : currentFiscalYear();
  const gaps = items.map((item) => ({ itemId: item.id, gaps: rowGaps(item, draft[item.id] ?? EMPTY_ANSWER) })).filter((row) => row.gaps.length > 0);
  const options = { itemOfAnswer: (index: number) => error?.sent[index]?.itemId };
  const errorsByItem = new Map<string, string[]>();
  for (const problem of error ? describeError(error.reason, options).items : []) {
    if (problem.itemId) errorsByItem.set(problem.itemId, [...(errorsByItem.get(problem.itemId) ?? []), problem.text]);
  }

  async function save() {
    if (!state.data) return;
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    const answers = answersOf(items, draft);
    try {
      const manager = managerName.trim();
      if (set) {
        const saved = await answerSets.update(set.id, { name: name.trim(), managerName: manager || null, answers });
        state.setData({ ...state.data, set: saved });
        setDone(saved.complete ? '回答セットを保存しました。顧客に提出できます。' : `回答セットを保存しました（未回答 ${saved.missingItems.length}項目）。`);
      } else {
        const created = await answerSets.create({ name: name.trim(), formId: state.data.form.id, answers, ...(manager ? { managerName: manager } : {}) });
        void navigate(`/vendor/answer-sets/${created.id}`, { replace: true, state: { created: true } });
      }
    } catch (reason) {
      setError({ reason, sent: answers });
    } finally {
      setBusy(false);
    }
  }

  if (state.error) return <ErrorMessage error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading />;
  const { form } = state.data;

  return (
    <>
      <PageHeader title={set ? `回答セット「${set.name}」` : '回答セットを作る'} en={set ? 'Answer set' : 'New answer set'}>
        {set?.complete && !set.archived && canWrite && (
          <Link className="button primary" to={`/vendor/answer-sets/${set.id}/apply`}>
            顧客に提出する
          </Link>
        )}
      </PageHeader>
      <p>
        <Link to="/vendor/answer-sets">← あなたの回答セット</Link>
      </p>
      {justCreated && !done && <Notice tone="success">回答セットを作成しました。</Notice>}
      {set?.archived && <Notice tone="warning">この回答セットはアーカイブ済みです。閲覧だけできます。</Notice>}
      <p className="muted">
        {form.title} {form.versionLabel}
        {set && (set.complete ? <Badge tone="ok">すべての項目に回答済み</Badge> : <Badge tone="warn">未回答 {set.missingItems.length}項目</Badge>)}
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>回答セットの名前</label>
          <input id={`${id}-name`} required maxLength={100} placeholder="標準回答（クラウド版）" value={name} disabled={!canWrite} onChange={(event) => setName(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-manager`}>管理責任者（任意）</label>
          <input id={`${id}-manager`} maxLength={100} value={managerName} disabled={!canWrite} onChange={(event) => setManagerName(event.target.value)} />
        </div>
        {!set && (
          <div className="field">
            <label htmlFor={`${id}-audience`}>顧客の種類</label>
            <select id={`${id}-audience`} value={audience} onChange={(event) => setAudience(event.target.value as Audience)}>
              <option value="pharmacy">薬局</option>
              <option value="medical">医療機関</option>
            </select>
          </div>
        )}
        {canWrite && (
          <div className="field">
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                const today = todayInJapan();
                setDraft((all) =>
                  Object.fromEntries(
                    items.map((item) => {
                      const current = all[item.id] ?? EMPTY_ANSWER;
                      return [item.id, current.answer ? { ...current, confirmedOn: current.confirmedOn || today } : { ...EMPTY_ANSWER, answer: 'はい', confirmedOn: today }];
                    }),
                  ),
                );
              }}
            >
              未回答の項目を「はい」・確認日を今日にする
            </button>
          </div>
        )}
      </div>
      <div className="table-wrap">
        <table className="table answers stack-on-phone">
          <caption className="visually-hidden">回答セットの回答: 事業者確認用チェックリストの各項目</caption>
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
        <div className="save-bar sticky-actions" aria-live="polite">
          {gaps.length > 0 ? <p className="small">未入力: {gaps.map((row) => `${row.itemId}（${row.gaps.join('・')}）`).join('、')}。途中でも保存できますが、顧客への提出はすべて入力してからです。</p> : <p className="text-ok small">すべての項目に回答しました。</p>}
          {error && <ErrorMessage error={error.reason} options={options} onItem={focusItem} />}
          {done && <Notice tone="success">{done}</Notice>}
          <div className="save-bar-buttons">
            <button type="button" className="button primary" disabled={busy || !name.trim()} onClick={() => void save()}>
              {busy ? '保存中…' : set ? '回答セットを保存' : '回答セットを作成'}
            </button>
          </div>
        </div>
      )}
      {set && <ApplicationHistory setId={set.id} />}
    </>
  );
}
