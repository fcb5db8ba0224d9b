import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Form catalogs, products, contracts, MDS/SDS disclosures, 事業者確認用 checklists and the
 * idempotency keys of POST requests.
 */
export class VendorPublishing1763800000000 implements MigrationInterface {
  name = 'VendorPublishing1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE forms (
        id            text PRIMARY KEY CONSTRAINT forms_id_check CHECK (id ~ '^[a-z0-9][a-z0-9.-]{1,80}$'),
        kind          text NOT NULL CONSTRAINT forms_kind_check CHECK (kind IN ('vendor_checklist', 'facility_checklist', 'security_disclosure')),
        audience      text NOT NULL CONSTRAINT forms_audience_check CHECK (audience IN ('pharmacy', 'medical', 'any')),
        series        text NOT NULL,
        fiscal_year   integer,
        revision      integer NOT NULL DEFAULT 0,
        definition    jsonb NOT NULL,
        origin        text NOT NULL CONSTRAINT forms_origin_check CHECK (origin IN ('catalog_file', 'api')),
        registered_by uuid REFERENCES users (id),
        created_at    timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX forms_series_idx ON forms (series, fiscal_year DESC NULLS LAST, revision DESC);

      CREATE TABLE products (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        vendor_id   uuid NOT NULL CONSTRAINT products_vendor_fk REFERENCES organizations (id),
        name        text NOT NULL CONSTRAINT products_name_check CHECK (length(name) BETWEEN 1 AND 200),
        category    text NOT NULL CONSTRAINT products_category_check
                      CHECK (category IN ('レセコン', '電子薬歴', '調剤機器', '過誤防止', '電子お薬手帳', 'オンライン資格確認', '会計', 'NSIPS連携', 'other')),
        deployment  text NOT NULL CONSTRAINT products_deployment_check CHECK (deployment IN ('on-premises', 'cloud', 'hybrid')),
        versions    text[] NOT NULL DEFAULT '{}',
        description text,
        created_at  timestamptz(3) NOT NULL DEFAULT now(),
        updated_at  timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT products_vendor_name_key UNIQUE (vendor_id, name)
      );
      CREATE INDEX products_vendor_idx ON products (vendor_id, created_at, id);

      CREATE TABLE contracts (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        vendor_id        uuid NOT NULL CONSTRAINT contracts_vendor_fk REFERENCES organizations (id),
        customer_id      uuid NOT NULL CONSTRAINT contracts_customer_fk REFERENCES organizations (id),
        kind             text NOT NULL CONSTRAINT contracts_kind_check CHECK (kind IN ('sale_only', 'maintenance', 'operation')),
        agent_id         uuid CONSTRAINT contracts_agent_fk REFERENCES organizations (id),
        starts_on        date NOT NULL,
        ends_on          date,
        status           text NOT NULL CONSTRAINT contracts_status_check CHECK (status IN ('proposed', 'active', 'declined')),
        proposed_by      text NOT NULL CONSTRAINT contracts_proposed_by_check CHECK (proposed_by IN ('vendor', 'customer')),
        proposed_by_user uuid REFERENCES users (id),
        decided_at       timestamptz(3),
        decided_by_user  uuid REFERENCES users (id),
        created_at       timestamptz(3) NOT NULL DEFAULT now(),
        updated_at       timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT contracts_dates_check CHECK (ends_on IS NULL OR ends_on >= starts_on),
        CONSTRAINT contracts_agent_not_party CHECK (agent_id IS NULL OR (agent_id <> vendor_id AND agent_id <> customer_id))
      );
      CREATE INDEX contracts_vendor_idx ON contracts (vendor_id, created_at, id);
      CREATE INDEX contracts_customer_idx ON contracts (customer_id, created_at, id);
      CREATE INDEX contracts_agent_idx ON contracts (agent_id) WHERE agent_id IS NOT NULL;

