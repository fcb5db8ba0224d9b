import { Api, uniqueSuffix } from './api';
import { USER_PASSWORD } from './scenario';

export interface VendorWorkspaceScenario {
  vendorName: string;
  vendorUser: { email: string; password: string };
  /** The pharmacy the vendor proposes to, which accepts in the portal. */
  pharmacy: { name: string; code: string; user: { email: string; password: string } };
  /** A second pharmacy, whose proposal the vendor withdraws. */
  other: { name: string; code: string };
  agent: { name: string; corporateNumber: string };
}

/** A valid 法人番号: 13 digits, the first the check digit over the other twelve. */
function corporateNumber(): string {
  const base = Array.from({ length: 12 }, () => Math.floor(Math.random() * 10)).join('');
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${base}`;
}

/**
 * A new vendor with nothing yet (no product, no contract, no API client), two pharmacies and an
 * agent (代理店) with a 法人番号, created by the operator over the API: everything else the vendor
 * does in the portal.
 */
export async function newVendorWorkspace(): Promise<VendorWorkspaceScenario> {
  const suffix = uniqueSuffix();
  const operator = await Api.operator();
  const vendorName = `はじめて医療システム株式会社 ${suffix}`;
  const vendor = await operator.post<{ id: string }>('/v1/organizations', { kind: 'vendor', name: vendorName });
  const vendorUser = { email: `workspace-vendor-${suffix}@browser.example`, password: USER_PASSWORD };
  await operator.post(`/v1/organizations/${vendor.id}/users`, { ...vendorUser, displayName: '鈴木 一郎 (事業者)', role: 'admin' });

  const pharmacy = { name: `みどり薬局 ワークスペース${suffix}店`, code: `13488${suffix.slice(-5)}`, user: { email: `workspace-pharmacist-${suffix}@browser.example`, password: USER_PASSWORD } };
  const created = await operator.post<{ id: string }>('/v1/organizations', { kind: 'pharmacy', name: pharmacy.name, pharmacyCode: pharmacy.code });
  await operator.post(`/v1/organizations/${created.id}/users`, { ...pharmacy.user, displayName: '高橋 花子 (管理薬剤師)', role: 'admin' });
  const other = { name: `あおば薬局 ワークスペース${suffix}店`, code: `13477${suffix.slice(-5)}` };
  await operator.post('/v1/organizations', { kind: 'pharmacy', name: other.name, pharmacyCode: other.code });
  const agent = { name: `みどり保守サービス株式会社 ${suffix}`, corporateNumber: corporateNumber() };
  await operator.post('/v1/organizations', { kind: 'vendor', name: agent.name, corporateNumber: agent.corporateNumber });
  return { vendorName, vendorUser, pharmacy, other, agent };
}
