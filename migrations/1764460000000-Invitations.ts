import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: organization admins invite people by e-mail (src/invitations). An invitation carries
 * the role the invitee will have; its link holds a token of 256 random bits of which only the
 * SHA-256 is stored (as password_reset_tokens). A resend replaces the hash, so the old link dies.
 *
 * The state is derived, never stored twice: accepted (accepted_at), revoked (revoked_at), expired
 * (expires_at past, neither of the others), otherwise pending. "One pending invitation per address
 * in an organization" cannot be a partial unique index (expiry depends on now()): the service
 * checks it under the organization's row lock.
 */
export class Invitations1764460000000 implements MigrationInterface {
  name = 'Invitations1764460000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE invitations (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id  uuid NOT NULL CONSTRAINT invitations_organization_fk REFERENCES organizations (id),
        email            text NOT NULL CONSTRAINT invitations_email_check CHECK (length(email) BETWEEN 3 AND 320 AND email = lower(email) AND email !~ '[\\r\\n]'),
        display_name     text CONSTRAINT invitations_display_name_check CHECK (length(display_name) BETWEEN 1 AND 100),
        role             text NOT NULL CONSTRAINT invitations_role_check CHECK (role IN ('admin', 'member', 'viewer')),
        token_hash       text NOT NULL CONSTRAINT invitations_token_hash_key UNIQUE,
        expires_at       timestamptz(3) NOT NULL,
        invited_by       uuid CONSTRAINT invitations_invited_by_fk REFERENCES users (id),
        sent_count       integer NOT NULL DEFAULT 1,
        last_sent_at     timestamptz(3) NOT NULL DEFAULT now(),
        accepted_at      timestamptz(3),
        accepted_user_id uuid CONSTRAINT invitations_accepted_user_fk REFERENCES users (id),
        revoked_at       timestamptz(3),
        created_at       timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT invitations_closed_once_check CHECK (accepted_at IS NULL OR revoked_at IS NULL)
      );
      CREATE INDEX invitations_organization_idx ON invitations (organization_id, created_at DESC, id DESC);
      CREATE INDEX invitations_open_email_idx ON invitations (organization_id, email) WHERE accepted_at IS NULL AND revoked_at IS NULL;
      COMMENT ON TABLE invitations IS 'An organization admin''s e-mail invitation to join with a role (src/invitations): single-use, expiring; only the SHA-256 of the link''s token is kept.';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE invitations');
  }
}
