import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organizations, accounts, sessions, API clients and the append-only, hash-chained audit log.
 * Constraint names are explicit: the error filter maps them to problem codes.
 */
export class PlatformFoundation1763700000000 implements MigrationInterface {
  name = 'PlatformFoundation1763700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organizations (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind               text NOT NULL CONSTRAINT organizations_kind_check
                             CHECK (kind IN ('vendor', 'pharmacy', 'chain', 'operator')),
        name               text NOT NULL CONSTRAINT organizations_name_check CHECK (length(name) BETWEEN 1 AND 200),
        corporate_number   char(13) CONSTRAINT organizations_corporate_number_check CHECK (corporate_number ~ '^[0-9]{13}$'),
        pharmacy_code      char(10) CONSTRAINT organizations_pharmacy_code_check CHECK (pharmacy_code ~ '^[0-9]{10}$'),
        chain_id           uuid CONSTRAINT organizations_chain_fk REFERENCES organizations (id),
        require_two_factor boolean NOT NULL DEFAULT false,
        auto_disable_inactive_users boolean NOT NULL DEFAULT false,
        created_at         timestamptz(3) NOT NULL DEFAULT now(),
        updated_at         timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT organizations_chain_only_for_pharmacy CHECK (chain_id IS NULL OR kind = 'pharmacy'),
        CONSTRAINT organizations_pharmacy_code_only_for_pharmacy CHECK (pharmacy_code IS NULL OR kind = 'pharmacy')
      );
      CREATE UNIQUE INDEX organizations_pharmacy_code_key ON organizations (pharmacy_code) WHERE pharmacy_code IS NOT NULL;
      CREATE INDEX organizations_chain_idx ON organizations (chain_id) WHERE chain_id IS NOT NULL;
      CREATE INDEX organizations_created_idx ON organizations (created_at, id);

      CREATE TABLE users (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id     uuid NOT NULL CONSTRAINT users_organization_fk REFERENCES organizations (id),
        email               text NOT NULL,
        display_name        text NOT NULL,
        role                text NOT NULL CONSTRAINT users_role_check CHECK (role IN ('admin', 'member', 'viewer')),
        password_hash       text NOT NULL,
        password_changed_at timestamptz(3) NOT NULL DEFAULT now(),
        totp_secret         text,
        totp_enabled_at     timestamptz(3),
        totp_last_step      bigint,
        disabled_at         timestamptz(3),
        disabled_reason     text,
        last_login_at       timestamptz(3),
        created_at          timestamptz(3) NOT NULL DEFAULT now(),
        updated_at          timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON users (lower(email));
      CREATE INDEX users_organization_idx ON users (organization_id, created_at, id);

      CREATE TABLE password_history (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id       uuid NOT NULL REFERENCES users (id),
        password_hash text NOT NULL,
        created_at    timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX password_history_user_idx ON password_history (user_id, id DESC);

      CREATE TABLE recovery_codes (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id    uuid NOT NULL REFERENCES users (id),
        code_hash  text NOT NULL,
        used_at    timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX recovery_codes_user_idx ON recovery_codes (user_id) WHERE used_at IS NULL;

      -- Keyed by the e-mail as typed, whether or not an account has it, so that lockout
      -- behaves the same for unknown addresses and never reveals which ones exist.
      CREATE TABLE login_attempts (
        email_key       text PRIMARY KEY,
        failures        integer NOT NULL DEFAULT 0,
        locked_until    timestamptz(3),
        last_failure_at timestamptz
      );

      -- A login session: every refresh token of one login belongs to it. Access tokens carry its id,
      -- so logout, a reused refresh token or a disabled account stop them at once.
      CREATE TABLE sessions (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id     uuid NOT NULL REFERENCES users (id),
        expires_at  timestamptz(3) NOT NULL,
        revoked_at  timestamptz(3),
        revoked_reason text,
        created_at  timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

      CREATE TABLE refresh_tokens (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id  uuid NOT NULL REFERENCES sessions (id),
        token_hash  text NOT NULL CONSTRAINT refresh_tokens_hash_key UNIQUE,
        used_at     timestamptz(3),
        created_at  timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

      CREATE TABLE api_clients (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL CONSTRAINT api_clients_organization_fk REFERENCES organizations (id),
        client_id       text NOT NULL CONSTRAINT api_clients_client_id_key UNIQUE,
        name            text NOT NULL,
        scopes          text[] NOT NULL,
        allowed_cidrs   text[] NOT NULL,
        secret_hash     text NOT NULL,
        created_by      uuid REFERENCES users (id),
        last_used_at    timestamptz(3),
        revoked_at      timestamptz(3),
        created_at      timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX api_clients_organization_idx ON api_clients (organization_id, created_at, id);
    `);

    await db.query(`
      CREATE TABLE audit_events (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        chain_key       text NOT NULL,
        chain_seq       bigint NOT NULL,
        organization_id uuid,
        actor_type      text NOT NULL CONSTRAINT audit_events_actor_type_check
                          CHECK (actor_type IN ('user', 'client', 'system', 'anonymous')),
        actor_id        uuid,
        actor_label     text,
        action          text NOT NULL,
        target_type     text,
        target_id       text,
        outcome         text NOT NULL CONSTRAINT audit_events_outcome_check CHECK (outcome IN ('success', 'failure')),
        source_ip       text,
        user_agent      text,
        details         jsonb NOT NULL DEFAULT '{}',
        occurred_at     timestamptz(3) NOT NULL DEFAULT now(),
        prev_hash       text NOT NULL,
        hash            text NOT NULL,
        CONSTRAINT audit_events_chain_seq_key UNIQUE (chain_key, chain_seq)
      );
      CREATE INDEX audit_events_org_time_idx ON audit_events (organization_id, occurred_at DESC, id DESC);

      -- The head of each organization's chain. Its row lock orders concurrent writers, so the
      -- sequence within a chain is gap-free and matches the order the hashes were linked in.
      CREATE TABLE audit_chain_heads (
        chain_key text PRIMARY KEY,
        last_seq  bigint NOT NULL,
        last_hash text NOT NULL
      );

      -- One canonical text per row: what the hash covers. Used by the insert trigger and verification.
      CREATE FUNCTION audit_event_payload(e audit_events) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT jsonb_build_array(
          e.chain_key, e.chain_seq, e.organization_id, e.actor_type, e.actor_id, e.actor_label,
          e.action, e.target_type, e.target_id, e.outcome, e.source_ip, e.user_agent, e.details,
          to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        )::text
      $$;

      CREATE FUNCTION audit_event_hash(prev_hash text, payload text) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(prev_hash || payload, 'UTF8')), 'hex')
      $$;

      CREATE FUNCTION audit_events_link() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        head audit_chain_heads%ROWTYPE;
      BEGIN
        NEW.chain_key := coalesce(NEW.organization_id::text, 'platform');
        INSERT INTO audit_chain_heads (chain_key, last_seq, last_hash)
          VALUES (NEW.chain_key, 0, repeat('0', 64))
          ON CONFLICT (chain_key) DO NOTHING;
        SELECT * INTO head FROM audit_chain_heads WHERE chain_key = NEW.chain_key FOR UPDATE;
        NEW.chain_seq := head.last_seq + 1;
        NEW.prev_hash := head.last_hash;
        NEW.hash := audit_event_hash(NEW.prev_hash, audit_event_payload(NEW));
        UPDATE audit_chain_heads SET last_seq = NEW.chain_seq, last_hash = NEW.hash WHERE chain_key = NEW.chain_key;
        RETURN NEW;
      END
      $$;

      CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$;

      CREATE TRIGGER audit_events_link BEFORE INSERT ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_link();
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE audit_events;
      DROP TABLE audit_chain_heads;
      DROP FUNCTION audit_events_refuse_change, audit_events_link, audit_event_hash, audit_event_payload;
      DROP TABLE api_clients, refresh_tokens, sessions, login_attempts, recovery_codes, password_history, users, organizations;
    `);
  }
}
