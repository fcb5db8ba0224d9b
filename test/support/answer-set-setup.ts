import { Answer, answers, ChecklistSetup, FY, Pharmacy, R7_FORM, Vendor } from './checklist-setup';
import { bearer, Factory } from './factories';
import type { TestApp } from './test-app';

export interface AnswerSetBody {
  name?: string;
  formId?: string;
  managerName?: string;
  answers?: Answer[];
}

let counter = 0;
/** A name no other set of the run has. */
export const setName = (label = '標準回答') => `${label} ${++counter}-${Math.random().toString(36).slice(2, 7)}`;

/** Answer sets through the public API, on top of the checklist setup's vendors, pharmacies and contracts. */
export class AnswerSetSetup {
  readonly s: ChecklistSetup;

  constructor(
    private readonly t: TestApp,
    f: Factory,
  ) {
    this.s = new ChecklistSetup(t, f);
  }

  create(token: string, body: AnswerSetBody = {}) {
    return this.t.http
      .post('/v1/answer-sets')
      .set(bearer(token))
      .send({ name: setName(), formId: R7_FORM, managerName: '管理 一郎', answers: answers(), ...body });
  }

  /** A complete set of every はい on 2025-04-10, or as given; its id. */
  async set(token: string, body: AnswerSetBody = {}): Promise<string> {
    const response = await this.create(token, body);
    if (response.status !== 201) throw new Error(`creating answer set failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id as string;
  }

  apply(token: string, setId: string, body: Record<string, unknown>) {
    return this.t.http
      .post(`/v1/answer-sets/${setId}/applications`)
      .set(bearer(token))
      .send({ fiscalYear: FY, ...body });
  }

  /** A vendor with `count` pharmacies under active maintenance contracts (through the API). */
  async vendorWithCustomers(count: number, options: { kind?: string; chainId?: string } = {}): Promise<{ vendor: Vendor; customers: { pharmacy: Pharmacy; contractId: string }[] }> {
    const vendor = await this.s.vendor();
    const customers: { pharmacy: Pharmacy; contractId: string }[] = [];
    for (let i = 0; i < count; i++) {
      const pharmacy = await this.s.pharmacy(options.chainId ? { chainId: options.chainId } : {});
      customers.push({ pharmacy, contractId: await this.s.contract(vendor, pharmacy, { kind: options.kind }) });
    }
    return { vendor, customers };
  }

  /** The latest submitted checklist as the pharmacy reads it. */
  async checklist(token: string, contractId: string, fiscalYear = FY) {
    const response = await this.t.http.get(`/v1/contracts/${contractId}/checklists/${fiscalYear}`).set(bearer(token));
    if (response.status !== 200) throw new Error(`reading checklist failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { revision: number; managerName: string | null; answers: { itemId: string; answer: string; targetOn: string | null; remarks: string | null }[] };
  }
}
