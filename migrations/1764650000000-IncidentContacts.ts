import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17, point 3: the 連絡体制図 (checklist item 3-①). A vendor (or agent) publishes its incident
 * 連絡窓口 once, may override it for one contract, and a pharmacy keeps its own contacts (管理薬剤師,
 * 開設者, IT担当 …) as ordered free rows. Lengths are bounded here as well as in the API.
 */
export class IncidentContacts1764650000000 implements MigrationInterface {
  name = 'IncidentContacts1764650000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE incident_contacts (
        organization_id     uuid PRIMARY KEY CONSTRAINT incident_contacts_organization_fk REFERENCES organizations(id) ON DELETE CASCADE,
        contact_name        text NOT NULL CONSTRAINT incident_contacts_name_length CHECK (char_length(contact_name) BETWEEN 1 AND 200),
        phone               text NOT NULL CONSTRAINT incident_contacts_phone_length CHECK (char_length(phone) BETWEEN 1 AND 40),
        email               text CONSTRAINT incident_contacts_email_length CHECK (char_length(email) <= 254),
        hours               text CONSTRAINT incident_contacts_hours_length CHECK (char_length(hours) <= 200),
        out_of_hours_phone  text CONSTRAINT incident_contacts_ooh_length CHECK (char_length(out_of_hours_phone) <= 40),
        notes               text CONSTRAINT incident_contacts_notes_length CHECK (char_length(notes) <= 1000),
        updated_at          timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE contract_incident_contacts (
        contract_id         uuid NOT NULL CONSTRAINT contract_incident_contacts_contract_fk REFERENCES contracts(id) ON DELETE CASCADE,
        organization_id     uuid NOT NULL CONSTRAINT contract_incident_contacts_organization_fk REFERENCES organizations(id) ON DELETE CASCADE,
        contact_name        text NOT NULL CONSTRAINT contract_incident_contacts_name_length CHECK (char_length(contact_name) BETWEEN 1 AND 200),
        phone               text NOT NULL CONSTRAINT contract_incident_contacts_phone_length CHECK (char_length(phone) BETWEEN 1 AND 40),
        email               text CONSTRAINT contract_incident_contacts_email_length CHECK (char_length(email) <= 254),
        hours               text CONSTRAINT contract_incident_contacts_hours_length CHECK (char_length(hours) <= 200),
        out_of_hours_phone  text CONSTRAINT contract_incident_contacts_ooh_length CHECK (char_length(out_of_hours_phone) <= 40),
        notes               text CONSTRAINT contract_incident_contacts_notes_length CHECK (char_length(notes) <= 1000),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT contract_incident_contacts_pk PRIMARY KEY (contract_id, organization_id)
      );

      CREATE TABLE pharmacy_contacts (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id     uuid NOT NULL CONSTRAINT pharmacy_contacts_organization_fk REFERENCES organizations(id) ON DELETE CASCADE,
        position            integer NOT NULL CONSTRAINT pharmacy_contacts_position_range CHECK (position BETWEEN 0 AND 29),
        role                text NOT NULL CONSTRAINT pharmacy_contacts_role_length CHECK (char_length(role) BETWEEN 1 AND 100),
        name                text NOT NULL CONSTRAINT pharmacy_contacts_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
        phone               text CONSTRAINT pharmacy_contacts_phone_length CHECK (char_length(phone) <= 40),
        email               text CONSTRAINT pharmacy_contacts_email_length CHECK (char_length(email) <= 254),
        notes               text CONSTRAINT pharmacy_contacts_notes_length CHECK (char_length(notes) <= 500),
        CONSTRAINT pharmacy_contacts_position_unique UNIQUE (organization_id, position)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE pharmacy_contacts; DROP TABLE contract_incident_contacts; DROP TABLE incident_contacts;');
  }
}
