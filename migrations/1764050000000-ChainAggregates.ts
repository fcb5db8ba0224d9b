import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chain aggregates (src/chain/): indexes for the standing's set-based statements, and a per-chain
 * snapshot of the store × vendor cells and vendor figures, computed by those same statements and
 * invalidated by every write that can change them.
 *
 * Invalidation: statement-level triggers on the tables the standing reads append one row per
 * affected chain (or NULL: every chain) to chain_changes, with the writing transaction's id. A
 * snapshot remembers the MVCC snapshot it was computed in; it is fresh while no change row of its
 * chain comes from a transaction that snapshot did not see (pg_visible_in_snapshot), and only for
 * the day (JST) it was computed on, since 目標日 and due dates pass at midnight. Change rows older
 * than two days are pruned when a snapshot is computed (no snapshot outlives its day).
 */
export class ChainAggregates1764050000000 implements MigrationInterface {
  name = 'ChainAggregates1764050000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- The いいえ answers of a checklist (counts, 目標日 overdue, items), read without the はい rows.
      CREATE INDEX vendor_checklist_answers_no_idx ON vendor_checklist_answers (checklist_id) INCLUDE (item_id, target_on) WHERE answer = 'いいえ';
      -- The latest submitted revision of a contract's checklist for a 年度.
      CREATE INDEX vendor_checklists_submitted_idx ON vendor_checklists (contract_id, fiscal_year, revision DESC) INCLUDE (id, form_id, submitted_at)
        WHERE status = 'submitted';

