import type { Response } from 'supertest';
import { answers, FY } from './checklist-setup';
import { bearer, Factory, TestUser } from './factories';
import { Contract, Product, Publishing, Tenant } from './publishing';
import type { TestApp } from './test-app';

/** A JST date `days` from today (YYYY-MM-DD). */
export function daysFromToday(days: number): string {
  return new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** A complete, safe disclosure of remote maintenance in use (internet VPN, patched last month). */
export function rmBody(productId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    productId,
    inUse: true,
    devices: 'レセコンサーバ、調剤支援PC',
    connectionMethod: 'internet_vpn',
    gateway: { maker: 'Fortinet', model: 'FortiGate 40F', firmwareVersion: '7.2.8', lastPatchedOn: daysFromToday(-30) },
    twoFactor: true,
    sourceRestricted: true,
    sessionLogging: true,
    availability: 'on_demand',
    uniqueCredentials: true,
    ...overrides,
  };
}

export interface PharmacyWorld {
  vendor: Tenant;
  product: Product;
  pharmacy: Tenant;
  contract: Contract;
}

/**
 * Pharmacy-side scenarios through the public API: vendors with products and contracts, remote
 * maintenance disclosed and confirmed, MDS/SDS published, 事業者確認用 checklists submitted.
 */
export class PharmacySetup {
  readonly p: Publishing;

  constructor(
    readonly t: TestApp,
    readonly f: Factory,
  ) {
    this.p = new Publishing(t, f);
  }

  /** A vendor, its product, a pharmacy and an active contract (maintenance unless said otherwise). */
  async world(options: { kind?: string; agentId?: string; pharmacy?: Tenant; chainId?: string } = {}): Promise<PharmacyWorld> {
    const vendor = await this.p.vendor();
    const product = await this.p.product(vendor.admin);
    const pharmacy = options.pharmacy ?? (await this.p.pharmacy(options.chainId ? { chainId: options.chainId } : {}));
    const contract = await this.p.contract(vendor.admin, pharmacy, [product.id], { kind: options.kind, agentId: options.agentId });
    return { vendor, product, pharmacy, contract };
  }

  putRm(token: string, contractId: string, body: Record<string, unknown>): Promise<Response> {
    return this.t.http.put(`/v1/contracts/${contractId}/remote-maintenance`).set(bearer(token)).send(body);
  }

  getRm(token: string, contractId: string, query = ''): Promise<Response> {
    return this.t.http.get(`/v1/contracts/${contractId}/remote-maintenance${query}`).set(bearer(token));
  }

  confirmRm(token: string, contractId: string, productId: string, revision: number): Promise<Response> {
    return this.t.http.post(`/v1/contracts/${contractId}/remote-maintenance/confirm`).set(bearer(token)).send({ productId, revision });
  }

  /** Discloses (by default a safe, in-use setup) and, unless `confirm` is false, has the pharmacy confirm it. */
  async disclosedRm(author: TestUser, pharmacy: TestUser, contractId: string, productId: string, options: { body?: Record<string, unknown>; confirm?: boolean } = {}) {
    const put = await this.putRm(author.token, contractId, options.body ?? rmBody(productId));
    if (put.status !== 200) throw new Error(`disclosing remote maintenance failed: ${put.status} ${JSON.stringify(put.body)}`);
    if (options.confirm === false) return put.body as { id: string; revision: number };
    const confirmed = await this.confirmRm(pharmacy.token, contractId, productId, put.body.revision as number);
    if (confirmed.status !== 200) throw new Error(`confirming failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
    return confirmed.body as { id: string; revision: number };
  }

  /** Saves and submits the vendor's 事業者確認用 for FY (by default every item はい). */
  async submitChecklist(vendor: TestUser, contractId: string, overrides: Parameters<typeof answers>[0] = {}): Promise<{ id: string }> {
    const path = `/v1/contracts/${contractId}/checklists/${FY}`;
    const saved = await this.t.http.put(path).set(bearer(vendor.token)).send({ managerName: '管理 太郎', answers: answers(overrides) });
    if (saved.status !== 200) throw new Error(`saving checklist failed: ${saved.status} ${JSON.stringify(saved.body)}`);
    const submitted = await this.t.http.post(`${path}/submit`).set(bearer(vendor.token)).send({});
    if (submitted.status !== 200) throw new Error(`submitting checklist failed: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    return submitted.body as { id: string };
  }
}
