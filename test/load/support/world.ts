import { randomUUID } from 'node:crypto';
import { OPERATOR } from './api-process';
import { mapLimit } from './harness';
import { expectJson, HttpClient } from './http';
import { operatorAccessToken } from './operator-login';

/**
 * Tenants and documents made through the public API, as operators, admins and vendor systems
 * make them: vendors with a product, an API client and a published SDS; pharmacies with an admin;
 * an active maintenance contract between every vendor and every pharmacy; risk threads.
 */

export const FISCAL_YEAR = 2025;
export const CHECKLIST_FORM = 'vendor-checklist-pharmacy-r7';
const PASSWORD = 'Load-test-pass!2025';
const SDS_ITEMS = ['1', '1.1', '1.2', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'];
const SEED_CONCURRENCY = 6;

export interface SeededVendor {
  id: string;
  adminToken: string;
  /** An API client's token with checklists:write and threads:write (vendor systems integrate over REST). */
  clientToken: string;
  productId: string;
  disclosureId: string;
  /** Contract id per pharmacy index. */
  contractIds: string[];
}

export interface SeededPharmacy {
  id: string;
  code: string;
  token: string;
}

export interface SeededThread {
  id: string;
  vendor: number;
  pharmacy: number;
}

export interface World {
  operatorToken: string;
  vendors: SeededVendor[];
  pharmacies: SeededPharmacy[];
  threads: SeededThread[];
  checklistItemIds: string[];
}

export async function login(http: HttpClient, email: string, password: string): Promise<string> {
  return expectJson<{ accessToken: string }>(await http.send('POST', '/v1/auth/login', { body: { email, password } }), 200, `login ${email}`).accessToken;
}

/** The operator's token: its logins use 2FA, so the first one enrols it (see operator-login.ts). */
export function operatorLogin(http: HttpClient): Promise<string> {
  return operatorAccessToken((method, path, body, token) => http.send(method, path, { body, token }), OPERATOR.email, OPERATOR.password);
}

export async function clientToken(http: HttpClient, adminToken: string, organizationId: string, scopes: string[]): Promise<string> {
  const created = expectJson<{ clientId: string; clientSecret: string }>(
    await http.send('POST', `/v1/organizations/${organizationId}/api-clients`, { token: adminToken, body: { name: '負荷試験連携', scopes, allowedCidrs: ['127.0.0.0/8', '::1/128'] } }),
    201,
    'create API client',
  );
  const token = await http.send('POST', '/v1/auth/token', { body: { grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret } });
  return expectJson<{ access_token: string }>(token, 200, 'client credentials').access_token;
}

/** An organization with its first admin, logged in. */
export async function tenant(http: HttpClient, operatorToken: string, kind: 'vendor' | 'pharmacy', extra: Record<string, unknown> = {}): Promise<{ id: string; token: string }> {
  const org = expectJson<{ id: string }>(
    await http.send('POST', '/v1/organizations', { token: operatorToken, body: { kind, name: `負荷試験 ${kind} ${randomUUID().slice(0, 6)}`, ...extra } }),
    201,
    `create ${kind}`,
  );
  const email = `admin-${randomUUID().slice(0, 8)}@kaiji-load.test`;
  expectJson(await http.send('POST', `/v1/organizations/${org.id}/users`, { token: operatorToken, body: { email, displayName: '管理者', role: 'admin', password: PASSWORD } }), 201, 'create admin');
  return { id: org.id, token: await login(http, email, PASSWORD) };
}

let codeCounter = 0;
/** A 10-digit 保険薬局コード, unique in this run's fresh database. */
export function pharmacyCode(): string {
  codeCounter += 1;
  return String(9_000_000_000 + codeCounter);
}

function sdsAnswers() {
  return SDS_ITEMS.map((itemId) =>
    itemId === '1' ? { itemId, answer: '該当' } : itemId === '2' ? { itemId, answer: 'いいえ' } : itemId === '3' ? { itemId, answer: '対象外', remarks: '外部保存は受託しない' } : { itemId, answer: 'はい' },
  );
}

async function seedVendor(http: HttpClient, operatorToken: string): Promise<Omit<SeededVendor, 'contractIds' | 'disclosureId'>> {
  const { id, token } = await tenant(http, operatorToken, 'vendor');
  const product = expectJson<{ id: string }>(
    await http.send('POST', '/v1/products', { token, body: { name: `薬局クラウド ${randomUUID().slice(0, 6)}`, category: 'レセコン', deployment: 'cloud', versions: ['6.0'] } }),
    201,
    'create product',
  );
  return { id, adminToken: token, productId: product.id, clientToken: await clientToken(http, token, id, ['checklists:write', 'threads:write', 'disclosures:write']) };
}

async function publishSds(http: HttpClient, vendor: Omit<SeededVendor, 'contractIds' | 'disclosureId'>): Promise<string> {
  const draft = expectJson<{ id: string }>(
    await http.send('POST', '/v1/disclosures', { token: vendor.adminToken, body: { productId: vendor.productId, productVersion: '6.0', kind: 'SDS', audience: 'all_customers', answers: sdsAnswers() } }),
    201,
    'create disclosure',
  );
  expectJson(await http.send('POST', `/v1/disclosures/${draft.id}/publish`, { token: vendor.adminToken }), 200, 'publish disclosure');
  return draft.id;
}

export async function proposeAndAccept(http: HttpClient, vendorToken: string, productId: string, pharmacy: SeededPharmacy): Promise<string> {
  const proposed = expectJson<{ id: string }>(
    await http.send('POST', '/v1/contracts', { token: vendorToken, body: { kind: 'maintenance', pharmacyCode: pharmacy.code, productIds: [productId], startsOn: '2025-04-01' } }),
    201,
    'propose contract',
  );
  expectJson(await http.send('POST', `/v1/contracts/${proposed.id}/accept`, { token: pharmacy.token, body: {} }), 200, 'accept contract');
  return proposed.id;
}

export async function seedWorld(http: HttpClient, size: { vendors: number; pharmacies: number; threadsPerPharmacy: number }): Promise<World> {
  const operatorToken = await operatorLogin(http);
  const vendorBases = await mapLimit(Array.from({ length: size.vendors }), SEED_CONCURRENCY, () => seedVendor(http, operatorToken));
  const pharmacies = await mapLimit(Array.from({ length: size.pharmacies }), SEED_CONCURRENCY, async () => {
    const code = pharmacyCode();
    const { id, token } = await tenant(http, operatorToken, 'pharmacy', { pharmacyCode: code });
    return { id, code, token };
  });
  const pairs = vendorBases.flatMap((_, v) => pharmacies.map((__, p) => ({ v, p })));
  const contractIds = await mapLimit(pairs, SEED_CONCURRENCY, ({ v, p }) => proposeAndAccept(http, vendorBases[v].adminToken, vendorBases[v].productId, pharmacies[p]));
  const disclosures = await mapLimit(vendorBases, SEED_CONCURRENCY, (vendor) => publishSds(http, vendor));
  const vendors: SeededVendor[] = vendorBases.map((base, v) => ({
    ...base,
    disclosureId: disclosures[v],
    contractIds: pharmacies.map((_, p) => contractIds[v * pharmacies.length + p]),
  }));
  const threadPairs = pharmacies.flatMap((_, p) => Array.from({ length: Math.min(size.threadsPerPharmacy, vendors.length) }, (__, k) => ({ p, v: (p + k) % vendors.length })));
  const threads = await mapLimit(threadPairs, SEED_CONCURRENCY, async ({ p, v }) => {
    const opened = await http.send('POST', '/v1/risk-threads', {
      token: pharmacies[p].token,
      body: { documentType: 'disclosure', documentId: vendors[v].disclosureId, itemId: '2', message: 'この「いいえ」の理由と対策を教えてください。' },
    });
    return { id: expectJson<{ id: string }>(opened, 201, 'open thread').id, vendor: v, pharmacy: p };
  });
  const form = expectJson<{ items: { id: string }[] }>(await http.send('GET', `/v1/forms/${CHECKLIST_FORM}`, { token: vendors[0].clientToken }), 200, 'checklist form');
  return { operatorToken, vendors, pharmacies, threads, checklistItemIds: form.items.map((item) => item.id) };
}

/** One customer's 事業者確認用 answers: every item はい, confirmed in the 年度. */
export function checklistEntry(contractId: string, managerName: string, itemIds: string[]) {
  return { contractId, managerName, answers: itemIds.map((itemId) => ({ itemId, answer: 'はい', confirmedOn: '2025-06-01' })) };
}
