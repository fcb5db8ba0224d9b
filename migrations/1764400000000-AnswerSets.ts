import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, part 2: answer sets (回答セット). A vendor keeps the answers of a 事業者確認用 form version
 * once (「標準回答（クラウド版）」) and applies them to many customers through the bulk path
 * (src/answer-sets/). A set is archived, never deleted: the applications made with it stay readable.
 * An application is the record of one apply: its selection, and the progress and outcome per chunk
 * (the checklists it created are ordinary revisions in vendor_checklists).
 */
export class AnswerSets1764400000000 implements MigrationInterface {
  name = 'AnswerSets1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE answer_sets (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        vendor_id    uuid NOT NULL CONSTRAINT answer_sets_vendor_fk REFERENCES organizations (id),
        name         text NOT NULL CONSTRAINT answer_sets_name_check CHECK (length(name) BETWEEN 1 AND 100),
        form_id      text NOT NULL CONSTRAINT answer_sets_form_fk REFERENCES forms (id),
        manager_name text CONSTRAINT answer_sets_manager_name_check CHECK (manager_name IS NULL OR length(manager_name) BETWEEN 1 AND 100),
        -- [{itemId, answer, confirmedOn, targetOn, plannedOn, remarks}] in the form's order, checked
        -- with the checklist rules when saved (src/checklists/checklist-answers.ts).
        answers      jsonb NOT NULL DEFAULT '[]' CONSTRAINT answer_sets_answers_check CHECK (jsonb_typeof(answers) = 'array'),
        created_by   uuid,
        created_at   timestamptz(3) NOT NULL DEFAULT now(),
        updated_at   timestamptz(3) NOT NULL DEFAULT now(),
        archived_at  timestamptz(3),
        archived_by  uuid
      );
      -- A name is unique among the vendor's sets in use; an archived set frees its name.
      CREATE UNIQUE INDEX answer_sets_vendor_name_key ON answer_sets (vendor_id, name) WHERE archived_at IS NULL;
      CREATE INDEX answer_sets_vendor_idx ON answer_sets (vendor_id, created_at, id);

      CREATE TABLE answer_set_applications (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        answer_set_id  uuid NOT NULL CONSTRAINT answer_set_applications_set_fk REFERENCES answer_sets (id),
        vendor_id      uuid NOT NULL CONSTRAINT answer_set_applications_vendor_fk REFERENCES organizations (id),
        fiscal_year    integer NOT NULL CONSTRAINT answer_set_applications_fiscal_year_check CHECK (fiscal_year BETWEEN 2019 AND 2100),
        selection      jsonb NOT NULL,
        override_count integer NOT NULL DEFAULT 0,
        status         text NOT NULL CONSTRAINT answer_set_applications_status_check CHECK (status IN ('running', 'completed', 'failed')),
        total          integer NOT NULL,
        done           integer NOT NULL DEFAULT 0,
        created        integer NOT NULL DEFAULT 0,
        unchanged      integer NOT NULL DEFAULT 0,
        failed         integer NOT NULL DEFAULT 0,
        -- The customers refused, with their errors (the first 1,000; failed counts them all).
        failures       jsonb NOT NULL DEFAULT '[]' CONSTRAINT answer_set_applications_failures_check CHECK (jsonb_typeof(failures) = 'array'),
        created_by     uuid,
        created_at     timestamptz(3) NOT NULL DEFAULT now(),
        updated_at     timestamptz(3) NOT NULL DEFAULT now(),
        finished_at    timestamptz(3),
        CONSTRAINT answer_set_applications_progress_check CHECK (done <= total AND created + unchanged + failed = done)
      );
      CREATE INDEX answer_set_applications_set_idx ON answer_set_applications (answer_set_id, created_at, id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE answer_set_applications;
      DROP TABLE answer_sets;
    `);
  }
}
