import { api, type Query } from './client';
import type * as S from './schema';

/** The vendor's own workspace: products and versions, proposals, and one customer's 事業者確認用. */

const id = encodeURIComponent;

export const vendorProducts = {
  list: (query: Query) => api.get<S.ProductPageDto>('/products', query),
  /** Every page of the products you may see (up to 2,000), for a choice list: your own, and as 代理店 those you maintain. */
  all: async (query: Query = {}): Promise<S.ProductDto[]> => {
    const all: S.ProductDto[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await api.get<S.ProductPageDto>('/products', { ...query, cursor, limit: 100 });
      all.push(...result.items);
      cursor = result.nextCursor ?? undefined;
      if (!cursor) break;
    }
    return all;
  },
  create: (body: S.CreateProductDto) => api.post<S.ProductDto>('/products', body),
  /** Any of the fields; `versions` replaces the list (add, rename or retire a version). */
  update: (productId: string, body: S.UpdateProductDto) => api.patch<S.ProductDto>(`/products/${id(productId)}`, body),
};

export const proposals = {
  list: (query: Query) => api.get<S.ContractPageDto>('/contracts', query),
  propose: (body: S.ProposeContractDto) => api.post<S.ContractDto>('/contracts', body),
  withdraw: (contractId: string) => api.post<S.ContractDto>(`/contracts/${id(contractId)}/withdraw`),
  /** The pharmacy's name for a 保険薬局コード, shown back before a proposal is sent (404 when unknown). */
  pharmacyByCode: (pharmacyCode: string) => api.get<S.PharmacyLookupDto>('/pharmacies/lookup', { pharmacyCode }),
  /** A vendor (an agent, 代理店) by 法人番号: its name shown back, its id sent as agentId. */
  vendorByCorporateNumber: (corporateNumber: string) => api.get<S.VendorLookupDto>('/vendors/lookup', { corporateNumber }),
};

export const vendorChecklists = {
  get: (contractId: string, fiscalYear: number) => api.get<S.ChecklistDto>(`/contracts/${id(contractId)}/checklists/${fiscalYear}`),
  /** The checklist with its ETag, for a save that must not overwrite someone else's (If-Match). */
  getTagged: (contractId: string, fiscalYear: number) => api.getTagged<S.ChecklistDto>(`/contracts/${id(contractId)}/checklists/${fiscalYear}`),
  save: (contractId: string, fiscalYear: number, body: S.SaveChecklistDto) => api.put<S.ChecklistDto>(`/contracts/${id(contractId)}/checklists/${fiscalYear}`, body),
  /** Saves only over the state read (`etag`); a 412 means someone else saved first. */
  saveTagged: (contractId: string, fiscalYear: number, body: S.SaveChecklistDto, etag: string | null) =>
    api.writeTagged<S.ChecklistDto>('PUT', `/contracts/${id(contractId)}/checklists/${fiscalYear}`, body, etag),
  submit: (contractId: string, fiscalYear: number) => api.post<S.ChecklistDto>(`/contracts/${id(contractId)}/checklists/${fiscalYear}/submit`),
  /** The 事業者確認用 version a 年度 uses for a kind of customer (carried forward while the 年度 has none). */
  applicableForm: (audience: 'pharmacy' | 'medical', fiscalYear: number) => api.get<S.FormUseDto>('/forms/applicable', { kind: 'vendor_checklist', audience, fiscalYear }),
  form: (formId: string) => api.get<S.FormDto>(`/forms/${id(formId)}`),
};
