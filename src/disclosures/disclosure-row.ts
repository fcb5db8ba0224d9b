import { DISCLOSURE_KIND_LABELS, DISCLOSURE_STATUS_LABELS, DisclosureAudience, DisclosureDto, DisclosureKind, DisclosureStatus } from './disclosures.dto';

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
}

export const SELECT_DISCLOSURE = `
  SELECT d.id, d.kind, d.status, d.revision, d.vendor_id, v.name AS vendor_name, d.author_id, au.name AS author_name,
         d.product_id, p.name AS product_name, p.category AS product_category, d.product_version, d.form_id, d.audience,
         (SELECT count(*) FROM disclosure_answers a WHERE a.disclosure_id = d.id AND a.answer IN ('いいえ', '対象外')) AS review_count,
         (SELECT json_build_object('filename', f.filename, 'sizeBytes', f.size_bytes, 'sha256', f.sha256,
                                   'uploadedAt', to_char(f.uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
            FROM disclosure_attachments f WHERE f.disclosure_id = d.id) AS attachment,
         d.published_at, d.superseded_by, d.withdrawn_at, d.withdrawn_reason, d.created_at, d.updated_at
    FROM disclosures d
    JOIN organizations v ON v.id = d.vendor_id
    JOIN organizations au ON au.id = d.author_id
    JOIN products p ON p.id = d.product_id`;

export interface FormFacts {
  label: string;
  outdated: boolean;
  newerFormId: string | null;
}

export function toDisclosureDto(row: DisclosureRow, form: FormFacts): DisclosureDto {
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
    formLabel: form.label,
    formOutdated: form.outdated,
    newerFormId: form.newerFormId,
    audience: row.audience,
    reviewCount: Number(row.review_count),
    attachment: row.attachment,
    publishedAt: row.published_at?.toISOString() ?? null,
    supersededBy: row.superseded_by,
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    withdrawnReason: row.withdrawn_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
