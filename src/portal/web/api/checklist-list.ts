import { api } from './client';
import type * as S from './schema';

/**
 * Every 事業者確認用 checklist of a 年度 the signed-in organization may read, by contract id: one
 * list (GET /v1/checklists, all pages, up to 5,000 contracts) instead of one request per contract.
 * For a vendor the current revision (its draft included); for a pharmacy or chain the latest submitted.
 */
export async function checklistsOfYear(fiscalYear: number): Promise<Map<string, S.ChecklistSummaryDto>> {
  const byContract = new Map<string, S.ChecklistSummaryDto>();
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const result = await api.get<S.ChecklistSummaryPageDto>('/checklists', { fiscalYear, cursor, limit: 100 });
    for (const item of result.items) byContract.set(item.contractId, item);
    cursor = result.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return byContract;
}
