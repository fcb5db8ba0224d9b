import { api, ApiError } from '../../../api/client';
import type { FormDto, FormPageDto, FormPreviewDto, FormSummaryDto } from '../../../api/schema';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A problem the API placed in the uploaded workbook (sheet, row, column), as errors[] of its problem document. */
export interface WorkbookProblem {
  sheet?: string;
  row?: number;
  column?: string;
  cell?: string;
  field?: string;
  message?: string;
}

/** The form catalog for the operator's screen: every version (a few dozen at most), the workbook download and upload. */
export const formVersions = {
  async all(): Promise<FormSummaryDto[]> {
    const items: FormSummaryDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.get<FormPageDto>('/forms', { limit: 100, cursor });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  },
  download: (formId: string) => api.download(`/forms/${encodeURIComponent(formId)}`, { format: 'xlsx' }, `${formId}.xlsx`),
  /** The file is sent as XLSX whatever type the browser guessed for it. */
  preview: (file: Blob) => api.postFile<FormPreviewDto>('/forms', new Blob([file], { type: XLSX_TYPE }), { dryRun: true }),
  register: (file: Blob) => api.postFile<FormDto>('/forms', new Blob([file], { type: XLSX_TYPE })),
};

/** The workbook problems of an API error, when it names places in the workbook. */
export function workbookProblems(error: unknown): WorkbookProblem[] {
  if (!(error instanceof ApiError)) return [];
  return (error.fieldErrors as WorkbookProblem[]).filter((problem) => problem.sheet !== undefined);
}
