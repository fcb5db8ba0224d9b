import { heading } from '../form-registration/form-workbook-layout';

/**
 * The one layout of a 事業者確認用 workbook (GET/POST /v1/checklist-workbooks). The writer lays
 * it out from these declarations and the reader finds every column by the key in brackets of its
 * heading (「回答 (answer)」), so a download always uploads back, columns may be moved and the
 * Japanese part of a heading reworded.
 *
 *  - 「様式 (form)」: which form version and 年度 the book is for (様式ID, 年度), read back and checked.
 *  - layout=rows: one sheet 「回答 (answers)」, one row per customer × item, customer columns repeated.
 *  - layout=sheets: one sheet per customer; its contract, 保険薬局コード, name and 管理責任者 in the
 *    rows above the item table, the table below.
 *  - 「記入方法 (guide)」: every column explained in Japanese.
 */

export const CHECKLIST_WORKBOOK_LAYOUTS = ['rows', 'sheets'] as const;
export type ChecklistWorkbookLayout = (typeof CHECKLIST_WORKBOOK_LAYOUTS)[number];

/** The bulk path's own limit (MAX_BATCH_ENTRIES): one workbook is at most one batch. */
export const WORKBOOK_MAX_CUSTOMERS = 2_000;
/**
 * Upload limit. 2,000 customers × 14 items in the rows layout, every remark filled, is about 3 MB
 * as XLSX; 10 MB leaves room for a book kept in Excel with its own notes and formatting.
 */
export const CHECKLIST_WORKBOOK_MAX_BYTES = 10 * 1024 * 1024;
/** What the parts may inflate to: the rows are read as a stream, so this bounds time, not memory. */
export const CHECKLIST_WORKBOOK_MAX_INFLATED_BYTES = 160 * 1024 * 1024;
/** Fastify lets a little more through, so that the service, not the framework, says what the limit is. */
export const CHECKLIST_WORKBOOK_BODY_LIMIT_BYTES = CHECKLIST_WORKBOOK_MAX_BYTES + 64 * 1024;
/** Problems listed in one refusal; the count says how many there were in all. */
export const MAX_LISTED_PROBLEMS = 500;

export interface Column {
  key: string;
  label: string;
  width: number;
  /** Shown for the reader's convenience; what is typed there is not read back. */
  informational?: boolean;
  help: string;
}

const col = (key: string, label: string, width: number, help: string, informational = false): Column => ({ key, label, width, help, informational });

export const CUSTOMER_COLUMNS: readonly Column[] = [
  col('contractId', '契約ID', 38, '顧客との契約のID。ダウンロードした値のまま変更しないでください。空欄の場合は保険薬局コードで顧客を探します'),
  col('pharmacyCode', '保険薬局コード', 14, '顧客の保険薬局コード（10桁）。契約IDが空欄のときに使います（その薬局との有効な保守・運用契約が1件の場合）'),
  col('customerName', '顧客名', 28, '顧客の名称（表示のみ。変更しても反映されません）', true),
];

export const MANAGER_COLUMN: Column = col('managerName', '管理責任者', 18, 'あなたの会社の管理責任者（任意）。顧客ごとに1つ。行の形式では同じ顧客の行で同じ値にしてください');

export const ITEM_COLUMNS: readonly Column[] = [
  col('itemId', '番号', 8, '様式に印刷された項目番号（例: 2-③）。変更しないでください'),
  col('itemText', 'チェック項目', 60, '項目の文言（表示のみ）', true),
  col('answer', '回答', 10, '「はい」または「いいえ」をドロップダウンから選んでください'),
  col('confirmedOn', '確認日', 12, '確認した日（YYYY-MM-DD）。年度内で、今日より後は不可'),
  col('targetOn', '目標日', 12, '「いいえ」の場合に必須: 「はい」にする目標日（年度内、確認日以降）。「はい」では空欄'),
  col('plannedOn', '実装予定日', 12, '「…までに実装予定」の項目を「はい」（予定）とする場合だけ: 実装予定日'),
  col('remarks', '備考', 40, '備考（任意、2000文字まで）'),
];

/** Rows layout: customer columns, the items' columns, then the 管理責任者. */
export const ROWS_COLUMNS: readonly Column[] = [...CUSTOMER_COLUMNS, ...ITEM_COLUMNS, MANAGER_COLUMN];
/** Sheets layout: the customer's fields above the table, one per row (heading in A, value in B). */
export const SHEET_HEADER_FIELDS: readonly Column[] = [...CUSTOMER_COLUMNS, MANAGER_COLUMN];
export const SHEET_TABLE_COLUMNS = ITEM_COLUMNS;

export const FORM_SHEET = { name: '様式 (form)' } as const;
export const ANSWERS_SHEET = { name: '回答 (answers)' } as const;
export const GUIDE_SHEET_NAME = '記入方法 (guide)';

/** The rows of the 様式 sheet: heading in A, value in B; formId and fiscalYear are read back. */
export const FORM_FIELDS: readonly Column[] = [
  col('formId', '様式ID', 40, 'このブックの様式（変更しないでください）'),
  col('fiscalYear', '年度', 10, '年度の始まる西暦年（変更しないでください）'),
  col('versionLabel', '版', 20, '様式の版（表示のみ）', true),
  col('layout', '形式', 10, 'rows（1行に1顧客×1項目）または sheets（1顧客1シート）（表示のみ）', true),
];

/** The keys the reader reads; informational columns are skipped. */
export const READ_KEYS = new Set([...ROWS_COLUMNS, ...FORM_FIELDS].filter((column) => !column.informational).map((column) => column.key));

export { heading };
