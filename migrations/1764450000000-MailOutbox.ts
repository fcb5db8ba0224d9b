import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: Kaiji sends e-mail. Each message is a row of `mail_messages`, written in the
 * transaction that causes it together with its pg-boss delivery job (src/mail), so a message
 * exists if and only if its cause committed. The row records the delivery (queued → sent or
 * failed, attempts, the last error, the SMTP server's Message-ID) for the organization's admins.
 * The body may carry a secret link (a password reset): it is kept only until the message leaves
 * and is cleared then (sent, or failed for good).
 *
 * `password_reset_tokens`: self-service password reset. Only the SHA-256 of a token is stored
 * (256 random bits: a fast hash is enough); a token works once, for 30 minutes.
 *
 * The runtime role's privileges on both tables are granted at every start by the owner
 * (src/database/runtime-role.ts grants SELECT, INSERT, UPDATE, DELETE on every application table).
 */
export class MailOutbox1764450000000 implements MigrationInterface {
  name = 'MailOutbox1764450000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mail_messages (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id   uuid CONSTRAINT mail_messages_organization_fk REFERENCES organizations (id),
        recipient_user_id uuid CONSTRAINT mail_messages_recipient_fk REFERENCES users (id),
        recipient         text NOT NULL CONSTRAINT mail_messages_recipient_check CHECK (length(recipient) BETWEEN 3 AND 320 AND recipient !~ '[\\r\\n]'),
        subject           text NOT NULL CONSTRAINT mail_messages_subject_check CHECK (length(subject) BETWEEN 1 AND 300 AND subject !~ '[\\r\\n]'),
        kind              text NOT NULL CONSTRAINT mail_messages_kind_check CHECK (kind ~ '^[a-z][a-z_]{1,62}$'),
        body_text         text,
        status            text NOT NULL DEFAULT 'queued' CONSTRAINT mail_messages_status_check CHECK (status IN ('queued', 'sent', 'failed')),
        attempts          integer NOT NULL DEFAULT 0,
        last_error        text,
        smtp_message_id   text,
        created_at        timestamptz(3) NOT NULL DEFAULT now(),
        last_attempt_at   timestamptz(3),
        sent_at           timestamptz(3)
      );
      CREATE INDEX mail_messages_organization_idx ON mail_messages (organization_id, created_at DESC, id DESC);
      COMMENT ON TABLE mail_messages IS 'Outgoing e-mail and its delivery state; written in the transaction that causes it, sent by the mail-delivery job (src/mail).';
      COMMENT ON COLUMN mail_messages.organization_id IS 'whose admins see the delivery (GET /v1/organizations/{id}/mail-deliveries): the recipient''s organization';
      COMMENT ON COLUMN mail_messages.body_text IS 'the plain-text body until the message leaves (it may hold a secret link); NULL once sent or failed for good';

      CREATE TABLE password_reset_tokens (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id     uuid NOT NULL CONSTRAINT password_reset_tokens_user_fk REFERENCES users (id),
        token_hash  text NOT NULL CONSTRAINT password_reset_tokens_hash_key UNIQUE,
        expires_at  timestamptz(3) NOT NULL,
        used_at     timestamptz(3),
        created_at  timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX password_reset_tokens_user_idx ON password_reset_tokens (user_id) WHERE used_at IS NULL;
      COMMENT ON TABLE password_reset_tokens IS 'Self-service password reset: the SHA-256 of a single-use token mailed to the user, valid until expires_at (30 minutes).';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE password_reset_tokens, mail_messages');
  }
}
