import { useId, useState, type FormEvent } from 'react';
import { evidenceDocuments } from '../../api/evidence-documents';
import type { EvidenceDocumentDto } from '../../api/schema';
import { MAX_PDF_BYTES } from './evidence-labels';
import { pdfMessage } from './pdf-message';

/** Attaches a PDF to a registered document that has none yet; a refusal is explained beside the field. */
export function EvidenceAttach({ document, onAttached }: { document: EvidenceDocumentDto; onAttached: () => void }) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setMessage(undefined);
    if (file.size > MAX_PDF_BYTES) {
      setMessage('PDFは10 MBまでです。');
      return;
    }
    setBusy(true);
    try {
      await evidenceDocuments.attach(document.id, file, file.name);
      onAttached();
    } catch (refusal) {
      setMessage(pdfMessage(refusal));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="evidence-attach" onSubmit={(event) => void submit(event)}>
      <label htmlFor={`${id}-file`}>「{document.title}」のPDF</label>
      <input id={`${id}-file`} type="file" accept="application/pdf,.pdf" onChange={(event) => setFile(event.target.files?.[0] ?? null)} aria-invalid={!!message} aria-describedby={message ? `${id}-error` : undefined} />
      {message && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {message}
        </p>
      )}
      <button type="submit" className="button secondary" disabled={!file || busy}>
        {busy ? '検査・アップロード中…' : 'PDFを添付'}
      </button>
    </form>
  );
}
