import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { pharmacies } from '../../api/endpoints';
import type { ChecklistAnswerInputDto, FacilityChecklistDto, FacilityChecklistItemDto } from '../../api/schema';
import { useMe } from '../../auth/auth-context';
import { AnswerBadge, Badge } from '../../components/badges';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { FiscalYearPicker, useFiscalYear } from '../../components/fiscal-year';
import { PageHeader } from '../../components/layout';
import { formatDate, formatDateTime, todayInJapan } from '../../lib/format';
import { useAsync } from '../../lib/use-async';

type Draft = Record<string, { answer: string; confirmedOn: string; targetOn: string; remarks: string }>;

function draftOf(checklist: FacilityChecklistDto): Draft {
  const draft: Draft = {};
  for (const item of checklist.items) {
    if (item.derived) continue;
    draft[item.itemId] = { answer: item.answer ?? '', confirmedOn: item.confirmedOn ?? '', targetOn: item.targetOn ?? '', remarks: item.remarks ?? '' };
  }
  return draft;
}

/** The pharmacy's own 薬局確認用 checklist: its answers, and 2-②/2-③ derived from Kaiji's data with the reason. */
export function OwnChecklistPage() {
  const me = useMe();
  const params = useParams();
  const pharmacyId = params.pharmacyId ?? me.organization.id;
  const { fiscalYear, setFiscalYear, options } = useFiscalYear();
  const state = useAsync(() => (fiscalYear ? pharmacies.checklist(pharmacyId, fiscalYear) : Promise.resolve(undefined)), [pharmacyId, fiscalYear]);
  const [draft, setDraft] = useState<Draft>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<unknown>();
  const checklist = state.data;
  const canEdit = me.organization.kind === 'pharmacy' && me.role !== 'viewer';

  useEffect(() => {
    if (checklist) setDraft(draftOf(checklist));
  }, [checklist]);

  async function save() {
    if (!checklist || !fiscalYear) return;
    setSaving(true);
    setError(undefined);
    setSaved(undefined);
    const answers: ChecklistAnswerInputDto[] = Object.entries(draft)
      .filter(([, value]) => value.answer)
      .map(([itemId, value]) => ({
        itemId,
        answer: value.answer,
        confirmedOn: value.confirmedOn || undefined,
        targetOn: value.answer === 'いいえ' ? value.targetOn || undefined : undefined,
        remarks: value.remarks || undefined,
      }));
    try {
      state.setData(await pharmacies.saveChecklist(pharmacyId, fiscalYear, { formId: checklist.formId, answers }));
      setSaved('保存しました。');
    } catch (reason) {
      setError(reason);
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <PageHeader title="薬局確認用チェックリスト" en="The pharmacy's own checklist">
        <FiscalYearPicker value={fiscalYear} options={options} onChange={setFiscalYear} />
      </PageHeader>
      {state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.loading && !checklist && <Loading />}
      {checklist && (
        <>
          <section className="card">
            <p>
              {checklist.facility.name} ・ {checklist.fiscalYearLabel} ・ {checklist.formLabel} ・ 最終保存 {formatDateTime(checklist.updatedAt)}
              {checklist.noCount > 0 && <Badge tone="warn">いいえ {checklist.noCount}件</Badge>}
              {checklist.missingItems.length > 0 && <Badge tone="bad">未回答 {checklist.missingItems.length}件</Badge>}
            </p>
            {checklist.formOutdated && <Notice tone="warning">この年度の新しい様式が出ています。新しい様式で回答し直してください。</Notice>}
            <p className="help">
              2-②（リモートメンテナンス）と 2-③（MDS/SDSの提出）は、Kaijiに届いた事業者の開示から自動で判定されます。理由と不足している書類が各行に表示されます。
            </p>
          </section>
          <div className="table-wrap card">
            <table className="table answers">
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
                {checklist.items.map((item) =>
                  item.derived ? (
                    <DerivedRow key={item.itemId} item={item} fiscalYear={checklist.fiscalYear} />
                  ) : (
                    <EditableRow
                      key={item.itemId}
                      item={item}
                      value={draft[item.itemId]}
                      disabled={!canEdit}
                      onChange={(value) => setDraft((all) => ({ ...all, [item.itemId]: value }))}
                    />
                  ),
                )}
              </tbody>
            </table>
          </div>
          {canEdit && (
            <div className="actions sticky-actions">
              <button type="button" className="button primary" onClick={() => void save()} disabled={saving}>
                {saving ? '保存中…' : '回答を保存'}
              </button>
            </div>
          )}
          {saved && <Notice tone="success">{saved}</Notice>}
          <ErrorMessage error={error} />
        </>
      )}
    </>
  );
}

function DerivedRow({ item, fiscalYear }: { item: FacilityChecklistItemDto; fiscalYear: number }) {
  const derivation = item.derivation;
  const answer = derivation?.answer ?? item.answer;
  return (
    <tr className={answer === 'いいえ' ? 'row-no' : ''}>
      <th scope="row" className="item-id">
        {item.itemId}
        <div>
          <Badge tone="info">自動判定</Badge>
        </div>
      </th>
      <td className="item-text">
        {item.text}
        {item.textEn && <span className="en">{item.textEn}</span>}
        {item.condition && <div className="muted small">{item.condition}</div>}
      </td>
      <td>
        <AnswerBadge answer={answer} />
      </td>
      <td>{formatDate(derivation?.confirmedOn ?? item.confirmedOn)}</td>
      <td>—</td>
      <td>
        <p className="small">{derivation?.reason}</p>
        {derivation?.contracts
          .filter((contract) => !contract.satisfied)
          .map((contract) => (
            <div key={contract.contractId} className="small">
              <Link to={`/contracts/${contract.contractId}?fy=${fiscalYear}`}>{contract.vendorName}</Link>:
              <ul>
                {contract.missing.map((gap) => (
                  <li key={`${gap.code}-${gap.productId}`}>{gap.label}</li>
                ))}
              </ul>
            </div>
          ))}
      </td>
    </tr>
  );
}

function EditableRow({
  item,
  value = { answer: '', confirmedOn: '', targetOn: '', remarks: '' },
  disabled,
  onChange,
}: {
  item: FacilityChecklistItemDto;
  value?: Draft[string];
  disabled: boolean;
  onChange: (value: Draft[string]) => void;
}) {
  const label = `項目 ${item.itemId}`;
  return (
    <tr className={value.answer === 'いいえ' ? 'row-no' : ''}>
      <th scope="row" className="item-id">
        {item.itemId}
      </th>
      <td className="item-text">
        {item.scope && <div className="muted small">{item.scope}</div>}
        {item.text}
        {item.textEn && <span className="en">{item.textEn}</span>}
        {item.condition && <div className="muted small">{item.condition}</div>}
        {item.targetOverdue && <div className="text-bad small">目標日を過ぎています</div>}
      </td>
      <td>
        <select aria-label={`${label} の回答`} value={value.answer} disabled={disabled} onChange={(event) => onChange({ ...value, answer: event.target.value })}>
          <option value="">未回答</option>
          <option value="はい">はい</option>
          <option value="いいえ">いいえ</option>
        </select>
      </td>
      <td>
        <input
          type="date"
          aria-label={`${label} の確認日`}
          max={todayInJapan()}
          value={value.confirmedOn}
          disabled={disabled}
          onChange={(event) => onChange({ ...value, confirmedOn: event.target.value })}
        />
      </td>
      <td>
        {value.answer === 'いいえ' ? (
          <input type="date" aria-label={`${label} の目標日`} value={value.targetOn} disabled={disabled} required onChange={(event) => onChange({ ...value, targetOn: event.target.value })} />
        ) : (
          '—'
        )}
      </td>
      <td>
        <input aria-label={`${label} の備考`} value={value.remarks} disabled={disabled} onChange={(event) => onChange({ ...value, remarks: event.target.value })} />
      </td>
    </tr>
  );
}
