import { Api, DEMO_OPERATOR, DEMO_PASSWORD, uniqueSuffix } from './api';

export const FISCAL_YEAR = 2025; // 令和7年度: the newest 年度 whose 事業者確認用 form is catalogued
export const USER_PASSWORD = 'Browser-test-2025!';

export interface PharmacyScenario {
  pharmacy: { id: string; name: string; code: string };
  pharmacist: { email: string; password: string };
  vendorName: string;
  vendorSystem: Api;
  contractId: string;
  productName: string;
}

/**
 * A vendor and a pharmacy of their own (so the scenario does not depend on the demo's state):
 * created by the operator, a maintenance contract proposed by the vendor's system over the API
 * (client credentials from loopback) and accepted by the pharmacy. Nothing is submitted yet.
 */
export async function pharmacyWithVendor(): Promise<PharmacyScenario> {
  const suffix = uniqueSuffix();
  const operator = await Api.login(DEMO_OPERATOR, DEMO_PASSWORD);
  const vendorName = `ブラウザ医療システム株式会社 ${suffix}`;
  const vendor = await operator.post<{ id: string }>('/v1/organizations', { kind: 'vendor', name: vendorName });
  const code = `13499${suffix.slice(-5)}`;
  const pharmacyName = `ひかり薬局 テスト${suffix}店`;
  const pharmacy = await operator.post<{ id: string }>('/v1/organizations', { kind: 'pharmacy', name: pharmacyName, pharmacyCode: code });

  const vendorAdmin = { email: `vendor-${suffix}@browser.example`, password: USER_PASSWORD };
  await operator.post(`/v1/organizations/${vendor.id}/users`, { ...vendorAdmin, displayName: '山田 太郎 (事業者)', role: 'admin' });
  const pharmacist = { email: `pharmacist-${suffix}@browser.example`, password: USER_PASSWORD };
  await operator.post(`/v1/organizations/${pharmacy.id}/users`, { ...pharmacist, displayName: '小林 薬子 (管理薬剤師)', role: 'admin' });

  const vendorUser = await Api.login(vendorAdmin.email, vendorAdmin.password);
  const client = await vendorUser.post<{ clientId: string; clientSecret: string }>(`/v1/organizations/${vendor.id}/api-clients`, {
    name: 'レセコン連携 (browser test)',
    scopes: ['products:write', 'contracts:write', 'checklists:write', 'threads:write', 'requests:write', 'disclosures:write'],
    allowedCidrs: ['127.0.0.0/8', '::1/128'],
  });
  const vendorSystem = await Api.client(client.clientId, client.clientSecret);
  const productName = `ひかりレセプト ${suffix}`;
  const product = await vendorSystem.post<{ id: string }>('/v1/products', { name: productName, category: 'レセコン', deployment: 'on-premises', versions: ['2.0'] });
  const contract = await vendorSystem.post<{ id: string }>('/v1/contracts', {
    kind: 'maintenance',
    pharmacyCode: code,
    productIds: [product.id],
    startsOn: `${FISCAL_YEAR}-04-01`,
  });
  const pharmacyUser = await Api.login(pharmacist.email, pharmacist.password);
  await pharmacyUser.post(`/v1/contracts/${contract.id}/accept`, {});
  return { pharmacy: { id: pharmacy.id, name: pharmacyName, code }, pharmacist, vendorName, vendorSystem, contractId: contract.id, productName };
}

/** The vendor's system submits the 年度's checklist with one いいえ (and its 目標日), as an integration would. */
export async function submitChecklistWithNo(scenario: PharmacyScenario): Promise<{ noItemId: string }> {
  const form = await scenario.vendorSystem.get<{ items: { id: string }[] }>(`/v1/forms/vendor-checklist-pharmacy-r7`);
  const noItemId = form.items[2].id;
  await scenario.vendorSystem.put(`/v1/contracts/${scenario.contractId}/checklists/${FISCAL_YEAR}`, {
    managerName: '山田 太郎',
    answers: form.items.map((item) =>
      item.id === noItemId
        ? { itemId: item.id, answer: 'いいえ', confirmedOn: '2025-10-01', targetOn: '2026-03-31', remarks: 'VPN装置のファームウェア更新を3月に予定' }
        : { itemId: item.id, answer: 'はい', confirmedOn: '2025-10-01' },
    ),
  });
  await scenario.vendorSystem.post(`/v1/contracts/${scenario.contractId}/checklists/${FISCAL_YEAR}/submit`);
  return { noItemId };
}
