import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17, point 4: evidence files a pharmacy keeps for the inspection (BCP, 規程類, records of
 * access-log reviews for item 2-⑪), per 年度, with the date written on them and when they are next
 * reviewed. The PDF is kept byte for byte beside its metadata, as for disclosure attachments, and
 * is checked the same way before it is stored. Archiving hides a row; nothing is deleted.
 */
export class EvidenceDocuments1764660000000 implements MigrationInterface {
  name = 'EvidenceDocuments1764660000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE evidence_documents (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL CONSTRAINT evidence_documents_organization_fk REFERENCES organizations(id) ON DELETE CASCADE,
        kind            text NOT NULL CONSTRAINT evidence_documents_kind_check CHECK (kind IN ('bcp', 'regulations', 'access_log_review', 'other')),
        title           text NOT NULL CONSTRAINT evidence_documents_title_length CHECK (char_length(title) BETWEEN 1 AND 200),
        fiscal_year     integer NOT NULL CONSTRAINT evidence_documents_fiscal_year_range CHECK (fiscal_year BETWEEN 2019 AND 2100),
        document_date   date NOT NULL,
        review_due_on   date,
        notes           text CONSTRAINT evidence_documents_notes_length CHECK (char_length(notes) <= 2000),
        filename        text,
        size_bytes      integer CONSTRAINT evidence_documents_size_check CHECK (size_bytes BETWEEN 1 AND 10485760),
        sha256          text,
        content         bytea,
        uploaded_by     uuid,
        uploaded_at     timestamptz(3),
        created_by      uuid,
        created_at      timestamptz(3) NOT NULL DEFAULT now(),
        updated_at      timestamptz(3) NOT NULL DEFAULT now(),
        archived_at     timestamptz(3),
        CONSTRAINT evidence_documents_file_complete CHECK ((content IS NULL) = (filename IS NULL) AND (content IS NULL) = (sha256 IS NULL) AND (content IS NULL) = (size_bytes IS NULL))
      );
      CREATE INDEX evidence_documents_by_year ON evidence_documents (organization_id, fiscal_year, created_at, id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE evidence_documents;');
  }
}
