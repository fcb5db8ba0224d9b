import type { Response } from 'supertest';
import { Answer, answers, FY } from './checklist-setup';
import { bearer, Factory, TestUser } from './factories';
import { PharmacySetup, PharmacyWorld } from './pharmacy-setup';
import type { Tenant } from './publishing';
import type { TestApp } from './test-app';

export interface Change {
  itemId: string;
  kind: string;
  field: string;
  before: string | null;
  after: string | null;
  significant: boolean;
  reason: string | null;
  itemText: string | null;
  fieldLabel: string;
}

export interface Changes {
  documentType: string;
  firstRevision: boolean;
  from: { id: string; revision: number; date: string | null } | null;
  to: { id: string; revision: number; status: string; date: string | null };
  formChanged: boolean;
  significantCount: number;
  changes: Change[];
}

export interface Notification {
  type: string;
  title: string;
  body: string | null;
  link: string | null;
  subject: { type: string; id: string } | null;
}

/** A chain's store under contract with a vendor, and the calls the revision-changes tests make. */
export class RevisionChangesSetup {
  readonly s: PharmacySetup;

  constructor(
    readonly t: TestApp,
    readonly f: Factory,
  ) {
    this.s = new PharmacySetup(t, f);
  }

  async world(): Promise<PharmacyWorld & { chain: Tenant }> {
    const chain = await this.f.tenant('chain');
    return { ...(await this.s.world({ chainId: chain.org.id })), chain };
  }

  /** Saves the answers as the draft and submits it (the single path). */
  async submit(vendor: TestUser, contractId: string, overrides: Record<string, Partial<Answer>> = {}): Promise<void> {
    const saved = await this.t.http.put(`/v1/contracts/${contractId}/checklists/${FY}`).set(bearer(vendor.token)).send({ answers: answers(overrides) });
    if (saved.status !== 200) throw new Error(`saving failed: ${saved.status} ${JSON.stringify(saved.body)}`);
    const submitted = await this.t.http.post(`/v1/contracts/${contractId}/checklists/${FY}/submit`).set(bearer(vendor.token));
    if (submitted.status !== 200) throw new Error(`submitting failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  }

  /** Submits through the bulk path, as a vendor system would. */
  async submitBatch(clientToken: string, contractId: string, overrides: Record<string, Partial<Answer>> = {}): Promise<void> {
    const response = await this.t.http.post('/v1/checklists/batch').set(bearer(clientToken)).send({ fiscalYear: FY, entries: [{ contractId, answers: answers(overrides) }] });
    if (response.status !== 200 || response.body.created !== 1) throw new Error(`batch failed: ${response.status} ${JSON.stringify(response.body)}`);
  }

  checklistChanges(token: string, contractId: string, query = '', fiscalYear: number | string = FY): Promise<Response> {
    return this.t.http.get(`/v1/contracts/${contractId}/checklists/${fiscalYear}/changes${query}`).set(bearer(token));
  }

  disclosureChanges(token: string, id: string): Promise<Response> {
    return this.t.http.get(`/v1/disclosures/${id}/changes`).set(bearer(token));
  }

  async notifications(user: TestUser, type: string): Promise<Notification[]> {
    const response = await this.t.http.get('/v1/notifications?limit=100').set(bearer(user.token));
    if (response.status !== 200) throw new Error(`notifications failed: ${response.status}`);
    return (response.body.items as Notification[]).filter((n) => n.type === type);
  }

  /** The domain events of a type about a subject, as stored. */
  async events(type: string, subjectId: string): Promise<{ recipients: string[]; payload: Record<string, unknown> }[]> {
    return this.t.db.query('SELECT recipients, payload FROM domain_events WHERE type = $1 AND subject_id = $2', [type, subjectId]);
  }
}

/** The changes as [itemId, field, before, after, significant]: what a reader compares. */
export function summary(body: Changes): [string, string, string | null, string | null, boolean][] {
  return body.changes.map((c) => [c.itemId, c.field, c.before, c.after, c.significant]);
}
