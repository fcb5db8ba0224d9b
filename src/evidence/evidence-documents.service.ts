import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { pdfFilename } from '../common/content-disposition';
import { todayInJapan } from '../common/fiscal-year';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import { realPdf } from '../disclosures/disclosure-attachments.service';
import { StandingQueries } from '../standing/standing.queries';
import { EVIDENCE_COLUMNS, EvidenceDocumentRow, toEvidenceDocumentDto } from './evidence-document-row';
import type { CreateEvidenceDocumentDto, EvidenceDocumentDto, EvidenceDocumentQueryDto, EvidenceFileDto, UpdateEvidenceDocumentDto } from './evidence-documents.dto';

/** Documents one pharmacy keeps for one 年度, archived ones included (nothing is deleted, so this bounds storage). */
export const MAX_DOCUMENTS_PER_YEAR = 200;

export interface EvidenceFile extends EvidenceFileDto {
  content: Buffer;
}

/** Evidence files are a pharmacy's own; its chain reads them, a vendor or the operator never does. */
function assertPharmacyOrChain(principal: Principal): void {
  if (principal.organizationKind !== 'pharmacy' && principal.organizationKind !== 'chain') {
    throw AppError.forbidden('証跡・規程類は薬局とその本部だけが扱えます (evidence documents belong to pharmacies).', 'pharmacy_required');
  }
}

function assertPharmacy(principal: Principal): void {
  if (principal.organizationKind !== 'pharmacy') {
    throw AppError.forbidden('証跡・規程類を登録・変更できるのは薬局だけです。本部は店舗の証跡を閲覧できます (only the pharmacy itself writes its evidence documents).', 'pharmacy_required');
  }
}

/**
 * Evidence a pharmacy keeps for the inspection (BCP, 規程類, access-log review records for 2-⑪):
 * metadata per 年度 and the PDF, checked as disclosure attachments are before it is stored. The
 * pharmacy writes; it and its chain read (the facility decided as for the standing); anyone else
 * gets 404. Archiving hides a document from the list and the pack; nothing is deleted.
 */
