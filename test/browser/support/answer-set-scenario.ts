import { Api, uniqueSuffix } from './api';
import { FISCAL_YEAR, USER_PASSWORD } from './scenario';

export interface AnswerSetCustomer {
  name: string;
  code: string;
  contractId: string;
  /** The pharmacy's own admin, reading what it received. */
  reader: Api;
}

export interface AnswerSetScenario {
  vendorUser: { email: string; password: string };
  customers: AnswerSetCustomer[];
  /** The chain (法人本部) the second and third customers are stores of. */
  chain: { id: string; name: string };
}

/**
 * A vendor with three customers (pharmacies with accepted maintenance contracts), set up over the
 * API as test/browser/support/scenario.ts does: the vendor's system proposes, each pharmacy accepts.
 * The second and third are stores of one chain. No checklist is submitted yet: all three owe one for the 年度.
 */
export async function vendorWithThreeCustomers(): Promise<AnswerSetScenario> {
  const suffix = uniqueSuffix();
  const operator = await Api.operator();
  const vendor = await operator.post<{ id: string }>('/v1/organizations', { kind: 'vendor', name: `まとめて回答システム株式会社 ${suffix}` });
  const vendorUser = { email: `answer-sets-vendor-${suffix}@browser.example`, password: USER_PASSWORD };
  await operator.post(`/v1/organizations/${vendor.id}/users`, { ...vendorUser, displayName: '佐藤 一郎 (事業者)', role: 'admin' });
  const vendorApi = await Api.login(vendorUser.email, vendorUser.password);
  const product = await vendorApi.post<{ id: string }>('/v1/products', { name: `まとめてレセコン ${suffix}`, category: 'レセコン', deployment: 'cloud' });

  const chainName = `みどり薬局ホールディングス ${suffix}`;
  const chain = { id: (await operator.post<{ id: string }>('/v1/organizations', { kind: 'chain', name: chainName })).id, name: chainName };

  const customers: AnswerSetCustomer[] = [];
  for (const [index, label] of ['あさひ', 'かえで', 'さくら'].entries()) {
    const name = `${label}薬局 回答セット${suffix}店`;
    const code = `134${index}${suffix}`;
    const pharmacy = await operator.post<{ id: string }>('/v1/organizations', { kind: 'pharmacy', name, pharmacyCode: code, ...(index > 0 ? { chainId: chain.id } : {}) });
    const user = { email: `answer-sets-pharmacist-${index}-${suffix}@browser.example`, password: USER_PASSWORD };
    await operator.post(`/v1/organizations/${pharmacy.id}/users`, { ...user, displayName: `${label} 薬子 (管理薬剤師)`, role: 'admin' });
    const contract = await vendorApi.post<{ id: string }>('/v1/contracts', { kind: 'maintenance', pharmacyCode: code, productIds: [product.id], startsOn: `${FISCAL_YEAR}-04-01` });
    const reader = await Api.login(user.email, user.password);
    await reader.post(`/v1/contracts/${contract.id}/accept`, {});
    customers.push({ name, code, contractId: contract.id, reader });
  }
  return { vendorUser, customers, chain };
}