      CREATE TABLE chain_changes (
        id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        -- NULL: a change that may concern every chain (organizations, forms).
        chain_id uuid,
        xid      xid8 NOT NULL DEFAULT pg_current_xact_id(),
        at       timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX chain_changes_chain_idx ON chain_changes (chain_id, xid);
      CREATE INDEX chain_changes_at_idx ON chain_changes (at);

      -- Each computation writes its cells under a new generation and drops the previous one's.
      CREATE SEQUENCE chain_aggregate_generation;
      -- Caches, recomputed at will: unlogged (after a crash both are empty and are computed again).
      CREATE UNLOGGED TABLE chain_aggregate_snapshots (
        chain_id     uuid NOT NULL REFERENCES organizations (id),
        fiscal_year  integer NOT NULL,
        generation   bigint NOT NULL,
        computed_for date NOT NULL,
        taken        pg_snapshot NOT NULL,
        vendors      jsonb NOT NULL,
        computed_at  timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (chain_id, fiscal_year)
      );

      CREATE UNLOGGED TABLE chain_aggregate_cells (
        generation              bigint NOT NULL,
        customer_id             uuid NOT NULL,
        vendor_id               uuid NOT NULL,
        vendor_name             text NOT NULL,
        contracts               integer NOT NULL,
        kinds                   text[] NOT NULL,
        checklists_received     integer NOT NULL,
        checklists_outdated     integer NOT NULL,
        checklists_missing      integer NOT NULL,
        checklists_not_required integer NOT NULL,
        contracts_overdue       integer NOT NULL,
        no_count                integer NOT NULL,
        overdue_targets         integer NOT NULL,
        open_requests           integer NOT NULL,
        overdue_requests        integer NOT NULL,
        open_threads            integer NOT NULL,
        products_required       integer NOT NULL,
        sds_received            integer NOT NULL,
        rm_disclosed            integer NOT NULL,
        rm_confirmed            integer NOT NULL,
        rm_sds_required         integer NOT NULL,
        rm_sds_received         integer NOT NULL,
        status                  text NOT NULL,
        PRIMARY KEY (generation, customer_id, vendor_id)
      );

      CREATE FUNCTION chain_aggregates_changed() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        customers uuid[] := '{}';
        contract_ids uuid[] := '{}';
        products uuid[] := '{}';
      BEGIN
        IF TG_TABLE_NAME IN ('organizations', 'forms') THEN
          INSERT INTO chain_changes (chain_id) VALUES (NULL);
          RETURN NULL;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          CASE TG_TABLE_NAME
            WHEN 'contracts' THEN SELECT coalesce(array_agg(customer_id), '{}') INTO customers FROM new_rows;
            WHEN 'document_requests', 'risk_threads' THEN SELECT coalesce(array_agg(customer_id), '{}') INTO customers FROM new_rows;
            WHEN 'contract_products', 'remote_maintenance_disclosures' THEN SELECT coalesce(array_agg(contract_id), '{}') INTO contract_ids FROM new_rows;
            -- Drafts are nobody's but their author's: only submitted checklists and published (or later) disclosures count.
            WHEN 'vendor_checklists' THEN SELECT coalesce(array_agg(contract_id), '{}') INTO contract_ids FROM new_rows WHERE status <> 'draft';
            WHEN 'disclosures' THEN SELECT coalesce(array_agg(DISTINCT product_id), '{}') INTO products FROM new_rows WHERE status <> 'draft';
          END CASE;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          CASE TG_TABLE_NAME
            WHEN 'contracts' THEN SELECT customers || coalesce(array_agg(customer_id), '{}') INTO customers FROM old_rows;
            WHEN 'document_requests', 'risk_threads' THEN SELECT customers || coalesce(array_agg(customer_id), '{}') INTO customers FROM old_rows;
            WHEN 'contract_products', 'remote_maintenance_disclosures' THEN SELECT contract_ids || coalesce(array_agg(contract_id), '{}') INTO contract_ids FROM old_rows;
            WHEN 'vendor_checklists' THEN SELECT contract_ids || coalesce(array_agg(contract_id), '{}') INTO contract_ids FROM old_rows WHERE status <> 'draft';
            WHEN 'disclosures' THEN SELECT products || coalesce(array_agg(DISTINCT product_id), '{}') INTO products FROM old_rows WHERE status <> 'draft';
          END CASE;
        END IF;
        IF cardinality(customers) + cardinality(contract_ids) + cardinality(products) = 0 THEN
          RETURN NULL;
        END IF;
        INSERT INTO chain_changes (chain_id)
        SELECT DISTINCT o.chain_id FROM organizations o
         WHERE o.chain_id IS NOT NULL
           AND (o.id = ANY (customers)
                OR o.id IN (SELECT c.customer_id FROM contracts c WHERE c.id = ANY (contract_ids))
                OR o.id IN (SELECT c.customer_id FROM contract_products cp JOIN contracts c ON c.id = cp.contract_id WHERE cp.product_id = ANY (products)));
        -- Now and then, forget changes no snapshot can still depend on (a snapshot lives for its day).
        IF random() < 0.001 THEN
          DELETE FROM chain_changes WHERE at < now() - interval '2 days';
        END IF;
        RETURN NULL;
      END
      $$;
    `);
    const tables = ['contracts', 'contract_products', 'vendor_checklists', 'remote_maintenance_disclosures', 'document_requests', 'risk_threads', 'disclosures'];
    for (const table of tables) {
      await db.query(`
        CREATE TRIGGER ${table}_chain_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chain_aggregates_changed();
        CREATE TRIGGER ${table}_chain_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chain_aggregates_changed();
        CREATE TRIGGER ${table}_chain_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chain_aggregates_changed();
      `);
    }
    // A store joining or leaving a chain, a renamed vendor, a new form version: every chain. (A new
    // organization has no contracts yet; stores are listed from organizations as they are.)
    await db.query(`
      CREATE TRIGGER organizations_chain_change AFTER UPDATE OR DELETE ON organizations FOR EACH STATEMENT EXECUTE FUNCTION chain_aggregates_changed();
      CREATE TRIGGER forms_chain_change AFTER INSERT OR UPDATE OR DELETE ON forms FOR EACH STATEMENT EXECUTE FUNCTION chain_aggregates_changed();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['contracts', 'contract_products', 'vendor_checklists', 'remote_maintenance_disclosures', 'document_requests', 'risk_threads', 'disclosures']) {
      await db.query(`DROP TRIGGER ${table}_chain_insert ON ${table}; DROP TRIGGER ${table}_chain_update ON ${table}; DROP TRIGGER ${table}_chain_delete ON ${table};`);
    }
    await db.query(`
      DROP TRIGGER organizations_chain_change ON organizations;
      DROP TRIGGER forms_chain_change ON forms;
      DROP FUNCTION chain_aggregates_changed;
      DROP TABLE chain_aggregate_cells, chain_aggregate_snapshots, chain_changes;
      DROP SEQUENCE chain_aggregate_generation;
      DROP INDEX vendor_checklists_submitted_idx, vendor_checklist_answers_no_idx;
    `);
  }
}
