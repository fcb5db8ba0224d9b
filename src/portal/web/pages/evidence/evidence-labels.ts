import type { EvidenceDocumentDto } from '../../api/schema';

export const EVIDENCE_KINDS = ['bcp', 'regulations', 'access_log_review', 'other'] as const satisfies readonly EvidenceDocumentDto['kind'][];

export const EVIDENCE_KIND_LABELS: Record<EvidenceDocumentDto['kind'], string> = {
  bcp: '事業継続計画（BCP）',
  regulations: '規程類',
  access_log_review: 'アクセスログの確認記録（2-⑪）',
  other: 'その他',
};

/** The API's limit per PDF; checked here too so a large file is not sent for nothing. */
export const MAX_PDF_BYTES = 10 * 1024 * 1024;