      CREATE TABLE contract_products (
        contract_id uuid NOT NULL REFERENCES contracts (id),
        product_id  uuid NOT NULL REFERENCES products (id),
        PRIMARY KEY (contract_id, product_id)
      );
      CREATE INDEX contract_products_product_idx ON contract_products (product_id);
    `);

    await db.query(`
      CREATE TABLE disclosures (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        vendor_id        uuid NOT NULL REFERENCES organizations (id),
        author_id        uuid NOT NULL REFERENCES organizations (id),
        product_id       uuid NOT NULL REFERENCES products (id),
        product_version  text NOT NULL CONSTRAINT disclosures_version_check CHECK (length(product_version) BETWEEN 1 AND 100),
        kind             text NOT NULL CONSTRAINT disclosures_kind_check CHECK (kind IN ('MDS', 'SDS', 'RM-SDS')),
        form_id          text NOT NULL REFERENCES forms (id),
        revision         integer NOT NULL,
        status           text NOT NULL CONSTRAINT disclosures_status_check CHECK (status IN ('draft', 'published', 'superseded', 'withdrawn')),
        audience         text NOT NULL CONSTRAINT disclosures_audience_check CHECK (audience IN ('all_customers', 'selected_contracts')),
        created_by       uuid,
        published_at     timestamptz(3),
        superseded_at    timestamptz(3),
        superseded_by    uuid REFERENCES disclosures (id),
        withdrawn_at     timestamptz(3),
        withdrawn_reason text,
        created_at       timestamptz(3) NOT NULL DEFAULT now(),
        updated_at       timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT disclosures_revision_key UNIQUE (product_id, product_version, kind, author_id, revision)
      );
      CREATE UNIQUE INDEX disclosures_one_draft_key ON disclosures (product_id, product_version, kind, author_id) WHERE status = 'draft';
      CREATE UNIQUE INDEX disclosures_one_published_key ON disclosures (product_id, product_version, kind, author_id) WHERE status = 'published';
      CREATE INDEX disclosures_vendor_idx ON disclosures (vendor_id, created_at, id);
      CREATE INDEX disclosures_author_idx ON disclosures (author_id, created_at, id);
      CREATE INDEX disclosures_product_published_idx ON disclosures (product_id) WHERE status = 'published';

      CREATE TABLE disclosure_answers (
        disclosure_id uuid NOT NULL REFERENCES disclosures (id),
        item_id       text NOT NULL,
        ordinal       integer NOT NULL,
        answer        text NOT NULL,
        remarks       text,
        -- The item's text as the vendor supplied it, for items a partial form does not list.
        item_text     text,
        section       text,
        PRIMARY KEY (disclosure_id, item_id)
      );
      CREATE INDEX disclosure_answers_risk_idx ON disclosure_answers (disclosure_id) WHERE answer IN ('いいえ', '対象外');

      CREATE TABLE disclosure_audience (
        disclosure_id uuid NOT NULL REFERENCES disclosures (id),
        contract_id   uuid NOT NULL REFERENCES contracts (id),
        PRIMARY KEY (disclosure_id, contract_id)
      );
      CREATE INDEX disclosure_audience_contract_idx ON disclosure_audience (contract_id);

      CREATE TABLE disclosure_attachments (
        disclosure_id uuid PRIMARY KEY REFERENCES disclosures (id),
        filename      text NOT NULL,
        size_bytes    integer NOT NULL CONSTRAINT disclosure_attachments_size_check CHECK (size_bytes BETWEEN 1 AND 10485760),
        sha256        text NOT NULL,
        content       bytea NOT NULL,
        uploaded_by   uuid,
        uploaded_at   timestamptz(3) NOT NULL DEFAULT now()
      );

