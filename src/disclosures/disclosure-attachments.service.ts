import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { pdfFilename } from '../common/content-disposition';
import { DisclosureReader } from './disclosure-reader.service';
import { DisclosuresService } from './disclosures.service';
import { checkPdfUpload } from './pdf-upload-check';
import { AttachmentInfoDto } from './disclosures.dto';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface Attachment extends AttachmentInfoDto {
  content: Buffer;
}

/** The vendor's original PDF of a disclosure: checked to really be a PDF, kept byte for byte. */
@Injectable()
export class DisclosureAttachmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly disclosures: DisclosuresService,
    private readonly reader: DisclosureReader,
    private readonly audit: AuditService,
  ) {}

  /** `name`: as the client gave it; stored ending in .pdf, without control or bidi characters (content-disposition.ts). */
  async put(principal: Principal, id: string, body: Buffer | undefined, name: string): Promise<AttachmentInfoDto> {
    const content = await realPdf(body);
    const filename = pdfFilename(name);
    const sha256 = createHash('sha256').update(content).digest('hex');
    return this.db.transaction(async (manager) => {
      const disclosure = await this.disclosures.lockOwnDisclosure(manager, principal, id);
      if (disclosure.status !== 'draft') throw AppError.conflict('disclosure_not_draft', 'Attach the PDF to the draft before publishing it.');
      await manager.query(
        `INSERT INTO disclosure_attachments (disclosure_id, filename, size_bytes, sha256, content, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (disclosure_id) DO UPDATE SET filename = $2, size_bytes = $3, sha256 = $4, content = $5, uploaded_by = $6, uploaded_at = now()`,
        [id, filename, content.length, sha256, content, principal.type === 'user' ? principal.userId : principal.clientId],
      );
      // The disclosure's answer now names the new PDF: its updated_at (and so its ETag) moves with it.
      await manager.query('UPDATE disclosures SET updated_at = now() WHERE id = $1', [id]);
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'disclosure.attach', target: { type: 'disclosure', id }, details: { filename, sha256, sizeBytes: content.length } }, manager);
      return { filename, sizeBytes: content.length, sha256, uploadedAt: new Date().toISOString() };
    });
  }

  async get(principal: Principal, id: string): Promise<Attachment> {
    await this.reader.load(this.db.manager, principal, id);
    const [row]: { filename: string; size_bytes: number; sha256: string; content: Buffer; uploaded_at: Date }[] = await this.db.query(
      'SELECT filename, size_bytes, sha256, content, uploaded_at FROM disclosure_attachments WHERE disclosure_id = $1',
      [id],
    );
    if (!row) throw AppError.notFound('attachment');
    await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'disclosure.attachment_read', target: { type: 'disclosure', id } });
    // Names stored before they were cleaned on upload are cleaned on the way out.
    return { filename: pdfFilename(row.filename), sizeBytes: row.size_bytes, sha256: row.sha256, uploadedAt: row.uploaded_at.toISOString(), content: row.content };
  }
}

/**
 * A body that is a PDF of at most 10 MB, and a plain, unambiguous one (pdf-upload-check.ts): a
 * renamed image, a truncated, encrypted or polyglot file, one carrying scripts, attachments or
 * actions, one with two readings and a PDF bomb are refused before anything is stored.
 */
export async function realPdf(content: Buffer | undefined): Promise<Buffer> {
  if (!Buffer.isBuffer(content) || content.length === 0) {
    throw AppError.invalid([{ field: 'body', message: 'send the PDF as the request body with Content-Type: application/pdf' }]);
  }
  if (content.length > MAX_ATTACHMENT_BYTES) throw new AppError(413, 'payload_too_large', 'Payload too large', 'The PDF may be at most 10 MB.');
  await checkPdfUpload(content);
  return content;
}