@Injectable()
export class EvidenceDocumentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly standing: StandingQueries,
    private readonly audit: AuditService,
  ) {}

  async create(principal: Principal, body: CreateEvidenceDocumentDto): Promise<EvidenceDocumentDto> {
    assertPharmacy(principal);
    return this.db.transaction(async (manager) => {
      await this.withinYearLimit(manager, principal.organizationId, body.fiscalYear);
      const [row]: EvidenceDocumentRow[] = await manager.query(
        `INSERT INTO evidence_documents (organization_id, kind, title, fiscal_year, document_date, review_due_on, notes, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${EVIDENCE_COLUMNS}`,
        [principal.organizationId, body.kind, body.title, body.fiscalYear, body.documentDate, body.reviewDueOn ?? null, body.notes ?? null, actorId(principal)],
      );
      await this.audit.record(
        { actor: principal, organizationId: principal.organizationId, action: 'evidence_document.create', target: { type: 'evidence_document', id: row.id }, details: { kind: body.kind, fiscalYear: body.fiscalYear } },
        manager,
      );
      return toEvidenceDocumentDto(row, todayInJapan());
    });
  }

  async list(principal: Principal, query: EvidenceDocumentQueryDto): Promise<Page<EvidenceDocumentDto>> {
    assertPharmacyOrChain(principal);
    const pharmacyId = query.pharmacyId ?? (principal.organizationKind === 'pharmacy' ? principal.organizationId : undefined);
    if (!pharmacyId) throw AppError.invalid([{ field: 'pharmacyId', message: '本部は店舗（pharmacyId）を指定してください (a chain names one of its stores)' }]);
    if (!(await this.standing.facility(this.db.manager, principal, pharmacyId))) throw AppError.notFound('pharmacy');
    const size = pageSize(query);
    const after = decodeCursor(query.cursor);
    const values: unknown[] = [pharmacyId];
    const where = ['organization_id = $1'];
    if (query.fiscalYear !== undefined) where.push(`fiscal_year = $${values.push(query.fiscalYear)}`);
    if (query.kind) where.push(`kind = $${values.push(query.kind)}`);
    if (!query.includeArchived) where.push('archived_at IS NULL');
    if (after) where.push(`(created_at, id) > ($${values.push(after.createdAt)}::timestamptz, $${values.push(after.id)}::uuid)`);
    const rows: EvidenceDocumentRow[] = await this.db.query(
      `SELECT ${EVIDENCE_COLUMNS} FROM evidence_documents WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT ${size + 1}`,
      values,
    );
    const today = todayInJapan();
    return toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), (row) => toEvidenceDocumentDto(row, today));
  }

  /** The documents of a 年度 not archived, for the inspection pack (the caller's access to the facility already checked). */
  async ofYear(manager: EntityManager, pharmacyId: string, fiscalYear: number): Promise<EvidenceDocumentDto[]> {
    const rows: EvidenceDocumentRow[] = await manager.query(
      `SELECT ${EVIDENCE_COLUMNS} FROM evidence_documents WHERE organization_id = $1 AND fiscal_year = $2 AND archived_at IS NULL
        ORDER BY kind, document_date, created_at, id`,
      [pharmacyId, fiscalYear],
    );
    const today = todayInJapan();
    return rows.map((row) => toEvidenceDocumentDto(row, today));
  }

  async get(principal: Principal, id: string): Promise<EvidenceDocumentDto> {
    return toEvidenceDocumentDto(await this.visible(this.db.manager, principal, id), todayInJapan());
  }

  async update(principal: Principal, id: string, body: UpdateEvidenceDocumentDto): Promise<EvidenceDocumentDto> {
    return this.db.transaction(async (manager) => {
      const current = await this.lockOwn(manager, principal, id);
      if (body.fiscalYear !== undefined && body.fiscalYear !== current.fiscal_year) await this.withinYearLimit(manager, principal.organizationId, body.fiscalYear);
      const changes: Record<string, unknown> = {
        kind: body.kind,
        title: body.title,
        fiscal_year: body.fiscalYear,
        document_date: body.documentDate,
        review_due_on: body.reviewDueOn,
        notes: body.notes,
      };
      const values: unknown[] = [id];
      const sets = Object.entries(changes)
        .filter(([, value]) => value !== undefined)
        .map(([column, value]) => `${column} = $${values.push(value)}`);
      // An UPDATE's answer through TypeORM is [rows, affected count].
      const [[row]]: [EvidenceDocumentRow[], number] = await manager.query(
        `UPDATE evidence_documents SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING ${EVIDENCE_COLUMNS}`,
        values,
      );
      await this.audit.record(
        { actor: principal, organizationId: principal.organizationId, action: 'evidence_document.update', target: { type: 'evidence_document', id }, details: { fields: sets.map((s) => s.split(' ')[0]) } },
        manager,
      );
      return toEvidenceDocumentDto(row, todayInJapan());
    });
  }

  /** Hides the document from the list and the pack; its row and PDF stay (nothing is lost). */
  async archive(principal: Principal, id: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      const current = await this.lockOwn(manager, principal, id);
      if (current.archived_at) return;
      await manager.query('UPDATE evidence_documents SET archived_at = now(), updated_at = now() WHERE id = $1', [id]);
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'evidence_document.archive', target: { type: 'evidence_document', id } }, manager);
    });
  }

  /** `name`: as the client gave it; stored ending in .pdf, without control or bidi characters. */
  async putFile(principal: Principal, id: string, body: Buffer | undefined, name: string): Promise<EvidenceDocumentDto> {
    assertPharmacy(principal);
    const content = await realPdf(body);
    const filename = pdfFilename(name);
    const sha256 = createHash('sha256').update(content).digest('hex');
    return this.db.transaction(async (manager) => {
      const current = await this.lockOwn(manager, principal, id);
      if (current.archived_at) throw AppError.conflict('evidence_document_archived', 'アーカイブ済みの証跡にはPDFを添付できません (the document is archived).');
      const [[row]]: [EvidenceDocumentRow[], number] = await manager.query(
        `UPDATE evidence_documents SET filename = $2, size_bytes = $3, sha256 = $4, content = $5, uploaded_by = $6, uploaded_at = now(), updated_at = now()
          WHERE id = $1 RETURNING ${EVIDENCE_COLUMNS}`,
        [id, filename, content.length, sha256, content, actorId(principal)],
      );
      await this.audit.record(
        { actor: principal, organizationId: principal.organizationId, action: 'evidence_document.attach', target: { type: 'evidence_document', id }, details: { filename, sha256, sizeBytes: content.length } },
        manager,
      );
      return toEvidenceDocumentDto(row, todayInJapan());
    });
  }

  async getFile(principal: Principal, id: string): Promise<EvidenceFile> {
    const document = await this.visible(this.db.manager, principal, id);
    const [row]: { content: Buffer | null }[] = await this.db.query('SELECT content FROM evidence_documents WHERE id = $1', [id]);
    if (!row?.content || !document.filename || !document.sha256 || !document.uploaded_at) throw AppError.notFound('file');
    await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'evidence_document.file_read', target: { type: 'evidence_document', id } });
    return { filename: document.filename, sizeBytes: row.content.length, sha256: document.sha256, uploadedAt: document.uploaded_at.toISOString(), content: row.content };
  }

  /** The PDFs of the 年度's documents, for the pack's archive (access already checked): names first, bytes one at a time. */
  async filesOfYear(pharmacyId: string, fiscalYear: number): Promise<{ id: string; filename: string }[]> {
    return this.db.query(
      `SELECT id, filename FROM evidence_documents
        WHERE organization_id = $1 AND fiscal_year = $2 AND archived_at IS NULL AND content IS NOT NULL ORDER BY kind, document_date, created_at, id`,
      [pharmacyId, fiscalYear],
    );
  }

  async fileContent(id: string): Promise<Buffer | undefined> {
    const [row]: { content: Buffer | null }[] = await this.db.query('SELECT content FROM evidence_documents WHERE id = $1', [id]);
    return row?.content ?? undefined;
  }

  /** A document of a pharmacy the caller acts for (itself or its chain); any other is 404. */
  private async visible(manager: EntityManager, principal: Principal, id: string): Promise<EvidenceDocumentRow> {
    assertPharmacyOrChain(principal);
    const [row]: EvidenceDocumentRow[] = await manager.query(`SELECT ${EVIDENCE_COLUMNS} FROM evidence_documents WHERE id = $1`, [id]);
    if (!row || !(await this.standing.facility(manager, principal, row.organization_id))) throw AppError.notFound('evidence document');
    return row;
  }

  /** The caller pharmacy's own document, locked for a change; a chain never writes (403), another pharmacy gets 404. */
  private async lockOwn(manager: EntityManager, principal: Principal, id: string): Promise<EvidenceDocumentRow> {
    assertPharmacy(principal);
    const [row]: EvidenceDocumentRow[] = await manager.query(`SELECT ${EVIDENCE_COLUMNS} FROM evidence_documents WHERE id = $1 AND organization_id = $2 FOR UPDATE`, [
      id,
      principal.organizationId,
    ]);
    if (!row) throw AppError.notFound('evidence document');
    return row;
  }

  /** Serializes additions to one pharmacy's 年度 so two at once cannot pass the limit together. */
  private async withinYearLimit(manager: EntityManager, organizationId: string, fiscalYear: number): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`evidence_documents:${organizationId}:${fiscalYear}`]);
    const [{ count }]: { count: number }[] = await manager.query('SELECT count(*)::int AS count FROM evidence_documents WHERE organization_id = $1 AND fiscal_year = $2', [
      organizationId,
      fiscalYear,
    ]);
    if (count >= MAX_DOCUMENTS_PER_YEAR) {
      throw AppError.unprocessable(
        'evidence_documents_limit',
        `1つの年度に登録できる証跡は${MAX_DOCUMENTS_PER_YEAR}件までです（アーカイブ済みを含む） (at most ${MAX_DOCUMENTS_PER_YEAR} evidence documents per 年度, archived ones included).`,
        { maximum: MAX_DOCUMENTS_PER_YEAR },
      );
    }
  }
}

function actorId(principal: Principal): string {
  return principal.type === 'user' ? principal.userId : principal.clientId;
}
