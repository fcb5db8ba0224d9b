import { Api, uniqueSuffix } from './api';

/** Today in Japan (YYYY-MM-DD): always within the current 年度 and never in the future, so a valid 確認日. */
export function todayInJapan(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * The current 年度 (令和8年度 = 2026 today), which every screen opens on. A 年度 whose own forms
 * are not registered yet works on the latest earlier version, carried forward (issue 12).
 */
export const FISCAL_YEAR = ((today) => (Number(today.slice(5, 7)) >= 4 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1))(todayInJapan());

/** 2026 → 令和8年度 */
export function fiscalYearLabel(fiscalYear: number): string {
  return `令和${fiscalYear - 2018}年度`;
}
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
  const operator = await Api.operator();
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

/**
 * The vendor's system submits the 年度's checklist with one いいえ (and its 目標日), as an integration
 * would: on the form that applies to the 年度 (carried forward where the 年度 has none of its own),
 * which the API names when asked with no formId.
 */
export async function submitChecklistWithNo(scenario: PharmacyScenario, fiscalYear = FISCAL_YEAR): Promise<{ noItemId: string; formId: string; formUseLabel: string }> {
  const confirmedOn = fiscalYear === FISCAL_YEAR ? todayInJapan() : `${fiscalYear}-10-01`;
  const targetOn = `${fiscalYear + 1}-03-31`;
  const draft = await scenario.vendorSystem.put<{ formId: string }>(`/v1/contracts/${scenario.contractId}/checklists/${fiscalYear}`, {
    managerName: '山田 太郎',
    answers: [],
  });
  const form = await scenario.vendorSystem.get<{ items: { id: string }[] }>(`/v1/forms/${draft.formId}`);
  const noItemId = form.items[2].id;
  await scenario.vendorSystem.put(`/v1/contracts/${scenario.contractId}/checklists/${fiscalYear}`, {
    formId: draft.formId,
    managerName: '山田 太郎',
    answers: form.items.map((item) =>
      item.id === noItemId
        ? { itemId: item.id, answer: 'いいえ', confirmedOn, targetOn, remarks: 'VPN装置のファームウェア更新を3月に予定' }
        : { itemId: item.id, answer: 'はい', confirmedOn },
    ),
  });
  const submitted = await scenario.vendorSystem.post<{ formId: string; formUse: { label: string } }>(`/v1/contracts/${scenario.contractId}/checklists/${fiscalYear}/submit`);
  return { noItemId, formId: submitted.formId, formUseLabel: submitted.formUse.label };
}
