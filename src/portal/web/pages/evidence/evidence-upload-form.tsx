import { useId, useState, type FormEvent } from 'react';
import { evidenceDocuments } from '../../api/evidence-documents';
import type { CreateEvidenceDocumentDto, EvidenceDocumentDto } from '../../api/schema';
import { ErrorMessage, Notice } from '../../components/feedback';
import { fiscalYearLabel, todayInJapan } from '../../lib/format';
import { fieldMessages } from '../contact-chart/field-messages';
import { EVIDENCE_KIND_LABELS, EVIDENCE_KINDS, MAX_PDF_BYTES } from './evidence-labels';
import { pdfMessage } from './pdf-message';

type Kind = CreateEvidenceDocumentDto['kind'];

/**
 * Registers an evidence document of the 年度 shown: its metadata, then its PDF, which the API
 * inspects as it does disclosure attachments. A refused PDF is explained beside the file field;
 * the registered document is kept, and sending again attaches another PDF to it.
 */
export function EvidenceUploadForm({ fiscalYear, onSaved }: { fiscalYear: number; onSaved: (document: EvidenceDocumentDto) => void }) {
  const id = useId();
  const [kind, setKind] = useState<Kind>('bcp');
  const [title, setTitle] = useState('');
  const [documentDate, setDocumentDate] = useState(todayInJapan());
  const [reviewDueOn, setReviewDueOn] = useState('');
  const [notes, setNotes] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [pdfError, setPdfError] = useState<string>();
  const [pending, setPending] = useState<EvidenceDocumentDto | null>(null);
  const [done, setDone] = useState<string>();
  const fields = fieldMessages(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setPdfError(undefined);
    setDone(undefined);
    if (!file) {
      setPdfError('PDFファイルを選んでください。');
      return;
    }
    if (file.size > MAX_PDF_BYTES) {
      setPdfError('PDFは10 MBまでです。');
      return;
    }
    setBusy(true);
    try {
      const created =
        pending ??
        (await evidenceDocuments.create({ kind, title, fiscalYear, documentDate, reviewDueOn: reviewDueOn || null, notes: notes || null }));
      setPending(created);
      try {
        const attached = await evidenceDocuments.attach(created.id, file, file.name);
        onSaved(attached);
        setDone(`「${attached.title}」を登録しました。`);
        setPending(null);
        setTitle('');
        setNotes('');
        setReviewDueOn('');
        setFile(null);
        setFileKey((key) => key + 1);
      } catch (refusal) {
        onSaved(created);
        setPdfError(pdfMessage(refusal));
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="evidence-form" onSubmit={(event) => void submit(event)} noValidate>
      <p className="muted small">{fiscalYearLabel(fiscalYear)}の証跡として登録します。</p>
      <div className="evidence-form-fields">
        <div className="field">
          <label htmlFor={`${id}-kind`}>種類</label>
          <select id={`${id}-kind`} value={kind} onChange={(event) => setKind(event.target.value as Kind)} disabled={!!pending}>
            {EVIDENCE_KINDS.map((value) => (
              <option key={value} value={value}>
                {EVIDENCE_KIND_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-title`}>
            表題 <span className="required">（必須、200文字まで）</span>
          </label>
          <input id={`${id}-title`} value={title} maxLength={200} required onChange={(event) => setTitle(event.target.value)} disabled={!!pending} aria-invalid={!!fields.title} aria-describedby={fields.title ? `${id}-title-error` : undefined} />
          {fields.title && <p id={`${id}-title-error`} className="field-error">{fields.title}</p>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-date`}>文書の日付（制定・改定日、ログ確認日）</label>
          <input id={`${id}-date`} type="date" value={documentDate} required onChange={(event) => setDocumentDate(event.target.value)} disabled={!!pending} aria-invalid={!!fields.documentDate} aria-describedby={fields.documentDate ? `${id}-date-error` : undefined} />
          {fields.documentDate && <p id={`${id}-date-error`} className="field-error">{fields.documentDate}</p>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-review`}>次回見直し日（任意）</label>
          <input id={`${id}-review`} type="date" value={reviewDueOn} onChange={(event) => setReviewDueOn(event.target.value)} disabled={!!pending} aria-invalid={!!fields.reviewDueOn} aria-describedby={fields.reviewDueOn ? `${id}-review-error` : undefined} />
          {fields.reviewDueOn && <p id={`${id}-review-error`} className="field-error">{fields.reviewDueOn}</p>}
        </div>
        <div className="field evidence-form-wide">
          <label htmlFor={`${id}-notes`}>備考（任意、2000文字まで）</label>
          <textarea id={`${id}-notes`} value={notes} maxLength={2000} rows={2} onChange={(event) => setNotes(event.target.value)} disabled={!!pending} aria-invalid={!!fields.notes} aria-describedby={fields.notes ? `${id}-notes-error` : undefined} />
          {fields.notes && <p id={`${id}-notes-error`} className="field-error">{fields.notes}</p>}
        </div>
        <div className="field evidence-form-wide">
          <label htmlFor={`${id}-file`}>PDF（10 MBまで）</label>
          <input
            key={fileKey}
            id={`${id}-file`}
            type="file"
            accept="application/pdf,.pdf"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            aria-invalid={!!pdfError}
            aria-describedby={pdfError ? `${id}-file-error` : undefined}
          />
          {pdfError && (
            <p id={`${id}-file-error`} className="field-error" role="alert" data-testid="pdf-error">
              {pdfError}
            </p>
          )}
        </div>
      </div>
      {pending && <Notice tone="warning">「{pending.title}」は登録済みですが、PDFはまだ添付されていません。別のPDFを選んで「PDFを添付」を押すと、この証跡に添付します。</Notice>}
      <button type="submit" className="button" disabled={busy}>
        {busy ? '検査・アップロード中…' : pending ? 'PDFを添付' : '登録'}
      </button>
      {done && <Notice tone="success">{done}</Notice>}
      {error ? <ErrorMessage error={error} /> : null}
    </form>
  );
}
