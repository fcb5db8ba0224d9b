import { useId, useState } from 'react';
import { useParams } from 'react-router';
import { evidenceDocuments } from '../../api/evidence-documents';
import type { EvidenceDocumentDto } from '../../api/schema';
import { useMe } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DownloadButton } from '../../components/download-button';
import { Empty, ErrorMessage, Notice } from '../../components/feedback';
import { FiscalYearPicker, FiscalYearShown, useFiscalYear } from '../../components/fiscal-year';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { usePaged } from '../../lib/use-async';
import './evidence.css';
import { EVIDENCE_KIND_LABELS, EVIDENCE_KINDS } from './evidence-labels';
import { EvidenceAttach } from './evidence-attach';
import { EvidenceUploadForm } from './evidence-upload-form';

const REVIEW_BADGES: Record<EvidenceDocumentDto['reviewState'], { tone: 'bad' | 'warn'; label: string } | null> = {
  overdue: { tone: 'bad', label: '見直し期限超過' },
  due_soon: { tone: 'warn', label: '見直し時期（30日以内）' },
  ok: null,
};

/**
 * 証跡・規程類: the pharmacy's BCP, 規程類 and access-log review records (2-⑪) per 年度, with their
 * PDFs, listed in the inspection pack. The pharmacy registers and archives them; viewers and its
 * chain (by store) read them.
 */
export function EvidencePage() {
  const { pharmacyId } = useParams();
  const me = useMe();
  const filterId = useId();
  const { fiscalYear, options, setFiscalYear, current } = useFiscalYear();
  const [kind, setKind] = useState('');
  const [archiving, setArchiving] = useState<EvidenceDocumentDto | null>(null);
  const [archiveBusy, setArchiveBusy] = useState(false);
  const [archiveError, setArchiveError] = useState<unknown>();
  const canEdit = !pharmacyId && me.organization.kind === 'pharmacy' && me.role !== 'viewer';
  const list = usePaged((cursor) => evidenceDocuments.list({ fiscalYear, kind: kind || undefined, pharmacyId, cursor }), [fiscalYear, kind, pharmacyId]);
  const dueCount = list.items.filter((d) => d.reviewState !== 'ok').length;

  async function archive(document: EvidenceDocumentDto) {
    setArchiveBusy(true);
    setArchiveError(undefined);
    try {
      await evidenceDocuments.archive(document.id);
      setArchiving(null);
      list.reload();
    } catch (failure) {
      setArchiveError(failure);
    } finally {
      setArchiveBusy(false);
    }
  }

  return (
    <>
      <PageHeader title="証跡・規程類" en="Evidence documents">
        <FiscalYearPicker value={fiscalYear} options={options} onChange={setFiscalYear} />
      </PageHeader>
      <p className="muted">
        事業継続計画（BCP）、運用管理規程などの規程類、アクセスログの確認記録（チェックリスト 2-⑪）をPDFで年度ごとに保管します。立入検査資料に一覧が載り、本部の一括ダウンロードにはPDFも同梱されます。
      </p>
      <FiscalYearShown fiscalYear={fiscalYear} onCurrent={() => setFiscalYear(current)} />
      {dueCount > 0 && (
        <Notice tone="warning">
          見直しの時期が来ている証跡が<strong>{dueCount}件</strong>あります。内容を見直し、改定したPDFを登録してください。
        </Notice>
      )}
      {canEdit && (
        <section className="card" aria-labelledby={`${filterId}-upload`}>
          <h2 id={`${filterId}-upload`}>証跡を登録</h2>
          <EvidenceUploadForm fiscalYear={fiscalYear} onSaved={() => list.reload()} />
        </section>
      )}
      <section className="card" aria-labelledby={`${filterId}-list`}>
        <h2 id={`${filterId}-list`}>登録済みの証跡</h2>
        <div className="field-inline">
          <label htmlFor={`${filterId}-kind`}>種類で絞り込み</label>
          <select id={`${filterId}-kind`} value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="">すべて</option>
            {EVIDENCE_KINDS.map((value) => (
              <option key={value} value={value}>
                {EVIDENCE_KIND_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        {!list.loading && !list.error && list.items.length === 0 ? (
          <Empty>この年度の証跡はまだ登録されていません。</Empty>
        ) : (
          <ul className="evidence-list">
            {list.items.map((document) => {
              const review = REVIEW_BADGES[document.reviewState];
              return (
                <li key={document.id} className={`evidence-card${review ? ' due' : ''}`} data-testid="evidence-document">
                  <p className="muted small">{document.kindLabel}</p>
                  <h3>{document.title}</h3>
                  <dl className="facts">
                    <dt>日付</dt>
                    <dd>{document.documentDate}</dd>
                    <dt>次回見直し</dt>
                    <dd>
                      {document.reviewDueOn ?? '—'} {review && <Badge tone={review.tone}>{review.label}</Badge>}
                    </dd>
                    {document.notes && (
                      <>
                        <dt>備考</dt>
                        <dd>{document.notes}</dd>
                      </>
                    )}
                    <dt>PDF</dt>
                    <dd>{document.file ? `${document.file.filename}（${Math.max(1, Math.round(document.file.sizeBytes / 1024))} KB）` : <Badge tone="bad">PDF未添付</Badge>}</dd>
                  </dl>
                  {canEdit && !document.file && <EvidenceAttach document={document} onAttached={list.reload} />}
                  <div className="evidence-actions">
                    {document.file && <DownloadButton label="PDFをダウンロード" download={() => evidenceDocuments.file(document.id, document.file?.filename ?? 'evidence.pdf')} />}
                    {canEdit && (
                      <button type="button" className="button secondary" onClick={() => setArchiving(document)}>
                        アーカイブ
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        <Pager state={list} />
      </section>
      {archiving && (
        <ConfirmDialog
          title="証跡をアーカイブしますか"
          confirmLabel="アーカイブする"
          busy={archiveBusy}
          onConfirm={() => void archive(archiving)}
          onCancel={() => {
            setArchiving(null);
            setArchiveError(undefined);
          }}
        >
          <p>
            「{archiving.title}」を一覧と立入検査資料から外します。記録とPDFは削除されず、監査ログにも残ります。
          </p>
          {archiveError ? <ErrorMessage error={archiveError} /> : null}
        </ConfirmDialog>
      )}
    </>
  );
}
