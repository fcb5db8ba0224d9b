import { randomUUID } from 'node:crypto';
import { PDFDocument, PDFName, PDFRawStream, StandardFonts } from 'pdf-lib';
import type { Response as AgentResponse } from 'superagent';
import type { Response } from 'supertest';
import { bearer, Factory, TestOrganization, TestUser } from './factories';
import type { TestApp } from './test-app';

/** The catalogued JAHIS/JIRA MDS/SDS form (第6.0版対応), partial: items 1, 1.1, 1.2 and 2–12. */
export const SDS_FORM_ID = 'security-disclosure-jahis-jira-for-guideline-6.0';
export const SDS_ITEM_IDS = ['1', '1.1', '1.2', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'];
/** Item 2 as the form prints it. */
export const ITEM_2_TEXT = '扱う情報のリストを医療機関等に提示できるか？';

export interface AnswerInput {
  itemId: string;
  answer: string;
  remarks?: string;
  itemText?: string;
  section?: string;
}

/** Every listed item answered: item 1 該当, item 2 いいえ, item 3 対象外 (with 備考), the rest はい. */
export function fullAnswers(overrides: Record<string, string> = {}): AnswerInput[] {
  return SDS_ITEM_IDS.map((itemId) => {
    const answer = overrides[itemId] ?? (itemId === '1' ? '該当' : itemId === '2' ? 'いいえ' : itemId === '3' ? '対象外' : 'はい');
    return itemId === '3' ? { itemId, answer, remarks: '外部保存は受託しない' } : { itemId, answer };
  });
}

export interface Product {
  id: string;
  vendorId: string;
  name: string;
  versions: string[];
}

export interface Contract {
  id: string;
  status: string;
  customer: { id: string; name: string | null; pharmacyCode?: string | null };
}

export interface Tenant {
  org: TestOrganization & { pharmacyCode?: string };
  admin: TestUser;
}

export interface Disclosure {
  id: string;
  status: string;
  revision: number;
  [field: string]: unknown;
}

/** Vendors, products, active contracts and disclosures, made through the public API. */
export class Publishing {
  constructor(
    private readonly t: TestApp,
    readonly f: Factory,
  ) {}

  /** A bearer token of a new API client of the admin's organization with these scopes. */
  async clientToken(admin: TestUser, scopes: string[]): Promise<string> {
    const client = await this.f.apiClient(admin, { scopes });
    const response = await this.t.http.post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    return expectStatus(response, 200).access_token as string;
  }

  async vendor(): Promise<Tenant> {
    return this.f.tenant('vendor');
  }

  async pharmacy(extra: Record<string, unknown> = {}): Promise<Tenant> {
    return this.f.tenant('pharmacy', extra);
  }

  async product(vendor: TestUser, extra: Record<string, unknown> = {}): Promise<Product> {
    const body = { name: `薬局クラウド ${randomUUID().slice(0, 8)}`, category: 'レセコン', deployment: 'cloud', versions: ['6.0'], ...extra };
    return expectStatus(await this.t.http.post('/v1/products').set(bearer(vendor.token)).send(body), 201) as unknown as Product;
  }

  /** The vendor proposes by 保険薬局コード; unless `accept` is false the pharmacy accepts. */
  async contract(vendor: TestUser, pharmacy: Tenant, productIds: string[], options: { kind?: string; agentId?: string; accept?: boolean } = {}): Promise<Contract> {
    const body = { kind: options.kind ?? 'maintenance', pharmacyCode: pharmacy.org.pharmacyCode, productIds, startsOn: '2025-04-01', ...(options.agentId ? { agentId: options.agentId } : {}) };
    const proposed = expectStatus(await this.t.http.post('/v1/contracts').set(bearer(vendor.token)).send(body), 201) as unknown as Contract;
    if (options.accept === false) return proposed;
    return expectStatus(await this.t.http.post(`/v1/contracts/${proposed.id}/accept`).set(bearer(pharmacy.admin.token)).send({}), 200) as unknown as Contract;
  }

  /** A vendor with a product and a pharmacy under an active maintenance contract for it. */
  async setup(): Promise<{ vendor: Tenant; product: Product; pharmacy: Tenant; contract: Contract }> {
    const vendor = await this.vendor();
    const product = await this.product(vendor.admin);
    const pharmacy = await this.pharmacy();
    const contract = await this.contract(vendor.admin, pharmacy, [product.id]);
    return { vendor, product, pharmacy, contract };
  }

  createDisclosure(author: TestUser | string, body: Record<string, unknown>): ReturnType<TestApp['http']['post']> {
    return this.t.http.post('/v1/disclosures').set(bearer(tokenOf(author))).send(body);
  }

  async draft(author: TestUser | string, productId: string, extra: Record<string, unknown> = {}): Promise<Disclosure> {
    const body = { productId, productVersion: '6.0', kind: 'SDS', audience: 'all_customers', answers: fullAnswers(), ...extra };
    return expectStatus(await this.createDisclosure(author, body), 201) as unknown as Disclosure;
  }

  async publish(author: TestUser | string, id: string): Promise<Disclosure> {
    return expectStatus(await this.t.http.post(`/v1/disclosures/${id}/publish`).set(bearer(tokenOf(author))), 200) as unknown as Disclosure;
  }

  async published(author: TestUser | string, productId: string, extra: Record<string, unknown> = {}): Promise<Disclosure> {
    return this.publish(author, (await this.draft(author, productId, extra)).id);
  }
}

export const tokenOf = (user: TestUser | string) => (typeof user === 'string' ? user : user.token);

function expectStatus(response: Response, status: number): Record<string, unknown> {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, unknown>;
}

/** A random, valid 法人番号 (13 digits, the first being the check digit over the other twelve). */
export function corporateNumber(): string {
  const base = Array.from({ length: 12 }, () => Math.floor(Math.random() * 10)).join('');
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${base}`;
}

/** A supertest parser that keeps a binary body as a Buffer (problem documents are still parsed as JSON). */
export function binaryParser(res: AgentResponse, callback: (error: Error | null, body: unknown) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream & { headers: Record<string, string | undefined> };
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => {
    const body = Buffer.concat(chunks);
    const json = /json/.test(stream.headers['content-type'] ?? '');
    callback(null, json ? (JSON.parse(body.toString('utf8')) as unknown) : body);
  });
}

/** A real one-page PDF; `padTo` grows it (with an unreferenced stream of filler) to exactly that many bytes. */
export async function makePdf(text = 'MDS/SDS original', padTo?: number): Promise<Buffer> {
  const build = async (filler: number) => {
    const document = await PDFDocument.create();
    const page = document.addPage([595, 842]);
    page.drawText(text, { x: 50, y: 780, size: 14, font: await document.embedFont(StandardFonts.Helvetica) });
    if (filler > 0) document.context.register(PDFRawStream.of(document.context.obj({}), new Uint8Array(filler).fill(0x41)));
    document.setProducer('kaiji-test');
    return Buffer.from(await document.save({ useObjectStreams: false }));
  };
  let pdf = await build(0);
  if (padTo === undefined) return pdf;
  let filler = padTo - pdf.length - 100;
  for (let attempt = 0; attempt < 5 && pdf.length !== padTo; attempt++) {
    pdf = await build(filler);
    filler += padTo - pdf.length;
  }
  if (pdf.length !== padTo) throw new Error(`could not pad the PDF to ${padTo} bytes (got ${pdf.length})`);
  return pdf;
}

/** A PDF whose trailer names an /Encrypt dictionary (Standard security handler, RC4 40-bit). */
export async function makeEncryptedPdf(): Promise<Buffer> {
  const plain = (await makePdf('secret')).toString('latin1');
  const encrypt = `/Encrypt << /Filter /Standard /V 1 /R 2 /O <${'28bf4e5e4e758a41'.repeat(4)}> /U <${'0'.repeat(64)}> /P -4 >> /ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>]`;
  const trailer = plain.lastIndexOf('trailer');
  const open = plain.indexOf('<<', trailer);
  const encrypted = `${plain.slice(0, open + 2)} ${encrypt} ${plain.slice(open + 2)}`;
  if (!encrypted.includes(PDFName.of('Encrypt').asString())) throw new Error('no /Encrypt in the crafted PDF');
  return Buffer.from(encrypted, 'latin1');
}

/** The first bytes of a real PNG image (signature, IHDR, IDAT, IEND of a 1×1 pixel). */
export const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
