import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: a vendor invites a pharmacy that is not on Kaiji (with a contract proposal), or a chain
 * invites a store (src/pending-pharmacies). A 保険薬局コード is public, so the requester's word that
 * an address belongs to the pharmacy is not enough: the pharmacy's organization is created without
 * its code (nothing finds it by code, GET /v1/pharmacies/lookup and POST /v1/contracts answer as for
 * an unknown code) and its admin's invitation is created unsent. The operator checks the address;
 * approving gives the organization its code (and its chain) and sends the invitation, rejecting
 * revokes the invitation and declines the waiting proposals.
 *
 * One pending request per code (a partial unique index): a second requester gets 409.
 */
export class PendingPharmacies1764490000000 implements MigrationInterface {
  name = 'PendingPharmacies1764490000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE pending_pharmacies (
        id                           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id              uuid NOT NULL CONSTRAINT pending_pharmacies_organization_key UNIQUE
                                       CONSTRAINT pending_pharmacies_organization_fk REFERENCES organizations (id),
        pharmacy_code                char(10) NOT NULL CONSTRAINT pending_pharmacies_pharmacy_code_check CHECK (pharmacy_code ~ '^[0-9]{10}$'),
        invitation_id                uuid NOT NULL CONSTRAINT pending_pharmacies_invitation_fk REFERENCES invitations (id),
        requested_by_organization_id uuid NOT NULL CONSTRAINT pending_pharmacies_requester_fk REFERENCES organizations (id),
        requested_by_user            uuid CONSTRAINT pending_pharmacies_requested_by_user_fk REFERENCES users (id),
        chain_id                     uuid CONSTRAINT pending_pharmacies_chain_fk REFERENCES organizations (id),
        status                       text NOT NULL DEFAULT 'pending' CONSTRAINT pending_pharmacies_status_check CHECK (status IN ('pending', 'approved', 'rejected')),
        reason                       text CONSTRAINT pending_pharmacies_reason_check CHECK (length(reason) BETWEEN 1 AND 500),
        decided_at                   timestamptz(3),
        decided_by                   uuid CONSTRAINT pending_pharmacies_decided_by_fk REFERENCES users (id),
        created_at                   timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT pending_pharmacies_decided_check CHECK ((status = 'pending') = (decided_at IS NULL))
      );
      CREATE UNIQUE INDEX pending_pharmacies_open_code_key ON pending_pharmacies (pharmacy_code) WHERE status = 'pending';
      CREATE INDEX pending_pharmacies_status_idx ON pending_pharmacies (status, created_at, id);
      CREATE INDEX pending_pharmacies_requester_idx ON pending_pharmacies (requested_by_organization_id, created_at, id);
      COMMENT ON TABLE pending_pharmacies IS 'A pharmacy invited by a vendor or chain, waiting for the operator to check its first admin''s address before the invitation is sent (src/pending-pharmacies).';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE pending_pharmacies');
  }
}
