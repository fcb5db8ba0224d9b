import { Api, uniqueSuffix } from './api';
import { FISCAL_YEAR, USER_PASSWORD } from './scenario';

export interface VendorScenario {
  vendorName: string;
  vendorAdmin: { email: string; password: string };
  vendorUser: Api;
  pharmacyName: string;
  pharmacist: { email: string; password: string };
  pharmacyUser: Api;
  productId: string;
  productName: string;
  contractId: string;
}

/**
 * A vendor that works in the portal (no integration): its admin, one cloud product (version 3.0)
 * and a pharmacy under an active maintenance contract for it, all made by the operator and the two
 * users over the API. No disclosure exists yet.
 */
export async function vendorWithCustomer(): Promise<VendorScenario> {
  const suffix = uniqueSuffix();
  const operator = await Api.operator();
  const vendorName = `ポータル開示システム株式会社 ${suffix}`;
  const vendor = await operator.post<{ id: string }>('/v1/organizations', { kind: 'vendor', name: vendorName });
  const code = `13488${suffix.slice(-5)}`;
  const pharmacyName = `あおば薬局 テスト${suffix}店`;
  const pharmacy = await operator.post<{ id: string }>('/v1/organizations', { kind: 'pharmacy', name: pharmacyName, pharmacyCode: code });
  const vendorAdmin = { email: `editor-${suffix}@browser.example`, password: USER_PASSWORD };
  await operator.post(`/v1/organizations/${vendor.id}/users`, { ...vendorAdmin, displayName: '佐藤 花子 (事業者)', role: 'admin' });
  const pharmacist = { email: `aoba-${suffix}@browser.example`, password: USER_PASSWORD };
  await operator.post(`/v1/organizations/${pharmacy.id}/users`, { ...pharmacist, displayName: '青葉 薬子 (管理薬剤師)', role: 'admin' });

  const vendorUser = await Api.login(vendorAdmin.email, vendorAdmin.password);
  const productName = `あおばクラウド薬歴 ${suffix}`;
  const product = await vendorUser.post<{ id: string }>('/v1/products', { name: productName, category: '電子薬歴', deployment: 'cloud', versions: ['3.0'] });
  const contract = await vendorUser.post<{ id: string }>('/v1/contracts', { kind: 'maintenance', pharmacyCode: code, productIds: [product.id], startsOn: `${FISCAL_YEAR}-04-01` });
  const pharmacyUser = await Api.login(pharmacist.email, pharmacist.password);
  await pharmacyUser.post(`/v1/contracts/${contract.id}/accept`, {});
  return { vendorName, vendorAdmin, vendorUser, pharmacyName, pharmacist, pharmacyUser, productId: product.id, productName, contractId: contract.id };
}
