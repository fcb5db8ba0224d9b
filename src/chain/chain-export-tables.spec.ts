import type { FormDefinition } from '../forms/form-definition';
import { describeFormUse } from '../forms/form-use';
import type { CellChecklistDto } from './chain.dto';
import { checklistCellText, titleLines, yearColumns } from './chain-export-tables';

/** What the downloads say about themselves and about a cell's checklists, without a database. */

const version = (id: string, fiscalYear: number, revision = 1) => ({ id, fiscalYear, revision, versionLabel: `令和${fiscalYear - 2018}年度版` }) as FormDefinition;

describe('chain export tables', () => {
  it('spell a cell’s checklists out when its contracts stand differently, so that 旧様式 is not hidden behind 未提出', () => {
    const cell = (counts: Partial<CellChecklistDto>): CellChecklistDto => ({ status: 'missing', statusLabel: '未提出', received: 0, outdated: 0, missing: 0, notRequired: 0, ...counts });
    expect(checklistCellText(cell({ missing: 2 }))).toBe('未提出');
    expect(checklistCellText(cell({ status: 'form_outdated', statusLabel: '旧様式で提出済み（再提出が必要）', outdated: 1 }))).toBe('旧様式で提出済み（再提出が必要）');
    expect(checklistCellText(cell({ missing: 1, outdated: 1, received: 2 }))).toBe('未提出 1件・旧様式で提出済み（再提出が必要） 1件・受領済み 2件');
    expect(checklistCellText(cell({ status: 'not_required', statusLabel: '不要（売買契約のみ）', notRequired: 1 }))).toBe('不要（売買契約のみ）');
  });

  it('state the 年度 and the form versions that apply: carried forward, or not catalogued at all', () => {
    const r7 = version('vendor-r7', 2025);
    const context = { chainName: 'さくらHD', fiscalYear: 2026, vendorChecklistForm: describeFormUse(2026, r7, r7, false), ownChecklistForm: null };
    expect(titleLines('店舗別立入検査準備', context)).toEqual([
      '店舗別立入検査準備\u3000さくらHD\u3000令和8年度（2026-04-01〜2027-03-31）',
      '事業者確認用の様式: 令和8年度: 令和7年度版を使用（令和8年度版は未登録）',
      '薬局確認用の様式: 令和8年度: 様式未登録',
    ]);
    expect(titleLines('事業者別サマリー', { ...context, ownChecklistForm: undefined })).toHaveLength(2);
    const columns = yearColumns<unknown>(context);
    expect(columns.map((column) => [column.header, column.value({})])).toEqual([
      ['年度', '令和8年度'],
      ['事業者確認用の様式', '令和8年度: 令和7年度版を使用（令和8年度版は未登録）'],
    ]);
  });
});
