import { api, type Query } from './client';
import type * as S from './schema';

const id = encodeURIComponent;

/**
 * Remote-maintenance disclosures (2-②) as the maintainer writes them: the vendor or its agent
 * (代理店) discloses per covered product, each change a new revision the pharmacy confirms.
 * Reading and confirming live in endpoints.ts (contracts.remoteMaintenance / confirmRemoteMaintenance).
 */
export const remoteMaintenance = {
  /** Every covered product with its current disclosure and, with `history`, every revision (newest first). */
  get: (contractId: string, history = false) =>
    api.get<S.ContractRemoteMaintenanceDto>(`/contracts/${id(contractId)}/remote-maintenance`, { history: history || undefined }),
  /** Discloses one product's remote maintenance; the same content again changes nothing. */
  put: (contractId: string, body: S.PutRemoteMaintenanceDto) => api.put<S.RemoteMaintenanceDisclosureDto>(`/contracts/${id(contractId)}/remote-maintenance`, body),
  /** The contracts you maintain: as the vendor, or as the agent named on the contract. */
  contracts: (query: Query & { role?: 'vendor' | 'agent' }) => api.get<S.ContractPageDto>('/contracts', query),
  /** Your published RM-SDS of a product (the disclosure may refer to one addressed to this customer). */
  rmSds: (productId: string) => api.get<S.DisclosurePageDto>('/disclosures', { productId, kind: 'RM-SDS', status: 'published', limit: 100 }),
};
