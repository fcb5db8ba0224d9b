import type { Test } from 'supertest';
import { countRows } from './assertions';
import { answers, FY } from './checklist-setup';
import { bearer, Factory, TestUser } from './factories';
import { Contract, Product, Publishing, Tenant } from './publishing';
import type { TestApp } from './test-app';

export interface RequestWorld {
  vendor: Tenant;
  products: Product[];
  pharmacy: Tenant;
  contract: Contract;
}

/** Document requests over HTTP, and the worlds they are made in (vendor, products, pharmacy, active contract). */
export class RequestSetup {
  readonly p: Publishing;

  constructor(
    private readonly t: TestApp,
    readonly f: Factory,
  ) {
    this.p = new Publishing(t, f);
  }

  create(token: string, body: Record<string, unknown>): Test {
    return this.t.http.post('/v1/document-requests').set(bearer(token)).send(body);
  }

  list(token: string, query = ''): Test {
    return this.t.http.get(`/v1/document-requests${query}`).set(bearer(token));
  }

  get(token: string, id: string): Test {
    return this.t.http.get(`/v1/document-requests/${id}`).set(bearer(token));
  }

  fulfil(token: string, id: string, body: Record<string, unknown>): Test {
    return this.t.http.post(`/v1/document-requests/${id}/fulfil`).set(bearer(token)).send(body);
  }

  decline(token: string, id: string, body: Record<string, unknown>): Test {
    return this.t.http.post(`/v1/document-requests/${id}/decline`).set(bearer(token)).send(body);
  }

  /** Creates a request and returns its body (throws unless 201). */
  async open(token: string, body: Record<string, unknown>): Promise<Record<string, unknown> & { id: string }> {
    const response = await this.create(token, body);
    if (response.status !== 201) throw new Error(`creating request failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Record<string, unknown> & { id: string };
  }

  /** A vendor with `products` products (versions 6.0 and 7.0) and a pharmacy under an active contract covering them all. */
  async world(options: { products?: number; kind?: string; agentId?: string; pharmacy?: Tenant; vendor?: Tenant } = {}): Promise<RequestWorld> {
    const vendor = options.vendor ?? (await this.p.vendor());
    const products: Product[] = [];
    for (let i = 0; i < (options.products ?? 1); i++) products.push(await this.p.product(vendor.admin, { versions: ['6.0', '7.0'] }));
    const pharmacy = options.pharmacy ?? (await this.p.pharmacy());
    const contract = await this.p.contract(
      vendor.admin,
      pharmacy,
      products.map((product) => product.id),
      { kind: options.kind, agentId: options.agentId },
    );
    return { vendor, products, pharmacy, contract };
  }

  /** The vendor saves and submits the 令和7年度 checklist of the contract; returns the checklist id. */
  async submitChecklist(vendor: TestUser | string, contractId: string, fiscalYear = FY): Promise<string> {
    const token = typeof vendor === 'string' ? vendor : vendor.token;
    const path = `/v1/contracts/${contractId}/checklists/${fiscalYear}`;
    const saved = await this.t.http.put(path).set(bearer(token)).send({ managerName: '管理 太郎', answers: answers() });
    if (saved.status !== 200) throw new Error(`saving checklist failed: ${saved.status} ${JSON.stringify(saved.body)}`);
    const submitted = await this.t.http.post(`${path}/submit`).set(bearer(token)).send({});
    if (submitted.status !== 200) throw new Error(`submitting checklist failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    return submitted.body.id as string;
  }

  /** Notifications of this type about this request that the user received. */
  notified(userId: string, type: string, requestId: string): Promise<number> {
    return countRows(this.t.db, 'notifications n JOIN domain_events e ON e.id = n.event_id WHERE n.user_id = $1 AND n.type = $2 AND e.subject_id = $3', [userId, type, requestId]);
  }

  /** Domain events of this type about this request. */
  events(type: string, requestId: string): Promise<number> {
    return countRows(this.t.db, 'domain_events WHERE type = $1 AND subject_id = $2', [type, requestId]);
  }

  /** Rows and events written for these contracts' requests: a "nothing was written" fingerprint. */
  async written(contractIds: string[]): Promise<{ requests: number; events: number; audits: number }> {
    return {
      requests: await countRows(this.t.db, 'document_requests WHERE contract_id = ANY($1::uuid[])', [contractIds]),
      events: await countRows(this.t.db, "domain_events WHERE type LIKE 'document_request.%' AND payload->>'contractId' = ANY($1::text[])", [contractIds]),
      audits: await countRows(this.t.db, "audit_events WHERE action LIKE 'document_request.%' AND details->>'contractId' = ANY($1::text[])", [contractIds]),
    };
  }

  /** State of one request straight from the table. */
  async row(id: string): Promise<RequestRow> {
    const [row]: RequestRow[] = await this.t.db.query(
      'SELECT status, fulfilled_disclosure_id, fulfilled_checklist_id, fulfilled_automatically, decline_reason FROM document_requests WHERE id = $1',
      [id],
    );
    return row;
  }
}

export interface RequestRow {
  status: string;
  fulfilled_disclosure_id: string | null;
  fulfilled_checklist_id: string | null;
  fulfilled_automatically: boolean;
  decline_reason: string | null;
}