      -- Published revisions are immutable, whoever writes: their answers cannot change (checked
      -- against both the old and the new parent of a row), and the revision itself only moves on
      -- to superseded or withdrawn.
      CREATE FUNCTION disclosure_answers_only_in_drafts() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM disclosures
                    WHERE id IN (NEW.disclosure_id, OLD.disclosure_id) AND status <> 'draft') THEN
          RAISE EXCEPTION 'answers of a published disclosure cannot change' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN coalesce(NEW, OLD);
      END
      $$;
      CREATE TRIGGER disclosure_answers_only_in_drafts BEFORE INSERT OR UPDATE OR DELETE ON disclosure_answers
        FOR EACH ROW EXECUTE FUNCTION disclosure_answers_only_in_drafts();

      CREATE FUNCTION disclosures_published_are_final() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'a published disclosure cannot be deleted' USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.status <> 'draft' AND (
             (NEW.vendor_id, NEW.author_id, NEW.product_id, NEW.product_version, NEW.kind, NEW.form_id, NEW.revision, NEW.audience, NEW.published_at)
               IS DISTINCT FROM
             (OLD.vendor_id, OLD.author_id, OLD.product_id, OLD.product_version, OLD.kind, OLD.form_id, OLD.revision, OLD.audience, OLD.published_at)
             OR NOT (NEW.status = OLD.status OR (OLD.status = 'published' AND NEW.status IN ('superseded', 'withdrawn')))) THEN
          RAISE EXCEPTION 'a published disclosure only moves on to superseded or withdrawn' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END
      $$;
      CREATE TRIGGER disclosures_published_are_final BEFORE UPDATE OR DELETE ON disclosures
        FOR EACH ROW EXECUTE FUNCTION disclosures_published_are_final();
      CREATE TRIGGER disclosure_audience_only_in_drafts BEFORE INSERT OR UPDATE OR DELETE ON disclosure_audience
        FOR EACH ROW EXECUTE FUNCTION disclosure_answers_only_in_drafts();
    `);

    await db.query(`
      CREATE TABLE vendor_checklists (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contract_id  uuid NOT NULL REFERENCES contracts (id),
        fiscal_year  integer NOT NULL CONSTRAINT vendor_checklists_fiscal_year_check CHECK (fiscal_year BETWEEN 2019 AND 2100),
        revision     integer NOT NULL,
        status       text NOT NULL CONSTRAINT vendor_checklists_status_check CHECK (status IN ('draft', 'submitted')),
        form_id      text NOT NULL REFERENCES forms (id),
        manager_name text,
        -- Digest of the answers and manager, so a resubmission of the same content is "unchanged".
        content_hash text NOT NULL,
        submitted_at timestamptz(3),
        submitted_by uuid,
        created_at   timestamptz(3) NOT NULL DEFAULT now(),
        updated_at   timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT vendor_checklists_revision_key UNIQUE (contract_id, fiscal_year, revision)
      );
      CREATE UNIQUE INDEX vendor_checklists_one_draft_key ON vendor_checklists (contract_id, fiscal_year) WHERE status = 'draft';

      CREATE TABLE vendor_checklist_answers (
        checklist_id uuid NOT NULL REFERENCES vendor_checklists (id),
        item_id      text NOT NULL,
        ordinal      integer NOT NULL,
        answer       text NOT NULL,
        confirmed_on date,
        target_on    date,
        remarks      text,
        PRIMARY KEY (checklist_id, item_id)
      );

      -- Submitted revisions are immutable: no answer of theirs is added, changed or removed, and
      -- the revision row itself never changes again.
      CREATE FUNCTION checklist_answers_only_in_drafts() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM vendor_checklists
                    WHERE id IN (NEW.checklist_id, OLD.checklist_id) AND status <> 'draft') THEN
          RAISE EXCEPTION 'answers of a submitted checklist cannot change' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN coalesce(NEW, OLD);
      END
      $$;
      CREATE TRIGGER checklist_answers_only_in_drafts BEFORE INSERT OR UPDATE OR DELETE ON vendor_checklist_answers
        FOR EACH ROW EXECUTE FUNCTION checklist_answers_only_in_drafts();

      CREATE FUNCTION vendor_checklists_submitted_are_final() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'submitted' THEN
          RAISE EXCEPTION 'a submitted checklist revision cannot change' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN coalesce(NEW, OLD);
      END
      $$;
      CREATE TRIGGER vendor_checklists_submitted_are_final BEFORE UPDATE OR DELETE ON vendor_checklists
        FOR EACH ROW EXECUTE FUNCTION vendor_checklists_submitted_are_final();

      -- A retried POST with the same Idempotency-Key answers the first result and writes nothing twice.
      CREATE TABLE idempotency_keys (
        owner_id        uuid NOT NULL,
        key             text NOT NULL,
        method          text NOT NULL,
        path            text NOT NULL,
        request_hash    text NOT NULL,
        status          text NOT NULL CONSTRAINT idempotency_keys_status_check CHECK (status IN ('processing', 'completed')),
        response_status integer,
        response_body   jsonb,
        locked_until    timestamptz(3),
        created_at      timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (owner_id, key)
      );
      CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE idempotency_keys, vendor_checklist_answers, vendor_checklists, disclosure_attachments, disclosure_audience,
                 disclosure_answers, disclosures, contract_products, contracts, products, forms;
      DROP FUNCTION checklist_answers_only_in_drafts, vendor_checklists_submitted_are_final, disclosure_answers_only_in_drafts, disclosures_published_are_final;
    `);
  }
}
