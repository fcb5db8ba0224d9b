import type { Response } from 'supertest';
import { answers, CONFIRMED, FY } from './checklist-setup';
import { bearer, Factory, TestUser } from './factories';
import { Disclosure, fullAnswers, Product, Publishing, Tenant } from './publishing';
import type { TestApp } from './test-app';

/** A JST date `days` from today (YYYY-MM-DD). */
export function jstDate(days = 0): string {
  return new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** Every 事業者確認用 item はい except 2-① (いいえ, 目標日 in the 年度) and 2-⑤ (いいえ). */
export function checklistAnswers(overrides: Parameters<typeof answers>[0] = {}) {
  return answers({ '2-①': { answer: 'いいえ', targetOn: `${FY}-12-31`, remarks: '来期に確認予定' }, '2-⑤': { answer: 'いいえ', targetOn: `${FY}-09-30` }, ...overrides });
}

export interface World {
  vendor: Tenant;
  product: Product;
  pharmacy: Tenant;
  contractId: string;
  disclosure: Disclosure;
}

/** Vendors, pharmacies, published SDS and submitted checklists for the thread and queue tests. */
export class RiskSetup {
  readonly p: Publishing;

  constructor(
    private readonly t: TestApp,
    readonly f: Factory,
  ) {
    this.p = new Publishing(t, f);
  }

  /** A vendor, its product, a pharmacy (optionally a chain's store) under an active contract, and a published SDS. */
  async world(pharmacyExtra: Record<string, unknown> = {}): Promise<World> {
    const vendor = await this.p.vendor();
    const product = await this.p.product(vendor.admin);
    const pharmacy = await this.p.pharmacy(pharmacyExtra);
    const contract = await this.p.contract(vendor.admin, pharmacy, [product.id]);
    const disclosure = await this.p.published(vendor.admin, product.id);
    return { vendor, product, pharmacy, contractId: contract.id, disclosure };
  }

  /** Another pharmacy under contract with the same vendor and product. */
  async otherCustomer(world: World, extra: Record<string, unknown> = {}): Promise<{ pharmacy: Tenant; contractId: string }> {
    const pharmacy = await this.p.pharmacy(extra);
    const contract = await this.p.contract(world.vendor.admin, pharmacy, [world.product.id]);
    return { pharmacy, contractId: contract.id };
  }

  /** A new published revision of the world's SDS with these answer overrides. */
  async republish(world: World, overrides: Record<string, string>): Promise<Disclosure> {
    return this.p.published(world.vendor.admin, world.product.id, { answers: fullAnswers(overrides) });
  }

  /** The vendor saves and submits the 事業者確認用 checklist of the contract; returns the submitted revision. */
  async submitChecklist(vendor: TestUser, contractId: string, list = checklistAnswers()): Promise<{ id: string; revision: number }> {
    const path = `/v1/contracts/${contractId}/checklists/${FY}`;
    expectStatus(await this.t.http.put(path).set(bearer(vendor.token)).send({ managerName: '管理 太郎', answers: list }), 200);
    return expectStatus(await this.t.http.post(`${path}/submit`).set(bearer(vendor.token)).send({}), 200) as { id: string; revision: number };
  }

  async member(orgId: string, role: 'admin' | 'member' | 'viewer' = 'member'): Promise<TestUser> {
    return this.f.user(orgId, role);
  }

  clientToken(admin: TestUser, scopes: string[]): Promise<string> {
    return this.p.clientToken(admin, scopes);
  }

  open(token: string, body: Record<string, unknown>): ReturnType<TestApp['http']['post']> {
    return this.t.http.post('/v1/risk-threads').set(bearer(token)).send(body);
  }

  /** Opens a thread on an SDS item and returns its body. */
  async opened(token: string, documentId: string, itemId = '2', extra: Record<string, unknown> = {}): Promise<Thread> {
    return expectStatus(await this.open(token, { documentType: 'disclosure', documentId, itemId, message: 'この回答の理由を教えてください。', ...extra }), 201) as unknown as Thread;
  }

  get(token: string, id: string) {
    return this.t.http.get(`/v1/risk-threads/${id}`).set(bearer(token));
  }

  post(token: string, id: string, body: string) {
    return this.t.http.post(`/v1/risk-threads/${id}/messages`).set(bearer(token)).send({ body });
  }

  resolve(token: string, id: string, body: Record<string, unknown>) {
    return this.t.http.post(`/v1/risk-threads/${id}/resolve`).set(bearer(token)).send(body);
  }

  reopen(token: string, id: string, body: Record<string, unknown> = {}) {
    return this.t.http.post(`/v1/risk-threads/${id}/reopen`).set(bearer(token)).send(body);
  }

  patch(token: string, id: string, body: Record<string, unknown>) {
    return this.t.http.patch(`/v1/risk-threads/${id}`).set(bearer(token)).send(body);
  }

  editMessage(token: string, id: string, messageId: string, body: string) {
    return this.t.http.patch(`/v1/risk-threads/${id}/messages/${messageId}`).set(bearer(token)).send({ body });
  }

  list(token: string, query = '') {
    return this.t.http.get(`/v1/risk-threads${query}`).set(bearer(token));
  }

  queue(token: string, query = '') {
    return this.t.http.get(`/v1/review-queue${query}`).set(bearer(token));
  }

  review(token: string, body: Record<string, unknown>) {
    return this.t.http.post('/v1/review-queue/reviews').set(bearer(token)).send(body);
  }
}

export interface Message {
  id: string;
  side: 'vendor' | 'pharmacy';
  body: string;
  editedAt: string | null;
  yours: boolean;
  author: { organizationId: string; type: string; label: string };
}

export interface Thread {
  id: string;
  status: string;
  statusLabel: string;
  overdue: boolean;
  dueOn: string | null;
  documentId: string;
  itemId: string;
  customer: { id: string; name: string };
  vendor: { id: string; name: string };
  snapshot: Record<string, unknown>;
  resolution: Record<string, unknown> | null;
  documentSuperseded: boolean;
  documentState: { status: string; superseded: boolean; withdrawn: boolean; latestDocumentId: string | null; latestAnswer: string | null };
  messages: Message[];
  history: { kind: string; details: Record<string, unknown>; actorOrganizationId: string }[];
}

export { CONFIRMED, FY };

export function expectStatus(response: Response, status: number): Record<string, unknown> {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, unknown>;
}
