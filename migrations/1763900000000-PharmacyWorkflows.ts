import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Document requests, risk-communication threads, answer reviews, remote-maintenance disclosures,
 * the facility's own checklist, domain events with per-user notifications, and webhooks.
 * (pg-boss keeps its own job tables in the `pgboss` schema, created by the library.)
 */
export class PharmacyWorkflows1763900000000 implements MigrationInterface {
  name = 'PharmacyWorkflows1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE document_requests (
        id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contract_id             uuid NOT NULL REFERENCES contracts (id),
        customer_id             uuid NOT NULL REFERENCES organizations (id),
        -- Who is asked: the contract's vendor, or its agent for the RM-SDS of what the agent maintains.
        addressee_id            uuid NOT NULL REFERENCES organizations (id),
        requested_by_org        uuid NOT NULL REFERENCES organizations (id),
        requested_by            uuid,
        kind                    text NOT NULL CONSTRAINT document_requests_kind_check CHECK (kind IN ('MDS', 'SDS', 'RM-SDS', 'checklist')),
        product_id              uuid REFERENCES products (id),
        fiscal_year             integer,
        message                 text CONSTRAINT document_requests_message_check CHECK (length(message) <= 4000),
        due_on                  date,
        status                  text NOT NULL CONSTRAINT document_requests_status_check CHECK (status IN ('open', 'fulfilled', 'declined')),
        fulfilled_disclosure_id uuid REFERENCES disclosures (id),
        fulfilled_checklist_id  uuid REFERENCES vendor_checklists (id),
        fulfilled_automatically boolean NOT NULL DEFAULT false,
        decline_reason          text,
        decided_at              timestamptz(3),
        decided_by              uuid,
        created_at              timestamptz(3) NOT NULL DEFAULT now(),
        updated_at              timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT document_requests_checklist_year CHECK (kind <> 'checklist' OR fiscal_year IS NOT NULL)
      );
      CREATE INDEX document_requests_addressee_idx ON document_requests (addressee_id, status, created_at, id);
      CREATE INDEX document_requests_customer_idx ON document_requests (customer_id, status, created_at, id);
      CREATE INDEX document_requests_contract_idx ON document_requests (contract_id) WHERE status = 'open';

      CREATE TABLE risk_threads (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id     uuid NOT NULL REFERENCES organizations (id),
        -- The party that answers: the document's author (the vendor, or the agent of an RM-SDS).
        vendor_id       uuid NOT NULL REFERENCES organizations (id),
        opened_by_org   uuid NOT NULL REFERENCES organizations (id),
        opened_by       uuid,
        document_type   text NOT NULL CONSTRAINT risk_threads_document_type_check CHECK (document_type IN ('disclosure', 'checklist')),
        disclosure_id   uuid REFERENCES disclosures (id),
        checklist_id    uuid REFERENCES vendor_checklists (id),
        item_id         text NOT NULL,
        -- The item's text, answer and remarks when the thread was opened: kept even if the document is superseded.
        snapshot        jsonb NOT NULL,
        status          text NOT NULL CONSTRAINT risk_threads_status_check CHECK (status IN ('waiting_vendor', 'waiting_pharmacy', 'resolved')),
        due_on          date,
        outcome         text CONSTRAINT risk_threads_outcome_check CHECK (outcome IN ('risk_accepted', 'mitigated', 'fix_planned', 'not_applicable')),
        outcome_note    text,
        fix_due_on      date,
        resolved_by     uuid,
        resolved_by_org uuid REFERENCES organizations (id),
        resolved_at     timestamptz(3),
        created_at      timestamptz(3) NOT NULL DEFAULT now(),
        updated_at      timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT risk_threads_document_check CHECK ((document_type = 'disclosure') = (disclosure_id IS NOT NULL) AND (document_type = 'checklist') = (checklist_id IS NOT NULL)),
        CONSTRAINT risk_threads_resolution_check CHECK ((status = 'resolved') = (outcome IS NOT NULL))
      );
      CREATE INDEX risk_threads_customer_idx ON risk_threads (customer_id, status, created_at, id);
      CREATE INDEX risk_threads_vendor_idx ON risk_threads (vendor_id, status, created_at, id);
      CREATE INDEX risk_threads_item_idx ON risk_threads (customer_id, document_type, coalesce(disclosure_id, checklist_id), item_id);

      CREATE TABLE risk_thread_messages (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id    uuid NOT NULL REFERENCES risk_threads (id),
        author_org   uuid NOT NULL REFERENCES organizations (id),
        author_type  text NOT NULL CONSTRAINT risk_thread_messages_author_type_check CHECK (author_type IN ('user', 'client')),
        author_id    uuid NOT NULL,
        author_label text NOT NULL,
        body         text NOT NULL CONSTRAINT risk_thread_messages_body_check CHECK (length(body) BETWEEN 1 AND 10000),
        edited_at    timestamptz(3),
        created_at   timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX risk_thread_messages_thread_idx ON risk_thread_messages (thread_id, created_at, id);

      -- Every change to a thread (status, resolution, due date, message edits with the previous text).
      CREATE TABLE risk_thread_history (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        thread_id   uuid NOT NULL REFERENCES risk_threads (id),
        kind        text NOT NULL,
        actor_org   uuid,
        actor_id    uuid,
        actor_label text,
        details     jsonb NOT NULL DEFAULT '{}',
        created_at  timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX risk_thread_history_thread_idx ON risk_thread_history (thread_id, id);

      -- "Nothing is deleted": threads, messages and their history refuse DELETE.
      CREATE FUNCTION refuse_delete() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END
      $$;
      CREATE TRIGGER risk_threads_keep BEFORE DELETE ON risk_threads FOR EACH ROW EXECUTE FUNCTION refuse_delete();
      CREATE TRIGGER risk_thread_messages_keep BEFORE DELETE ON risk_thread_messages FOR EACH ROW EXECUTE FUNCTION refuse_delete();
      CREATE TRIGGER risk_thread_history_keep BEFORE UPDATE OR DELETE ON risk_thread_history FOR EACH ROW EXECUTE FUNCTION refuse_delete();

      -- A pharmacy has looked at an いいえ/対象外 answer (it leaves the review queue).
      CREATE TABLE answer_reviews (
        customer_id   uuid NOT NULL REFERENCES organizations (id),
        document_type text NOT NULL CONSTRAINT answer_reviews_document_type_check CHECK (document_type IN ('disclosure', 'checklist')),
        document_id   uuid NOT NULL,
        item_id       text NOT NULL,
        reviewed_by   uuid,
        note          text,
        reviewed_at   timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (customer_id, document_type, document_id, item_id)
      );
    `);

    await db.query(`
      CREATE TABLE remote_maintenance_disclosures (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contract_id          uuid NOT NULL REFERENCES contracts (id),
        product_id           uuid NOT NULL REFERENCES products (id),
        author_id            uuid NOT NULL REFERENCES organizations (id),
        revision             integer NOT NULL,
        is_current           boolean NOT NULL DEFAULT true,
        in_use               boolean NOT NULL,
        devices              text,
        connection_method    text CONSTRAINT rm_connection_method_check
                               CHECK (connection_method IN ('internet_vpn', 'closed_network', 'remote_desktop_internet', 'cloud_relay', 'other')),
        connection_note      text,
        gateway_maker        text,
        gateway_model        text,
        gateway_firmware     text,
        gateway_patched_on   date,
        two_factor           boolean,
        source_restricted    boolean,
        session_logging      boolean,
        availability         text CONSTRAINT rm_availability_check CHECK (availability IN ('always_on', 'on_demand')),
        unique_credentials   boolean,
        rm_sds_disclosure_id uuid REFERENCES disclosures (id),
        notes                text,
        confirmed_at         timestamptz(3),
        confirmed_by         uuid,
        confirmed_by_org     uuid REFERENCES organizations (id),
        created_by           uuid,
        created_at           timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT rm_revision_key UNIQUE (contract_id, product_id, revision)
      );
      CREATE UNIQUE INDEX rm_one_current_key ON remote_maintenance_disclosures (contract_id, product_id) WHERE is_current;

      CREATE TABLE facility_checklists (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        facility_id uuid NOT NULL REFERENCES organizations (id),
        fiscal_year integer NOT NULL,
        form_id     text NOT NULL REFERENCES forms (id),
        updated_by  uuid,
        created_at  timestamptz(3) NOT NULL DEFAULT now(),
        updated_at  timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT facility_checklists_year_key UNIQUE (facility_id, fiscal_year)
      );
      CREATE TABLE facility_checklist_answers (
        checklist_id uuid NOT NULL REFERENCES facility_checklists (id),
        item_id      text NOT NULL,
        ordinal      integer NOT NULL,
        answer       text NOT NULL,
        confirmed_on date,
        target_on    date,
        remarks      text,
        PRIMARY KEY (checklist_id, item_id)
      );
    `);

    await db.query(`
      -- Something happened that organizations hear about: in-portal notifications and webhooks.
      CREATE TABLE domain_events (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type        text NOT NULL,
        recipients  uuid[] NOT NULL,
        subject_type text,
        subject_id  uuid,
        payload     jsonb NOT NULL,
        created_at  timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX domain_events_recipients_idx ON domain_events USING gin (recipients);

      CREATE TABLE notifications (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id         uuid NOT NULL REFERENCES users (id),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        event_id        uuid NOT NULL REFERENCES domain_events (id),
        type            text NOT NULL,
        title           text NOT NULL,
        body            text,
        link            text,
        read_at         timestamptz(3),
        created_at      timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC);
      CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

      CREATE TABLE webhook_subscriptions (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        url             text NOT NULL CONSTRAINT webhook_subscriptions_url_check CHECK (length(url) <= 2000),
        events          text[] NOT NULL,
        -- The HMAC signing secret, sealed with the application's key (it must be readable to sign).
        secret_sealed   text NOT NULL,
        description     text,
        active          boolean NOT NULL DEFAULT true,
        created_by      uuid,
        created_at      timestamptz(3) NOT NULL DEFAULT now(),
        updated_at      timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX webhook_subscriptions_org_idx ON webhook_subscriptions (organization_id) WHERE active;

      CREATE TABLE webhook_deliveries (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id),
        event_id        uuid NOT NULL REFERENCES domain_events (id),
        attempt         integer NOT NULL,
        status          text NOT NULL CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('succeeded', 'failed')),
        response_status integer,
        error           text,
        duration_ms     integer,
        created_at      timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, created_at DESC, id DESC);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE webhook_deliveries, webhook_subscriptions, notifications, domain_events, facility_checklist_answers, facility_checklists,
                 remote_maintenance_disclosures, answer_reviews, risk_thread_history, risk_thread_messages, risk_threads, document_requests;
      DROP FUNCTION refuse_delete;
    `);
  }
}
