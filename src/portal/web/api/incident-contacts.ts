import { api } from './client';
import type * as S from './schema';

const id = encodeURIComponent;

/** The 連絡体制図 (3-①): vendors' incident 連絡窓口 and the pharmacy's own contacts. */
export const incidentContacts = {
  /** Your organization's published 窓口 (vendor or agent); `contact` is null until published. */
  published: () => api.get<S.PublishedIncidentContactDto>('/incident-contact'),
  publish: (body: S.PutIncidentContactDto) => api.put<S.PublishedIncidentContactDto>('/incident-contact', body),
  forContract: (contractId: string) => api.get<S.ContractIncidentContactDto>(`/contracts/${id(contractId)}/incident-contact`),
  override: (contractId: string, body: S.PutIncidentContactDto) => api.put<S.ContractIncidentContactDto>(`/contracts/${id(contractId)}/incident-contact`, body),
  removeOverride: (contractId: string) => api.delete<S.ContractIncidentContactDto>(`/contracts/${id(contractId)}/incident-contact`),
};

export const contactChart = {
  /** Your pharmacy's chart, or (for a chain) one store's. */
  get: (pharmacyId?: string) => api.get<S.ContactChartDto>(pharmacyId ? `/pharmacies/${id(pharmacyId)}/contact-chart` : '/contact-chart'),
  pdf: (pharmacyId?: string) => api.download(pharmacyId ? `/pharmacies/${id(pharmacyId)}/contact-chart/pdf` : '/contact-chart/pdf', undefined, '連絡体制図.pdf'),
  saveOwnContacts: (body: S.PutOwnContactsDto) => api.put<S.OwnContactsDto>('/contact-chart/own-contacts', body),
};
