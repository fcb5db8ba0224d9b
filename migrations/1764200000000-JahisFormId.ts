import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_ID = 'security-disclosure-jahis-6.0';
const NEW_ID = 'security-disclosure-jahis-jira-for-guideline-6.0';

/**
 * Issue 12: the JAHIS/JIRA MDS/SDS form's id names the form and the guideline edition it serves
 * (第6.0版) instead of reading like a JAHIS version 6.0, so that a later JAHIS version of the form
 * or the 第7.0版 【別紙】 can be registered beside it. Form ids are primary keys that documents refer to, so the
 * row is renamed here, with every reference, before the catalog loader sees the renamed file (it
 * then updates the row's labels and notes in place: the items are unchanged).
 *
 * Published disclosures are immutable by trigger (form_id included); the repoint is not a change of
 * content, so this migration, and only it, sets that trigger aside for the statement, inside its
 * transaction. Left as they were: audit events (append-only, hash-chained: they record the id of
 * their day), and messages already sent or cached (domain event payloads, idempotent replays).
 * Risk threads' snapshots name the form they were opened on and are repointed with it.
 */
export class JahisFormId1764200000000 implements MigrationInterface {
  name = 'JahisFormId1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await renameForm(db, OLD_ID, NEW_ID);
  }

  async down(db: QueryRunner): Promise<void> {
    await renameForm(db, NEW_ID, OLD_ID);
  }
}

/** Moves a stored form version and everything that names it to a new id; nothing to do on a database without it. */
async function renameForm(db: QueryRunner, from: string, to: string): Promise<void> {
  const [stored]: unknown[] = await db.query('SELECT 1 FROM forms WHERE id = $1', [from]);
  if (!stored) return;
  await db.query(
    `INSERT INTO forms (id, kind, audience, series, fiscal_year, revision, definition, origin, registered_by, created_at)
     SELECT $2, kind, audience, series, fiscal_year, revision, jsonb_set(definition, '{id}', to_jsonb($2::text)), origin, registered_by, created_at
       FROM forms WHERE id = $1`,
    [from, to],
  );
  await db.query('ALTER TABLE disclosures DISABLE TRIGGER disclosures_published_are_final');
  await db.query('UPDATE disclosures SET form_id = $2 WHERE form_id = $1', [from, to]);
  await db.query('ALTER TABLE disclosures ENABLE TRIGGER disclosures_published_are_final');
  // Checklist forms are never an MDS/SDS form; these keep the rename complete should that change.
  await db.query('ALTER TABLE vendor_checklists DISABLE TRIGGER vendor_checklists_submitted_are_final');
  await db.query('UPDATE vendor_checklists SET form_id = $2 WHERE form_id = $1', [from, to]);
  await db.query('ALTER TABLE vendor_checklists ENABLE TRIGGER vendor_checklists_submitted_are_final');
  await db.query('UPDATE facility_checklists SET form_id = $2 WHERE form_id = $1', [from, to]);
  await db.query(`UPDATE risk_threads SET snapshot = jsonb_set(snapshot, '{formId}', to_jsonb($2::text)) WHERE snapshot ->> 'formId' = $1`, [from, to]);
  await db.query('DELETE FROM forms WHERE id = $1', [from]);
}
