import { useState } from 'react';
import { contracts, forms } from '../../api/endpoints';
import type { ChecklistDto, ContractDto } from '../../api/schema';
import { useMe } from '../../auth/auth-context';
import { AnswersTable } from '../../components/answers-table';
import { Badge } from '../../components/badges';
import { DownloadButton } from '../../components/download-button';
import { Empty, ErrorMessage, Loading, Notice } from '../../components/feedback';
import { FormUseNote } from '../../components/form-use';
import { RequestForm, type RequestTarget } from '../../components/request-form';
import { RevisionChanges } from '../../components/revision-changes';
import { fiscalYearLabel, formatDate, formatDateTime } from '../../lib/format';
import { isNotFound, useAsync } from '../../lib/use-async';

/**
 * The 年度's 事業者確認用 as the customer (the pharmacy or its chain) receives it: the submitted
 * revision with what changed from the one before, its PDF, and a request when nothing (or an
 * outdated form) was submitted. The vendor's side is the editor (vendor/checklist-editor.tsx).
 */
export function ReceivedChecklistSection({ contract, fiscalYear, onRequested }: { contract: ContractDto; fiscalYear: number; onRequested: () => void }) {
  const me = useMe();
  const [revision, setRevision] = useState<number>();
  const checklist = useAsync<ChecklistDto | null>(async () => {
    if (!contract.owesChecklist) return null;
    try {
      return await contracts.checklist(contract.id, fiscalYear, revision);
    } catch (error) {
      if (isNotFound(error)) return null; // not submitted yet
      throw error;
    }
  }, [contract.id, fiscalYear, revision]);
  const [requesting, setRequesting] = useState(false);
  const [requested, setRequested] = useState(false);
  const data = checklist.data;
  // The form version's items carry the checklist manual's text, shown beside each answer.
  const form = useAsync(() => (data ? forms.get(data.formId) : Promise.resolve(undefined)), [data?.formId]);
  const manuals = new Map((form.data?.items ?? []).map((item) => [item.id, item.manual]));
  const target: RequestTarget = {
    contractId: contract.id,
    vendorName: contract.vendor.name ?? '',
    kind: 'checklist',
    fiscalYear,
    pharmacyId: me.organization.kind === 'chain' ? contract.customer.id : undefined,
  };
  // Asked for when nothing was submitted yet, or again when the submission used an outdated form.
  const requestForm = requesting && (
    <RequestForm
      target={target}
      onCancel={() => setRequesting(false)}
      onDone={() => {
        setRequesting(false);
        setRequested(true);
        onRequested();
      }}
    />
  );

  return (
    <section className="card" aria-labelledby="checklist-title">
      <h2 id="checklist-title">
        {fiscalYearLabel(fiscalYear)} 事業者確認用チェックリスト <span className="en">Vendor checklist</span>
      </h2>
      {!contract.owesChecklist ? (
        <Empty>この契約ではチェックリストは不要です。</Empty>
      ) : checklist.error ? (
        <ErrorMessage error={checklist.error} onRetry={checklist.reload} />
      ) : checklist.loading && data === undefined ? (
        <Loading />
      ) : !data ? (
        <>
          <Empty>
            <p>
              <strong>未提出です。</strong> {contract.vendor.name}からまだ提出されていません。
            </p>
            {!requesting && !requested && (
              <button type="button" className="button primary" onClick={() => setRequesting(true)}>
                提出を依頼する
              </button>
            )}
            {requested && <p className="text-ok">提出を依頼しました。提出されると通知が届きます。</p>}
          </Empty>
          {requestForm}
        </>
      ) : (
        <>
          <div className="checklist-meta">
            <FormUseNote use={data.formUse} subject="様式" />
            <p>
              <Badge tone={data.status === 'submitted' ? 'ok' : 'neutral'}>{data.statusLabel}</Badge> 第{data.revision}版 ・ 提出日時 {formatDateTime(data.submittedAt)} ・ 管理責任者{' '}
              {data.managerName ?? '—'} ・ 様式 {data.formLabel}
              {data.noCount > 0 && <Badge tone="warn">いいえ {data.noCount}件</Badge>}
            </p>
            {data.formOutdated && (
              <Notice tone="warning">
                旧様式で回答されています。この年度に登録された新しい様式での再提出を依頼してください。
                {!requesting && !requested && (
                  <>
                    {' '}
                    <button type="button" className="button small" onClick={() => setRequesting(true)}>
                      再提出を依頼する
                    </button>
                  </>
                )}
                {requested && <span className="text-ok"> 再提出を依頼しました。</span>}
              </Notice>
            )}
            {requestForm}
            <div className="actions">
              {data.revisions.length > 1 && (
                <span className="field-inline">
                  <label htmlFor="revision">版 (Revision)</label>
                  <select id="revision" value={revision ?? data.revision} onChange={(event) => setRevision(Number(event.target.value))}>
                    {data.revisions.map((r) => (
                      <option key={r.revision} value={r.revision}>
                        第{r.revision}版 {r.submittedAt ? formatDate(r.submittedAt) : '（下書き）'}
                      </option>
                    ))}
                  </select>
                </span>
              )}
              <DownloadButton label="PDFをダウンロード" download={() => contracts.checklistPdf(contract.id, fiscalYear, revision)} />
            </div>
          </div>
          <RevisionChanges source={{ kind: 'checklist', contractId: contract.id, fiscalYear, revision: data.revision }} />
          <AnswersTable
            documentType="checklist"
            documentId={data.id}
            rows={data.answers.map((answer) => ({ ...answer, manual: manuals.get(answer.itemId) }))}
            dates
            canOpenThreads={data.status === 'submitted'}
            pharmacyId={me.organization.kind === 'chain' ? contract.customer.id : undefined}
            caption={`${data.fiscalYearLabel} 事業者確認用チェックリストの回答`}
          />
        </>
      )}
    </section>
  );
}
