import { useId, useState, type FormEvent } from 'react';
import { vendorDisclosures } from '../../../api/disclosure-editor';
import type { AttachmentInfoDto } from '../../../api/schema';
import { DownloadButton } from '../../../components/download-button';
import { ErrorMessage, Notice } from '../../../components/feedback';
import { formatDateTime } from '../../../lib/format';

const MAX_BYTES = 10 * 1024 * 1024;

/**
 * The original PDF of your disclosure (the JAHIS workbook printed to PDF, signed…). The API
 * inspects it before keeping it; when it refuses one (not a PDF, encrypted, with scripts or
 * attachments, ambiguous, too complex) its reason is shown here and nothing is stored.
 */
export function AttachmentSection({
  disclosureId,
  attachment,
  editable,
  onAttached,
}: {
  disclosureId: string;
  attachment: AttachmentInfoDto | null;
  editable: boolean;
  onAttached: (attachment: AttachmentInfoDto) => void;
}) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);

  async function upload(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setError(undefined);
    setDone(false);
    if (file.size > MAX_BYTES) {
      setError(new Error('PDFは10 MBまでです。 (The PDF may be at most 10 MB.)'));
      return;
    }
    setBusy(true);
    try {
      onAttached(await vendorDisclosures.attach(disclosureId, file, file.name));
      setDone(true);
      setFile(null);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        原本PDF <span className="en">Original PDF</span>
      </h2>
      {attachment ? (
        <div className="de-attachment">
          <p>
            添付済み: <strong>{attachment.filename}</strong>（{Math.max(1, Math.round(attachment.sizeBytes / 1024))} KB、{formatDateTime(attachment.uploadedAt)}）
          </p>
          <DownloadButton label="原本PDFをダウンロード" download={() => vendorDisclosures.attachment(disclosureId)} />
        </div>
      ) : (
        <p className="muted">まだ添付されていません。顧客に原本も届けるときは、公開する前に添付してください（任意）。</p>
      )}
      {editable && (
        <form className="inline-form de-upload" onSubmit={(event) => void upload(event)}>
          <div className="field">
            <label htmlFor={`${id}-file`}>{attachment ? '差し替えるPDF' : '添付するPDF'}（10 MBまで）</label>
            <input id={`${id}-file`} type="file" accept="application/pdf,.pdf" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
          </div>
          <button type="submit" className="button secondary" disabled={!file || busy}>
            {busy ? '検査・アップロード中…' : 'アップロード'}
          </button>
        </form>
      )}
      {done && <Notice tone="success">PDFを添付しました。</Notice>}
      <ErrorMessage error={error} />
    </section>
  );
}
