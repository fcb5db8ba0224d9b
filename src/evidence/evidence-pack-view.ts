import type { InspectionEvidenceRow } from '../pdf/inspection-pack.types';
import type { EvidenceDocumentDto } from './evidence-documents.dto';

const REVIEW_NOTES: Record<EvidenceDocumentDto['reviewState'], string | null> = { overdue: '見直し期限超過', due_soon: '見直し時期', ok: null };

/** The pack's rows for the 年度's evidence documents. Pure. */
export function evidenceRows(documents: EvidenceDocumentDto[]): InspectionEvidenceRow[] {
  return documents.map((d) => ({
    kindLabel: d.kindLabel,
    title: d.title,
    documentDate: d.documentDate,
    reviewDueOn: d.reviewDueOn,
    reviewNote: REVIEW_NOTES[d.reviewState],
    filename: d.file?.filename ?? null,
  }));
}
