import { randomUUID } from 'node:crypto';
import { countRows } from './assertions';
import { bearer, Factory, TestOrganization, TestUser, uniquePharmacyCode } from './factories';
import type { TestApp } from './test-app';

/** The 令和7年度 事業者確認用 (pharmacy) items, in sheet order. */
export const R7_ITEMS = ['1-①', '2-①', '2-②', '2-③', '2-④', '2-⑤', '2-⑥', '2-⑦', '2-⑧', '2-⑨', '2-⑩', '2-⑪', '2-⑫', '2-⑬'] as const;
export const R7_FORM = 'vendor-checklist-pharmacy-r7';
export const FY = 2025;
export const CONFIRMED = '2025-04-10';

export interface Answer {
  itemId: string;
  answer: string;
  confirmedOn?: string;
  targetOn?: string;
  plannedOn?: string;
  remarks?: string;
}

/** An answer error as a validation problem lists it: the request path, the item as printed, the message. */
export interface AnswerError {
  field: string;
  itemId?: string;
  message: string;
}

/** Every item answered はい on 2025-04-10, with per-item overrides (undefined values drop the field). */
export function answers(overrides: Record<string, Partial<Answer>> = {}): Answer[] {
  return R7_ITEMS.map((itemId) => {
    const answer: Answer = { itemId, answer: 'はい', confirmedOn: CONFIRMED, ...overrides[itemId] };
    for (const key of Object.keys(answer) as (keyof Answer)[]) if (answer[key] === undefined) delete answer[key];
    return answer;
  });
}

/** A JST date `days` from today (YYYY-MM-DD). */
export function japanDate(days = 0): string {
  return new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

export interface Vendor {
  org: TestOrganization;
  admin: TestUser;
  productId: string;
}

export interface Pharmacy {
  org: TestOrganization;
  admin: TestUser;
  pharmacyCode: string;
}

export class ChecklistSetup {
  constructor(
    private readonly t: TestApp,
    private readonly f: Factory,
  ) {}

  /** A vendor with its admin and one cloud レセコン product. */
  async vendor(): Promise<Vendor> {
    const { org, admin } = await this.f.tenant('vendor');
    const product = await this.t.http
      .post('/v1/products')
      .set(bearer(admin.token))
      .send({ name: `レセコン ${randomUUID().slice(0, 6)}`, category: 'レセコン', deployment: 'cloud' });
    if (product.status !== 201) throw new Error(`creating product failed: ${product.status} ${JSON.stringify(product.body)}`);
    return { org, admin, productId: product.body.id as string };
  }

  async pharmacy(extra: Record<string, unknown> = {}): Promise<Pharmacy> {
    const pharmacyCode = uniquePharmacyCode();
    const { org, admin } = await this.f.tenant('pharmacy', { pharmacyCode, ...extra });
    return { org, admin, pharmacyCode };
  }

  /** The vendor proposes a contract; the pharmacy accepts it unless `accept` is false. */
  async contract(vendor: Vendor, pharmacy: Pharmacy, options: { kind?: string; accept?: boolean } = {}): Promise<string> {
    const proposed = await this.t.http
      .post('/v1/contracts')
      .set(bearer(vendor.admin.token))
      .send({ kind: options.kind ?? 'maintenance', pharmacyCode: pharmacy.pharmacyCode, productIds: [vendor.productId], startsOn: '2025-04-01' });
    if (proposed.status !== 201) throw new Error(`proposing contract failed: ${proposed.status} ${JSON.stringify(proposed.body)}`);
    const id = proposed.body.id as string;
    if (options.accept === false) return id;
    const accepted = await this.t.http.post(`/v1/contracts/${id}/accept`).set(bearer(pharmacy.admin.token)).send({});
    if (accepted.status !== 200) throw new Error(`accepting contract failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    return id;
  }

  /** A vendor, a pharmacy and an active maintenance contract between them. */
  async activeContract(): Promise<{ vendor: Vendor; pharmacy: Pharmacy; contractId: string }> {
    const vendor = await this.vendor();
    const pharmacy = await this.pharmacy();
    return { vendor, pharmacy, contractId: await this.contract(vendor, pharmacy) };
  }

  /** An access token of a new API client of the admin's organization. */
  async clientToken(admin: TestUser, scopes: string[] = ['checklists:write']): Promise<string> {
    const client = await this.f.apiClient(admin, { scopes });
    const response = await this.t.http
      .post('/v1/auth/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    if (response.status !== 200) throw new Error(`client token failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.access_token as string;
  }

  /**
   * `count` pharmacies with active contracts of the given kind with the vendor, straight in SQL
   * (the API path is covered elsewhere; bulk tests need many customers fast).
   */
  async sqlContracts(vendor: Vendor, count: number, kind = 'maintenance'): Promise<{ contractId: string; pharmacyCode: string }[]> {
    const codes = Array.from({ length: count }, () => uniquePharmacyCode());
    const names = codes.map((code) => `薬局 ${code}`);
    const rows: { contract_id: string; pharmacy_code: string }[] = await this.t.db.query(
      `WITH p AS (
         INSERT INTO organizations (kind, name, pharmacy_code) SELECT 'pharmacy', n, c FROM unnest($1::text[], $2::text[]) AS t(n, c)
         ON CONFLICT DO NOTHING RETURNING id, pharmacy_code),
       c AS (
         INSERT INTO contracts (vendor_id, customer_id, kind, starts_on, status, proposed_by, decided_at)
         SELECT $3, p.id, $4, '2025-04-01', 'active', 'vendor', now() FROM p RETURNING id, customer_id),
       cp AS (INSERT INTO contract_products (contract_id, product_id) SELECT c.id, $5 FROM c)
       SELECT c.id AS contract_id, p.pharmacy_code FROM c JOIN p ON p.id = c.customer_id`,
      [names, codes, vendor.org.id, kind, vendor.productId],
    );
    return rows.map((row) => ({ contractId: row.contract_id, pharmacyCode: row.pharmacy_code }));
  }

  /** Checklist rows and answer rows of the given contracts. */
  async counts(contractIds: string[]): Promise<{ checklists: number; answers: number }> {
    return {
      checklists: await countRows(this.t.db, 'vendor_checklists WHERE contract_id = ANY($1::uuid[])', [contractIds]),
      answers: await countRows(this.t.db, 'vendor_checklist_answers a JOIN vendor_checklists vc ON vc.id = a.checklist_id WHERE vc.contract_id = ANY($1::uuid[])', [contractIds]),
    };
  }
}
