import { fiscalYearLabel } from '../common/fiscal-year';
import { EVIDENCE_KIND_LABELS, EvidenceDocumentDto, EvidenceKind } from './evidence-documents.dto';

/** From this many days before its review date a document is listed as 見直し時期. */
export const REVIEW_NOTICE_DAYS = 30;

/** Every column but the PDF's bytes, which only the download reads. */
export const EVIDENCE_COLUMNS = `id, organization_id, kind, title, fiscal_year, to_char(document_date, 'YYYY-MM-DD') AS document_date,
  to_char(review_due_on, 'YYYY-MM-DD') AS review_due_on, notes, filename, size_bytes, sha256, uploaded_at, created_at, updated_at, archived_at`;

export interface EvidenceDocumentRow {
  id: string;
  organization_id: string;
  kind: EvidenceKind;
  title: string;
  fiscal_year: number;
  document_date: string;
  review_due_on: string | null;
  notes: string | null;
  filename: string | null;
  size_bytes: number | null;
  sha256: string | null;
  uploaded_at: Date | null;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
}

/** Whether a review is due, as of `today` (YYYY-MM-DD in Japan). Pure. */
export function reviewState(reviewDueOn: string | null, today: string): EvidenceDocumentDto['reviewState'] {
  if (!reviewDueOn) return 'ok';
  if (reviewDueOn < today) return 'overdue';
  const notice = new Date(`${today}T00:00:00Z`);
  notice.setUTCDate(notice.getUTCDate() + REVIEW_NOTICE_DAYS);
  return reviewDueOn <= notice.toISOString().slice(0, 10) ? 'due_soon' : 'ok';
}

export function toEvidenceDocumentDto(row: EvidenceDocumentRow, today: string): EvidenceDocumentDto {
  return {
    id: row.id,
    pharmacyId: row.organization_id,
    kind: row.kind,
    kindLabel: EVIDENCE_KIND_LABELS[row.kind],
    title: row.title,
    fiscalYear: row.fiscal_year,
    fiscalYearLabel: fiscalYearLabel(row.fiscal_year),
    documentDate: row.document_date,
    reviewDueOn: row.review_due_on,
    reviewState: row.archived_at ? 'ok' : reviewState(row.review_due_on, today),
    notes: row.notes,
    file:
      row.filename && row.sha256 && row.size_bytes && row.uploaded_at
        ? { filename: row.filename, sizeBytes: row.size_bytes, sha256: row.sha256, uploadedAt: row.uploaded_at.toISOString() }
        : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    archivedAt: row.archived_at ? row.archived_at.toISOString() : null,
  };
}
