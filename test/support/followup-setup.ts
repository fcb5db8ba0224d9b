import type { Test } from 'supertest';
import { countRows } from './assertions';
import { bearer, Factory, TestUser } from './factories';
import { Contract, Product, Publishing, Tenant } from './publishing';
import { checklistAnswers, expectStatus, FY } from './risk-setup';
import type { TestApp } from './test-app';

/**
 * A chain of four stores: S1 and S2 under maintenance contracts with vendor V, S3 under a
 * sale-only contract with V, S4 under contract with another vendor W only. Another chain's store
 * (and so V's other customer) sits beside it. V has one product, covered by all its contracts.
 */
export interface ChainWorld {
  chain: Tenant;
  member: TestUser;
  viewer: TestUser;
  vendor: Tenant;
  product: Product;
  otherVendor: Tenant;
  stores: Tenant[];
  /** V's contracts with S1, S2 (maintenance) and S3 (sale only). */
  contracts: Contract[];
  s4Contract: Contract;
  otherChain: Tenant;
  otherStore: Tenant;
  otherStoreContract: Contract;
}

export interface FollowupBody {
  id: string;
  kind: string;
  vendor: { id: string };
  chain: { id: string };
  progress: { total: number; open: number; closed: number; byStatus: Record<string, number> };
  thread: Record<string, unknown> | null;
  items: { type: string; id: string; store: { id: string }; status: string; open: boolean; contractId: string | null; documentId: string | null }[];
  skipped: { store: { id: string; name: string }; reason: string; reasonLabel: string; contractId: string | null; existingId: string | null }[] | null;
  selectedStoreIds: string[] | null;
}

export interface AnswerBody {
  followup: FollowupBody;
  applied: string[];
  notApplied: { id: string; store: { id: string }; code: string }[];
}

/** Chain-wide follow-ups over HTTP, and the chain they are sent for. */
export class FollowupSetup {
  readonly p: Publishing;

  constructor(
    private readonly t: TestApp,
    readonly f: Factory,
  ) {
    this.p = new Publishing(t, f);
  }

  async world(): Promise<ChainWorld> {
    const chain = await this.f.tenant('chain');
    const vendor = await this.p.vendor();
    const product = await this.p.product(vendor.admin);
    const otherVendor = await this.p.vendor();
    const otherProduct = await this.p.product(otherVendor.admin);
    const stores: Tenant[] = [];
    for (let i = 1; i <= 4; i++) stores.push(await this.p.pharmacy({ chainId: chain.org.id, name: `本部テスト薬局 ${i}号店 ${chain.org.id.slice(0, 4)}` }));
    const contracts = [
      await this.p.contract(vendor.admin, stores[0], [product.id]),
      await this.p.contract(vendor.admin, stores[1], [product.id]),
      await this.p.contract(vendor.admin, stores[2], [product.id], { kind: 'sale_only' }),
    ];
    const s4Contract = await this.p.contract(otherVendor.admin, stores[3], [otherProduct.id]);
    const otherChain = await this.f.tenant('chain');
    const otherStore = await this.p.pharmacy({ chainId: otherChain.org.id });
    const otherStoreContract = await this.p.contract(vendor.admin, otherStore, [product.id]);
    return {
      chain,
      member: await this.f.user(chain.org.id, 'member'),
      viewer: await this.f.user(chain.org.id, 'viewer'),
      vendor,
      product,
      otherVendor,
      stores,
      contracts,
      s4Contract,
      otherChain,
      otherStore,
      otherStoreContract,
    };
  }

  create(token: string, chainId: string, body: Record<string, unknown>): Test {
    return this.t.http.post(`/v1/chains/${chainId}/followups`).set(bearer(token)).send(body);
  }

  async created(token: string, chainId: string, body: Record<string, unknown>): Promise<FollowupBody> {
    return expectStatus(await this.create(token, chainId, body), 201) as unknown as FollowupBody;
  }

  list(token: string, chainId: string, query = ''): Test {
    return this.t.http.get(`/v1/chains/${chainId}/followups${query}`).set(bearer(token));
  }

  get(token: string, chainId: string, id: string): Test {
    return this.t.http.get(`/v1/chains/${chainId}/followups/${id}`).set(bearer(token));
  }

  vendorList(token: string, query = ''): Test {
    return this.t.http.get(`/v1/followups${query}`).set(bearer(token));
  }

  vendorGet(token: string, id: string): Test {
    return this.t.http.get(`/v1/followups/${id}`).set(bearer(token));
  }

  fulfil(token: string, id: string, body: Record<string, unknown> = {}): Test {
    return this.t.http.post(`/v1/followups/${id}/fulfil`).set(bearer(token)).send(body);
  }

  decline(token: string, id: string, reason: string): Test {
    return this.t.http.post(`/v1/followups/${id}/decline`).set(bearer(token)).send({ reason });
  }

  message(token: string, id: string, body: string): Test {
    return this.t.http.post(`/v1/followups/${id}/messages`).set(bearer(token)).send({ body });
  }

  /** The document requests a caller sees (GET /v1/document-requests). */
  async requests(token: string, query = ''): Promise<{ id: string; status: string; followupId: string | null; customer: { id: string }; kind: string }[]> {
    return (expectStatus(await this.t.http.get(`/v1/document-requests${query}`).set(bearer(token)), 200) as { items: never[] }).items;
  }

  async threads(token: string, query = ''): Promise<{ id: string; status: string; followupId: string | null; customer: { id: string }; messageCount: number }[]> {
    return (expectStatus(await this.t.http.get(`/v1/risk-threads${query}`).set(bearer(token)), 200) as { items: never[] }).items;
  }

  /** The vendor saves and submits the 事業者確認用 of the contract (2-⑤ いいえ); returns the submitted revision's id. */
  async submitChecklist(vendor: TestUser, contractId: string): Promise<string> {
    const path = `/v1/contracts/${contractId}/checklists/${FY}`;
    expectStatus(await this.t.http.put(path).set(bearer(vendor.token)).send({ managerName: '管理 太郎', answers: checklistAnswers() }), 200);
    return expectStatus(await this.t.http.post(`${path}/submit`).set(bearer(vendor.token)).send({}), 200).id as string;
  }

  /** Everything a follow-up writes for this chain and its stores: a "nothing was written" fingerprint. */
  async written(w: ChainWorld): Promise<Record<string, number>> {
    const storeIds = w.stores.map((s) => s.org.id);
    return {
      followups: await countRows(this.t.db, 'chain_followups WHERE chain_id = $1', [w.chain.org.id]),
      requests: await countRows(this.t.db, 'document_requests WHERE customer_id = ANY($1::uuid[])', [storeIds]),
      threads: await countRows(this.t.db, 'risk_threads WHERE customer_id = ANY($1::uuid[])', [storeIds]),
      events: await countRows(this.t.db, "domain_events WHERE (type LIKE 'document_request.%' OR type LIKE 'risk_thread.%') AND $1::uuid[] && recipients", [[...storeIds, w.vendor.org.id]]),
      audits: await countRows(this.t.db, "audit_events WHERE organization_id = $1 AND outcome = 'success' AND (action LIKE 'chain_followup.%' OR action LIKE 'document_request.%' OR action LIKE 'risk_thread.%')", [w.chain.org.id]),
    };
  }

  /** Domain events of a type about these subjects. */
  events(type: string, subjectIds: string[]): Promise<number> {
    return countRows(this.t.db, 'domain_events WHERE type = $1 AND subject_id = ANY($2::uuid[])', [type, subjectIds]);
  }
}
