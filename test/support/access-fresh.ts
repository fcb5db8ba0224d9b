import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { FY } from './checklist-setup';
import { bearer } from './factories';
import { OWN_ITEMS } from './inspection-pack-setup';
import { Publishing, Tenant } from './publishing';
import { checklistAnswers } from './risk-setup';
import type { TestApp } from './test-app';
import type { WorldIds } from './access-world';

/** Seeding helpers of the access world, and the records its positive controls use up. */

export const WEBHOOK_URL = 'https://hooks.pharmacy.example/kaiji';

/** Item of the SDS each thread-opening step uses, so that no two open threads meet on one item. */
export const ITEMS = { worldThread: '2', openByPharmacy: '3', openByChain: '1', followupThread: '8', followupCreate: '9', resolve: '4' } as const;
const REOPEN_ITEMS = ['5', '6', '7', '10', '11', '12'];

/**
 * Records for the owners' positive controls on operations that use their record up (accepting a
 * proposal, publishing a draft, resolving a thread…): each allowed call gets its own, made the way
 * the world's were, while the denied calls all aim at the world's record.
 */
export class FreshResources {
  private readonly api: SeedApi;
  private reopenItem = 0;
  private version = 0;

  constructor(
    private readonly t: TestApp,
    private readonly p: Publishing,
    private readonly owners: { vendor: Tenant; pharmacy: Tenant; chain: Tenant },
    private readonly ids: WorldIds,
  ) {
    this.api = new SeedApi(t);
  }

  async proposedContract(): Promise<{ id: string }> {
    const { vendor, pharmacy } = this.owners;
    return { id: (await this.p.contract(vendor.admin, pharmacy, [this.ids.products.main], { agentId: this.ids.agent, accept: false })).id };
  }

  /** An active contract V–P (agent A) of its own, for ending it. */
  async activeContract(): Promise<{ id: string }> {
    const { vendor, pharmacy } = this.owners;
    return { id: (await this.p.contract(vendor.admin, pharmacy, [this.ids.products.main], { agentId: this.ids.agent })).id };
  }

  /** A draft SDS of the main product in a version of its own (publishing it supersedes nothing the matrix reads). */
  async draft(): Promise<{ id: string }> {
    return { id: (await this.p.draft(this.owners.vendor.admin, this.ids.products.main, { productVersion: `matrix-${++this.version}` })).id };
  }

  async published(): Promise<{ id: string }> {
    return { id: (await this.p.publish(this.owners.vendor.admin, (await this.draft()).id)).id };
  }

  /** A draft of the contract's checklist, for a submission. */
  async checklistDraft(): Promise<Record<string, string | number>> {
    const path = `/v1/contracts/${this.ids.contract}/checklists/${FY}`;
    await this.api.ok(this.t.http.put(path).set(bearer(this.owners.vendor.admin.token)).send({ managerName: '管理 次郎', answers: checklistAnswers(checklistOverrides()) }));
    return { id: this.ids.contract, fiscalYear: FY };
  }

  /** An open request to the vendor, of a kind and product nothing else keeps open. */
  async openRequest(kind: 'MDS' | 'SDS'): Promise<{ id: string }> {
    const body = { contractId: this.ids.contract, kind, productId: this.ids.products.mdsOnly };
    return { id: (await this.api.ok(this.t.http.post('/v1/document-requests').set(bearer(this.owners.pharmacy.admin.token)).send(body))).id as string };
  }

  async openThread(itemId: string): Promise<{ id: string }> {
    const response = this.t.http.post('/v1/risk-threads').set(bearer(this.owners.pharmacy.admin.token)).send(threadBody(this.ids.sds, itemId));
    return { id: (await this.api.ok(response)).id as string };
  }

  async resolvedThread(): Promise<{ id: string }> {
    const itemId = REOPEN_ITEMS[this.reopenItem++ % REOPEN_ITEMS.length];
    const { id } = await this.openThread(itemId);
    await this.api.ok(this.t.http.post(`/v1/risk-threads/${id}/resolve`).set(bearer(this.owners.pharmacy.admin.token)).send({ outcome: 'risk_accepted' }));
    return { id };
  }

  /** A chain follow-up asking the vendor for the SDS of the third product, which it has published. */
  async followup(): Promise<{ id: string }> {
    const body = { kind: 'document_request', vendorId: this.ids.vendor, request: { kind: 'SDS', productId: this.ids.products.followup } };
    return { id: (await this.api.ok(this.t.http.post(`/v1/chains/${this.ids.chain}/followups`).set(bearer(this.owners.chain.admin.token)).send(body))).id as string };
  }

  /** A vendor of its own with a name change waiting for the operator. */
  async identityChange(): Promise<{ id: string }> {
    const vendor = await this.p.vendor();
    const patched = await this.api.ok(this.t.http.patch(`/v1/organizations/${vendor.org.id}`).set(bearer(vendor.admin.token)).send({ name: `${vendor.org.name} 改称` }));
    return { id: (patched.identityChange as { id: string }).id };
  }

  async webhook(): Promise<{ id: string }> {
    const body = { url: WEBHOOK_URL, events: ['checklist.submitted'] };
    return { id: (await this.api.ok(this.t.http.post('/v1/webhooks').set(bearer(this.owners.vendor.admin.token)).send(body))).id as string };
  }
}

/** Calls made while seeding, each expected to succeed. */
export class SeedApi {
  constructor(private readonly t: TestApp) {}

  async ok(request: PromiseLike<Response>): Promise<Record<string, unknown>> {
    const response = await request;
    if (response.status < 200 || response.status > 299) throw new Error(`seeding the access world: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Record<string, unknown>;
  }

  async clientToken(client: { clientId: string; clientSecret: string }): Promise<string> {
    const body = { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret };
    return (await this.ok(this.t.http.post('/v1/auth/token').type('form').send(body))).access_token as string;
  }
}

export function threadBody(documentId: string, itemId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { documentType: 'disclosure', documentId, itemId, message: 'この回答の理由を教えてください。', ...extra };
}

/** 2-① and 2-⑤ answered いいえ: two answers for the review queue. */
export function checklistOverrides() {
  return { '2-①': { answer: 'いいえ', targetOn: `${FY}-12-31`, remarks: '来期に確認予定' }, '2-⑤': { answer: 'いいえ', targetOn: `${FY}-09-30` } };
}

export function ownAnswers(confirmedOn = '2025-06-01') {
  return OWN_ITEMS.map((itemId) => ({ itemId, answer: 'はい', confirmedOn }));
}

export const uniqueName = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;
