import { api } from './client';
import type * as S from './schema';

/** The Excel round trip (GET/POST /v1/checklist-workbooks, /v1/disclosure-workbooks): files out, files in. */

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The file is sent as XLSX whatever type the browser guessed for it. */
const asXlsx = (file: Blob) => new Blob([file], { type: XLSX_TYPE });

export interface ChecklistWorkbookChoice {
  fiscalYear: number;
  layout: 'rows' | 'sheets';
  prefilled: boolean;
  formId?: string;
}

export const checklistWorkbooks = {
  download: (choice: ChecklistWorkbookChoice) =>
    api.download('/checklist-workbooks', { fiscalYear: choice.fiscalYear, layout: choice.layout, prefilled: choice.prefilled, formId: choice.formId }, `checklists-${choice.fiscalYear}.xlsx`),
  upload: (file: Blob, query: { fiscalYear: number; mode: 'draft' | 'submit'; dryRun: boolean }) => api.postFile<S.ChecklistWorkbookResultDto>('/checklist-workbooks', asXlsx(file), query),
};

export const disclosureWorkbooks = {
  download: (productIds: string[], prefilled: boolean) => api.download('/disclosure-workbooks', { productId: productIds.join(','), prefilled }, 'mds-sds.xlsx'),
  upload: (file: Blob, dryRun: boolean) => api.postFile<S.DisclosureWorkbookResultDto>('/disclosure-workbooks', asXlsx(file), { dryRun }),
};
