import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13, findings 7, 8 and 11.
 *
 * Idempotency keys (7): an answer that carried a secret (an API client's secret, a TOTP seed,
 * recovery codes, a webhook signing secret, tokens) is no longer stored, only the fact that it was
 * withheld (`answer_withheld`). Rows recorded before this migration that hold such an answer lose it
 * here; their keys stay claimed, so a retry still does not repeat the work. Keys expire after
 * KAIJI_IDEMPOTENCY_TTL_HOURS (the sweep uses idempotency_keys_created_idx).
 *
 * Vendor identity (8): names are stored normalised (NFKC, no invisible or bidi characters, single
 * spaces; organization-name.ts) and the database refuses zero-width and bidi characters outright.
 * A vendor's 法人番号 is unique. Where vendors already share one, the migration cannot tell the real
 * company from an impostor: it clears the number from every vendor that shares it and files, for
 * each of them, a pending change restoring it, so that the operator approves the genuine one (the
 * unique index then refuses the others). Until then those vendors cannot be named by 法人番号 in a
 * contract proposal. Renames and 法人番号 changes a vendor asks for wait for the operator in
 * organization_identity_changes.
 *
 * Rate limits (11): rate_limit_hits counts attempts per (bucket, subject) in a sliding window,
 * refused ones included (contract proposals, e-mail addresses refused at account creation).
 */
export class TrustedIdentities1764340000000 implements MigrationInterface {
  name = 'TrustedIdentities1764340000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(String.raw`
      ALTER TABLE idempotency_keys ADD COLUMN answer_withheld boolean NOT NULL DEFAULT false;
      -- jsonb's text form writes each key as {"key": or , "key": — a quote inside a string value is
      -- escaped (\"), so this matches keys only.
      UPDATE idempotency_keys SET response_body = NULL, answer_withheld = true
       WHERE response_body IS NOT NULL
         AND response_body::text ~ '(\{|, )"(clientSecret|client_secret|secret|otpauthUri|recoveryCodes|accessToken|refreshToken|access_token|refresh_token|password|temporaryPassword)": ';
    `);

    await db.query(String.raw`
      UPDATE organizations
         SET name = coalesce(nullif(btrim(regexp_replace(
                      regexp_replace(normalize(regexp_replace(name, '[\u0001-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFF8\U000E0000-\U000E0FFF]', '', 'g'), NFKC),
                                     '[\u00AD\u034F\u115F\u1160\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF]', '', 'g'),
                      '\s+', ' ', 'g')), ''), '名称未設定 ' || left(id::text, 8))
       WHERE name ~ '[\u0001-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFF8\U000E0000-\U000E0FFF]'
          OR name <> normalize(name, NFKC) OR name ~ '\s\s' OR name <> btrim(name);
      ALTER TABLE organizations ADD CONSTRAINT organizations_name_visible
        CHECK (name !~ '[\u0001-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]' AND name = btrim(name));

      CREATE TABLE organization_identity_changes (
        id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id             uuid NOT NULL CONSTRAINT organization_identity_changes_organization_fk REFERENCES organizations (id),
        requested_name              text NOT NULL CONSTRAINT organization_identity_changes_name_check CHECK (length(requested_name) BETWEEN 1 AND 200),
        requested_corporate_number  char(13) CONSTRAINT organization_identity_changes_corporate_number_check CHECK (requested_corporate_number ~ '^[0-9]{13}$'),
        previous_name               text NOT NULL,
        previous_corporate_number   char(13),
        status                      text NOT NULL DEFAULT 'pending'
                                      CONSTRAINT organization_identity_changes_status_check CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
        requested_by                uuid REFERENCES users (id),
        requested_at                timestamptz(3) NOT NULL DEFAULT now(),
        decided_by                  uuid REFERENCES users (id),
        decided_at                  timestamptz(3),
        reason                      text CONSTRAINT organization_identity_changes_reason_check CHECK (length(reason) <= 500),
        CONSTRAINT organization_identity_changes_decided CHECK ((status = 'pending') = (decided_at IS NULL))
      );
      CREATE UNIQUE INDEX organization_identity_changes_one_pending ON organization_identity_changes (organization_id) WHERE status = 'pending';
      CREATE INDEX organization_identity_changes_organization_idx ON organization_identity_changes (organization_id, requested_at DESC);
      CREATE INDEX organization_identity_changes_pending_idx ON organization_identity_changes (requested_at, id) WHERE status = 'pending';

      WITH shared AS (
        SELECT corporate_number FROM organizations WHERE kind = 'vendor' AND corporate_number IS NOT NULL
         GROUP BY corporate_number HAVING count(*) > 1
      ), holders AS (
        SELECT o.id, o.name, o.corporate_number FROM organizations o JOIN shared s USING (corporate_number) WHERE o.kind = 'vendor'
      ), filed AS (
        INSERT INTO organization_identity_changes (organization_id, requested_name, requested_corporate_number, previous_name, previous_corporate_number, reason)
        SELECT id, name, corporate_number, name, NULL, '移行時: 他の事業者と法人番号が重複していました (migration: this 法人番号 was shared with another vendor)' FROM holders
        RETURNING organization_id
      )
      UPDATE organizations SET corporate_number = NULL, updated_at = now() WHERE id IN (SELECT organization_id FROM filed);
      CREATE UNIQUE INDEX organizations_vendor_corporate_number_key ON organizations (corporate_number) WHERE kind = 'vendor' AND corporate_number IS NOT NULL;

      CREATE TABLE rate_limit_hits (
        bucket  text NOT NULL,
        subject text NOT NULL,
        hit_at  timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX rate_limit_hits_window_idx ON rate_limit_hits (bucket, subject, hit_at);
      CREATE INDEX rate_limit_hits_time_idx ON rate_limit_hits (hit_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE rate_limit_hits, organization_identity_changes;
      DROP INDEX organizations_vendor_corporate_number_key;
      ALTER TABLE organizations DROP CONSTRAINT organizations_name_visible;
      ALTER TABLE idempotency_keys DROP COLUMN answer_withheld;
    `);
  }
}
