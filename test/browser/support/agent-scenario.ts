import { Api, uniqueSuffix } from './api';
import { FISCAL_YEAR, pharmacyWithVendor, USER_PASSWORD, type PharmacyScenario } from './scenario';

export interface AgentScenario extends PharmacyScenario {
  agentName: string;
  agentUser: { email: string; password: string };
  /** The vendor's contract naming the agent, accepted by the pharmacy. */
  maintainedContractId: string;
  maintainedProductName: string;
}

/**
 * A 代理店 maintaining one contract of a vendor: the pharmacy scenario (a contract without agent),
 * plus an agent organization and its admin created by the operator, and a second contract of the
 * same vendor with the same pharmacy, for another product, naming the agent, accepted by the pharmacy.
 */
export async function agentWithContract(): Promise<AgentScenario> {
  const scenario = await pharmacyWithVendor();
  const suffix = uniqueSuffix();
  const operator = await Api.operator();
  const agentName = `ひかり保守サービス株式会社 ${suffix}`;
  const agent = await operator.post<{ id: string }>('/v1/organizations', { kind: 'vendor', name: agentName });
  const agentUser = { email: `agent-${suffix}@browser.example`, password: USER_PASSWORD };
  await operator.post(`/v1/organizations/${agent.id}/users`, { ...agentUser, displayName: '佐藤 保守 (代理店)', role: 'admin' });

  const maintainedProductName = `ひかり調剤システム ${suffix}`;
  const product = await scenario.vendorSystem.post<{ id: string }>('/v1/products', { name: maintainedProductName, category: '調剤機器', deployment: 'on-premises', versions: ['1.0'] });
  const contract = await scenario.vendorSystem.post<{ id: string }>('/v1/contracts', {
    kind: 'maintenance',
    pharmacyCode: scenario.pharmacy.code,
    productIds: [product.id],
    agentId: agent.id,
    startsOn: `${FISCAL_YEAR}-04-01`,
  });
  const pharmacist = await Api.login(scenario.pharmacist.email, scenario.pharmacist.password);
  await pharmacist.post(`/v1/contracts/${contract.id}/accept`, {});
  return { ...scenario, agentName, agentUser, maintainedContractId: contract.id, maintainedProductName };
}
