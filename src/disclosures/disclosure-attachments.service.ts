import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PDFDocument } from 'pdf-lib';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { DisclosureReader } from './disclosure-reader.service';
import { DisclosuresService } from './disclosures.service';
import { activeContent, foreignBytes } from './pdf-inspection';
import { AttachmentInfoDto } from './disclosures.dto';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const PDF_SIGNATURE = Buffer.from('%PDF-');

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

  async put(principal: Principal, id: string, body: Buffer | undefined, filename: string): Promise<AttachmentInfoDto> {
    const content = await realPdf(body);
    const sha256 = createHash('sha256').update(content).digest('hex');
    return this.db.transaction(async (manager) => {
      const disclosure = await this.disclosures.lockOwnDisclosure(manager, principal, id);
      if (disclosure.status !== 'draft') throw AppError.conflict('disclosure_not_draft', 'Attach the PDF to the draft before publishing it.');
      await manager.query(
        `INSERT INTO disclosure_attachments (disclosure_id, filename, size_bytes, sha256, content, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (disclosure_id) DO UPDATE SET filename = $2, size_bytes = $3, sha256 = $4, content = $5, uploaded_by = $6, uploaded_at = now()`,
        [id, filename, content.length, sha256, content, principal.type === 'user' ? principal.userId : principal.clientId],
      );
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
    return { filename: row.filename, sizeBytes: row.size_bytes, sha256: row.sha256, uploadedAt: row.uploaded_at.toISOString(), content: row.content };
  }
}

/**
 * The signature at the start, an end-of-file marker at the end, a full parse, and nothing besides
 * the document (see pdf-inspection.ts): a renamed image, a truncated, encrypted or polyglot file and
 * one carrying scripts or attachments are refused.
 */
async function realPdf(content: Buffer | undefined): Promise<Buffer> {
  if (!Buffer.isBuffer(content) || content.length === 0) {
    throw AppError.invalid([{ field: 'body', message: 'send the PDF as the request body with Content-Type: application/pdf' }]);
  }
  if (content.length > MAX_ATTACHMENT_BYTES) throw new AppError(413, 'payload_too_large', 'Payload too large', 'The PDF may be at most 10 MB.');
  const notPdf = (detail: string) => AppError.unprocessable('not_a_pdf', detail);
  if (!content.subarray(0, 1024).includes(PDF_SIGNATURE)) throw notPdf('The file is not a PDF (no %PDF- signature).');
  if (!content.subarray(Math.max(0, content.length - 2048)).includes('%%EOF')) throw notPdf('The PDF is truncated (no %%EOF marker at its end).');
  const foreign = foreignBytes(content);
  if (foreign === 'before_header') throw notPdf('The file has data before its %PDF- header: only a PDF that starts with its header is accepted (another format may be hidden in front).');
  if (foreign === 'after_end') throw notPdf('The file has data after the PDF ends (%%EOF): another file may be appended to it.');
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(content, { updateMetadata: false });
    if (document.getPageCount() === 0) throw notPdf('The PDF has no pages.');
  } catch (error) {
    if (error instanceof AppError) throw error;
    const encrypted = error instanceof Error && /encrypt/i.test(error.message);
    throw notPdf(encrypted ? 'Encrypted PDFs cannot be read by customers: attach an unencrypted copy.' : 'The PDF could not be parsed.');
  }
  const active = activeContent(document, content);
  if (active) throw AppError.unprocessable('pdf_active_content', `The PDF carries active content (/${active}): scripts, launch actions, embedded files and XFA forms are refused in a disclosure; attach a plain copy (for example printed to PDF).`);
  return content;
}
