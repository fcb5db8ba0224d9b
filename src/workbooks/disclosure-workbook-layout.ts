import type { Column } from './checklist-workbook-layout';

/**
 * The one layout of an MDS/SDS workbook (GET/POST /v1/disclosure-workbooks): a 「様式 (form)」
 * sheet naming the form version, then one sheet per product (version) — the product, its version
 * and the kind of disclosure above, the items below — and a 「記入方法 (guide)」 sheet. Headings
 * carry their key in brackets, which is what the reader goes by.
 */

const col = (key: string, label: string, width: number, help: string, informational = false): Column => ({ key, label, width, help, informational });

export const PRODUCT_FIELDS: readonly Column[] = [
  col('productId', '製品ID', 38, 'あなたの製品のID（変更しないでください）'),
  col('productName', '製品名', 30, '製品名（表示のみ）', true),
  col('productVersion', '製品バージョン', 20, '開示する製品のバージョン（必須、100文字まで）。同じ製品・バージョン・種別の下書きがあれば置き換えます'),
  col('kind', '種別', 10, 'MDS（オンプレミス製品）/ SDS（サービス）/ RM-SDS（リモートメンテナンス）'),
];

export const DISCLOSURE_COLUMNS: readonly Column[] = [
  col('itemId', '番号', 8, '様式の項目番号（例: 1.1）。一部のみ収録の様式では、収録外の項目を行を追加して記入できます（番号・区分・項目の文言を記入）'),
  col('section', '区分', 16, '収録外の項目の区分（任意）。収録された項目では表示のみ'),
  col('itemText', '項目', 60, '項目の文言。収録された項目では表示のみ、収録外の項目では必須'),
  col('answer', '回答', 10, 'はい / いいえ / 対象外（一部の項目は 該当 / 非該当）。空欄の項目は未回答として下書きに残ります'),
  col('remarks', '備考', 40, '備考（任意、2000文字まで）'),
];

export const DISCLOSURE_FORM_FIELDS: readonly Column[] = [
  col('formId', '様式ID', 44, 'MDS/SDSの様式（変更しないでください）'),
  col('versionLabel', '版', 30, '様式の版（表示のみ）', true),
];

/** At most this many products (sheets) in one book. */
export const DISCLOSURE_WORKBOOK_MAX_SHEETS = 50;

export const DISCLOSURE_READ_KEYS = new Set([...PRODUCT_FIELDS, ...DISCLOSURE_COLUMNS, ...DISCLOSURE_FORM_FIELDS].filter((c) => !c.informational).map((c) => c.key));
