import { pdfFilename } from '../common/content-disposition';
import type { FormDefinition } from '../forms/form-definition';
import { NEWEST_FIRST, standingOf, VersionKey } from '../forms/form-versions';
import { DISCLOSURE_KIND_LABELS, DISCLOSURE_STATUS_LABELS, DisclosureAnswerDto, DisclosureAudience, DisclosureDto, DisclosureKind, DisclosureStatus } from './disclosures.dto';

const RISK_ANSWERS = new Set(['いいえ', '対象外']);

export interface DisclosureRow {
  id: string;
  kind: DisclosureKind;
  status: DisclosureStatus;
  revision: number;
  vendor_id: string;
  vendor_name: string;
  author_id: string;
  author_name: string;
  product_id: string;
  product_name: string;
  product_category: string;
  product_version: string;
  form_id: string;
  audience: DisclosureAudience;
  review_count: string;
  attachment: { filename: string; sizeBytes: number; sha256: string; uploadedAt: string } | null;
  published_at: Date | null;
  superseded_by: string | null;
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
  created_at: Date;
  updated_at: Date;
  /** The newest version of the disclosure's form series: whether the form it answers is outdated. */
  newest_form: VersionKey;
}

export interface DisclosureAnswerDbRow {
  item_id: string;
  answer: string;
  remarks: string | null;
  item_text: string | null;
  section: string | null;
}

export interface DisclosureWithAnswersRow extends DisclosureRow {
  answers: DisclosureAnswerDbRow[];
}

/** FormsService's order of a series' versions, on the alias nf. */
const NF_NEWEST_FIRST = NEWEST_FIRST.split(', ')
  .map((key) => `nf.${key}`)
  .join(', ');

const DISCLOSURE_COLUMNS = `
         d.id, d.kind, d.status, d.revision, d.vendor_id, v.name AS vendor_name, d.author_id, au.name AS author_name,
         d.product_id, p.name AS product_name, p.category AS product_category, d.product_version, d.form_id, d.audience,
         (SELECT count(*) FROM disclosure_answers a WHERE a.disclosure_id = d.id AND a.answer IN ('いいえ', '対象外')) AS review_count,
         (SELECT json_build_object('filename', f.filename, 'sizeBytes', f.size_bytes, 'sha256', f.sha256,
                                   'uploadedAt', to_char(f.uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
            FROM disclosure_attachments f WHERE f.disclosure_id = d.id) AS attachment,
         d.published_at, d.superseded_by, d.withdrawn_at, d.withdrawn_reason, d.created_at, d.updated_at,
         (SELECT json_build_object('id', nf.id, 'fiscalYear', nf.fiscal_year, 'revision', nf.revision) FROM forms nf
           WHERE nf.series = (SELECT fm.series FROM forms fm WHERE fm.id = d.form_id)
           ORDER BY ${NF_NEWEST_FIRST} LIMIT 1) AS newest_form`;

/** The columns of a DisclosureRow (and `more`), from `source` (the table, or a subquery of its rows) aliased d. */
export function selectDisclosures(source: string, more = ''): string {
  return `
  SELECT ${DISCLOSURE_COLUMNS}${more}
    FROM ${source} d
    JOIN organizations v ON v.id = d.vendor_id
    JOIN organizations au ON au.id = d.author_id
    JOIN products p ON p.id = d.product_id`;
}

/** The row as the API answers it; `form` is the definition of the form it answers (row.form_id). */
export function toDisclosureDto(row: DisclosureRow, form: FormDefinition): DisclosureDto {
  const { supersededBy } = standingOf(form, row.newest_form);
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: DISCLOSURE_KIND_LABELS[row.kind],
    status: row.status,
    statusLabel: DISCLOSURE_STATUS_LABELS[row.status],
    revision: row.revision,
    vendor: { id: row.vendor_id, name: row.vendor_name },
    author: { id: row.author_id, name: row.author_name },
    product: { id: row.product_id, name: row.product_name, category: row.product_category },
    productVersion: row.product_version,
    formId: row.form_id,
    formLabel: `${form.title} ${form.versionLabel}`,
    formOutdated: supersededBy !== null,
    newerFormId: supersededBy,
    audience: row.audience,
    reviewCount: Number(row.review_count),
    // Names stored before uploads were cleaned read as they download: no control or bidi characters, ending .pdf.
    attachment: row.attachment && { ...row.attachment, filename: pdfFilename(row.attachment.filename) },
    publishedAt: row.published_at?.toISOString() ?? null,
    supersededBy: row.superseded_by,
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    withdrawnReason: row.withdrawn_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Answers with the form's wording; items the form does not list keep the text the vendor supplied. */
export function toDisclosureAnswerDtos(rows: DisclosureAnswerDbRow[], form: FormDefinition): DisclosureAnswerDto[] {
  const items = new Map(form.items.map((item) => [item.id, item]));
  const sections = new Map(form.sections.map((section) => [section.id, section.title]));
  return rows.map((row) => {
    const item = items.get(row.item_id);
    return {
      itemId: row.item_id,
      section: item ? (sections.get(item.sectionId) ?? null) : row.section,
      text: item?.text ?? row.item_text ?? '',
      textEn: item?.textEn ?? null,
      answer: row.answer,
      remarks: row.remarks,
      needsReview: RISK_ANSWERS.has(row.answer),
      uncatalogued: !item,
    };
  });
}
