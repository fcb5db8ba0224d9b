import { MigrationInterface, QueryRunner } from 'typeorm';
import { escapeIdentifier } from 'pg';

/**
 * Issue 13, Medium 9: the audit chain could be rewritten by the role that owns it (disable the
 * trigger, edit, recompute the hashes and the heads). Two changes, here the schema's part:
 *
 * 1. The API now connects as a role that does not own the tables (src/database/runtime-role.ts):
 *    on the audit tables it may only read and append. The insert trigger still has to move the
 *    chain head, which that role may not write, so the trigger function runs as its owner
 *    (SECURITY DEFINER) with a fixed search_path, pg_temp last, so that a temporary table of the
 *    caller's cannot stand in for audit_chain_heads.
 *
 * 2. Anchors: every few minutes the application signs each moved chain head with an HMAC key the
 *    database never holds (KAIJI_AUDIT_ANCHOR_KEY). A pass is one numbered, signed row linked to
 *    the previous pass and counting its anchors; an anchor names its chain's previous anchor. A
 *    rewrite that recomputes the hashes cannot recompute these without the key, and removing
 *    anchors breaks a count or a link (src/audit/audit-anchor-check.ts). Both tables are
 *    append-only, as audit_events is.
 */
export class AuditAnchors1764360000000 implements MigrationInterface {
  name = 'AuditAnchors1764360000000';

  async up(db: QueryRunner): Promise<void> {
    const [{ schema }]: { schema: string }[] = await db.query('SELECT current_schema() AS schema');
    await db.query(`
      CREATE TABLE audit_anchor_passes (
        pass_no     bigint PRIMARY KEY,
        anchored_at timestamptz(3) NOT NULL,
        chain_count integer NOT NULL CONSTRAINT audit_anchor_passes_chain_count_check CHECK (chain_count > 0),
        prev_mac    text NOT NULL,
        key_id      text NOT NULL,
        mac         text NOT NULL
      );

      CREATE TABLE audit_chain_anchors (
        chain_key    text NOT NULL,
        pass_no      bigint NOT NULL CONSTRAINT audit_chain_anchors_pass_fk REFERENCES audit_anchor_passes (pass_no),
        chain_seq    bigint NOT NULL,
        head_hash    text NOT NULL,
        prev_pass_no bigint,
        key_id       text NOT NULL,
        mac          text NOT NULL,
        CONSTRAINT audit_chain_anchors_pkey PRIMARY KEY (chain_key, pass_no)
      );
      CREATE INDEX audit_chain_anchors_pass_idx ON audit_chain_anchors (pass_no);

      CREATE FUNCTION audit_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$;
      CREATE TRIGGER audit_anchor_passes_no_update BEFORE UPDATE OR DELETE ON audit_anchor_passes
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
      CREATE TRIGGER audit_anchor_passes_no_truncate BEFORE TRUNCATE ON audit_anchor_passes
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
      CREATE TRIGGER audit_chain_anchors_no_update BEFORE UPDATE OR DELETE ON audit_chain_anchors
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
      CREATE TRIGGER audit_chain_anchors_no_truncate BEFORE TRUNCATE ON audit_chain_anchors
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

      ALTER FUNCTION audit_events_link() SECURITY DEFINER SET search_path = ${escapeIdentifier(schema)}, pg_temp;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER FUNCTION audit_events_link() SECURITY INVOKER RESET search_path;
      DROP TABLE audit_chain_anchors;
      DROP TABLE audit_anchor_passes;
      DROP FUNCTION audit_refuse_change;
    `);
  }
}
