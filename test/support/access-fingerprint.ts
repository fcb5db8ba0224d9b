import type { DataSource } from 'typeorm';

export interface FingerprintScope {
  /** The world's organizations (not the operator's, which other suites share). */
  organizations: string[];
  /** The world's portal accounts, the operator's included. */
  users: string[];
  /** The world's API clients. */
  clients: string[];
  operatorOrganization: string;
}

const USERS = 'SELECT id FROM users WHERE organization_id = ANY($1) OR id = ANY($2)';
const CONTRACTS = 'SELECT id FROM contracts WHERE vendor_id = ANY($1) OR customer_id = ANY($1) OR agent_id = ANY($1)';
const DISCLOSURES = 'SELECT id FROM disclosures WHERE vendor_id = ANY($1) OR author_id = ANY($1)';
const CHECKLISTS = `SELECT id FROM vendor_checklists WHERE contract_id IN (${CONTRACTS})`;
const THREADS = 'SELECT id FROM risk_threads WHERE customer_id = ANY($1) OR vendor_id = ANY($1)';
const SESSIONS = `SELECT id FROM sessions WHERE user_id IN (${USERS})`;

/**
 * Every table a request could write, narrowed to the world's records (other suites write to the
 * same database at the same time): row count and the sum of the rows' xmin, which changes when a
 * row is inserted, updated or deleted. The audit log counts the world's successful actions, and
 * the operator's by its own account (failed logins are recorded by design and left out).
 */
const PROBES: Record<string, string> = {
  organizations: 'organizations WHERE id = ANY($1) OR chain_id = ANY($1)',
  users: `users WHERE id IN (${USERS})`,
  sessions: `sessions WHERE id IN (${SESSIONS})`,
  refresh_tokens: `refresh_tokens WHERE session_id IN (${SESSIONS})`,
  recovery_codes: `recovery_codes WHERE user_id IN (${USERS})`,
  password_history: `password_history WHERE user_id IN (${USERS})`,
  api_clients: 'api_clients WHERE organization_id = ANY($1)',
  notifications: `notifications WHERE user_id IN (${USERS})`,
  products: 'products WHERE vendor_id = ANY($1)',
  contracts: `contracts WHERE id IN (${CONTRACTS})`,
  contract_products: `contract_products WHERE contract_id IN (${CONTRACTS})`,
  disclosures: `disclosures WHERE id IN (${DISCLOSURES})`,
  disclosure_answers: `disclosure_answers WHERE disclosure_id IN (${DISCLOSURES})`,
  disclosure_audience: `disclosure_audience WHERE disclosure_id IN (${DISCLOSURES})`,
  disclosure_attachments: `disclosure_attachments WHERE disclosure_id IN (${DISCLOSURES})`,
  vendor_checklists: `vendor_checklists WHERE id IN (${CHECKLISTS})`,
  vendor_checklist_answers: `vendor_checklist_answers WHERE checklist_id IN (${CHECKLISTS})`,
  document_requests: 'document_requests WHERE customer_id = ANY($1) OR addressee_id = ANY($1) OR requested_by_org = ANY($1)',
  risk_threads: `risk_threads WHERE id IN (${THREADS})`,
  risk_thread_messages: `risk_thread_messages WHERE thread_id IN (${THREADS})`,
  risk_thread_history: `risk_thread_history WHERE thread_id IN (${THREADS})`,
  remote_maintenance_disclosures: `remote_maintenance_disclosures WHERE contract_id IN (${CONTRACTS})`,
  facility_checklists: 'facility_checklists WHERE facility_id = ANY($1)',
  facility_checklist_answers: 'facility_checklist_answers WHERE checklist_id IN (SELECT id FROM facility_checklists WHERE facility_id = ANY($1))',
  answer_reviews: 'answer_reviews WHERE customer_id = ANY($1)',
  chain_followups: 'chain_followups WHERE chain_id = ANY($1) OR vendor_id = ANY($1)',
  webhook_subscriptions: 'webhook_subscriptions WHERE organization_id = ANY($1)',
  webhook_deliveries: 'webhook_deliveries WHERE subscription_id IN (SELECT id FROM webhook_subscriptions WHERE organization_id = ANY($1))',
  domain_events: 'domain_events WHERE recipients && $1',
  idempotency_keys: 'idempotency_keys WHERE owner_id = ANY($2) OR owner_id = ANY($3)',
  audit_events: `audit_events WHERE outcome = 'success' AND (organization_id = ANY($1) OR (organization_id = $4 AND actor_id = ANY($2)))`,
};

const SQL = `SELECT ${Object.entries(PROBES)
  .map(([name, from]) => `(SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM ${from}) AS "${name}"`)
  .join(',\n       ')}`
  .replace(/\$([123])\b/g, '$$$1::uuid[]')
  .replace(/\$4\b/g, '$$4::uuid');

/** What the world's tables hold, to show that a refused request wrote nothing. */
export class AccessFingerprint {
  constructor(
    private readonly db: DataSource,
    private readonly scope: FingerprintScope,
  ) {}

  async take(): Promise<Record<string, string>> {
    const { organizations, users, clients, operatorOrganization } = this.scope;
    const [row]: Record<string, string>[] = await this.db.query(SQL, [organizations, users, clients, operatorOrganization]);
    return row;
  }
}
