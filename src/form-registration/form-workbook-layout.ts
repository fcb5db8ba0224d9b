import { FORM_ITEM_ROLES } from '../forms/form-definition';
import { ANSWER_WORDS, FORM_AUDIENCES, FORM_KINDS } from '../forms/form-validation';

/**
 * The one layout of a form version as a workbook: the writer lays it out from these declarations
 * and the reader finds everything by them, so a download always uploads back. Headings are
 * Japanese with the English key in brackets (「番号 (id)」); the reader goes by the key in brackets,
 * so the Japanese part may be reworded and columns may be moved.
 */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Upload limit for a workbook. A 500-item form (the most a version may hold) with every text at
 * its limit is well under 1 MB as XLSX; 2 MB leaves room for a copy of the official sheet kept in
 * the same book, and keeps what one request may make the process hold small.
 */
export const WORKBOOK_MAX_BYTES = 2 * 1024 * 1024;
/** Fastify lets a little more through, so that the service, not the framework, says what the limit is. */
export const WORKBOOK_BODY_LIMIT_BYTES = WORKBOOK_MAX_BYTES + 64 * 1024;
/**
 * An XLSX is a ZIP: what its parts may add up to once inflated. exceljs holds every cell as an
 * object: about 14 bytes of the smallest cell XML cost some 400 bytes of heap (measured: 9 MB of
 * inflated XML, 320,000 cells, 128 MB), so this bounds what a crafted upload can make the process
 * hold to roughly 110 MB, under the 384 MB heap `npm start` gives it. A real form is far below:
 * the 令和7年度 事業者確認用 as downloaded is 18 KB and inflates to 70 KB.
 */
export const WORKBOOK_MAX_INFLATED_BYTES = 8 * 1024 * 1024;
export const WORKBOOK_MAX_PARTS = 200;

/** How a cell's text becomes a definition value (and back). */
export type ValueKind = 'text' | 'integer' | 'boolean' | 'answers' | 'enum' | 'paragraphs';

interface Declared {
  /** The English key, as in the JSON definition ("rules.riskAnswers", "counterpartFormId"). */
  key: string;
  /** The Japanese heading; shown as 「label (key)」. */
  label: string;
  kind: ValueKind;
  /** Allowed words of an 'enum'. */
  values?: readonly string[];
  /** What to write, in Japanese, for a person transcribing a sheet (the guide sheet, the README). */
  help: string;
}

export interface HeaderField extends Declared {
  /** The row must be present and filled. */
  required: boolean;
  /** One row per line (instructions, footnotes): zero or more rows with this key. */
  lines?: boolean;
}

export interface ItemColumn extends Declared {
  /** Every item row fills it. */
  required: boolean;
  width: number;
  /**
   * The column may be left out of the sheet: it came after workbooks that are still in use (the
   * manual's columns), and a sheet without it reads as every row leaving it blank.
   */
  mayBeAbsent?: boolean;
}

const ANSWER_HELP = `回答の選択肢を「/」で区切って記入（${ANSWER_WORDS.join(' / ')}）。チェックリストは はい/いいえ、MDS/SDS は はい/いいえ/対象外 または 該当/非該当`;

export const HEADER_SHEET = {
  name: '様式 (form)',
  fieldHeading: '項目 (field)',
  valueHeading: '値 (value)',
  helpHeading: '説明 (help)',
} as const;

export const HEADER_FIELDS: readonly HeaderField[] = [
  { key: 'id', label: '様式ID', kind: 'text', required: true, help: '英小文字・数字・ピリオド・ハイフン（例: vendor-checklist-pharmacy-r8）。登録後は変更できません' },
  {
    key: 'kind',
    label: '種類',
    kind: 'enum',
    values: FORM_KINDS,
    required: true,
    help: 'vendor_checklist（事業者確認用）/ facility_checklist（医療機関・薬局確認用、薬局確認用、医療機関確認用）/ security_disclosure（MDS/SDS）',
  },
  { key: 'audience', label: '対象施設', kind: 'enum', values: FORM_AUDIENCES, required: true, help: 'pharmacy（薬局）/ medical（医療機関）/ any（医療機関・薬局の共通様式）' },
  { key: 'series', label: '系列', kind: 'text', required: true, help: '版が置き換わる系列（例: vendor-checklist/pharmacy）。同じ系列の新しい版が古い版を旧様式にします' },
  { key: 'fiscalYear', label: '年度', kind: 'integer', required: false, help: '年度の始まる西暦年（2026 = 令和8年度）。「令和8年度」とも書けます。チェックリストは必須、MDS/SDS は空欄可' },
  { key: 'revision', label: '改訂番号', kind: 'integer', required: true, help: '同じ年度の中での順序（0以上の整数）。同じ系列・年度・改訂番号の版は登録できません' },
  { key: 'versionLabel', label: '版の名称', kind: 'text', required: true, help: '例: 令和8年度版' },
  { key: 'title', label: '表題', kind: 'text', required: true, help: '様式に印刷された表題をそのまま' },
  { key: 'titleEn', label: '表題（英語）', kind: 'text', required: true, help: '英語の表題' },
  { key: 'partial', label: '一部のみ収録', kind: 'boolean', required: true, help: 'TRUE: 原本の一部の項目だけを収録（収録外の項目への回答も受け付ける）/ FALSE: すべての項目を収録' },
  { key: 'source', label: '出典', kind: 'text', required: true, help: '原本（厚生労働省の公表ファイル名・URL・公表日など）' },
  { key: 'note', label: '注記', kind: 'text', required: false, help: '転記の方法や読み取りの注意（任意）' },
  {
    key: 'rules.targetDateRequiredFor',
    label: '目標日が必要な回答',
    kind: 'answers',
    required: false,
    help: 'チェックリストは「いいえ」。MDS/SDS は空欄',
  },
  { key: 'rules.targetDateWithinFiscalYear', label: '目標日は年度内', kind: 'boolean', required: false, help: 'TRUE / FALSE（チェックリストは TRUE）' },
  { key: 'rules.confirmationDateRequired', label: '確認日が必要', kind: 'boolean', required: false, help: 'TRUE / FALSE（チェックリストは TRUE）' },
  { key: 'rules.riskAnswers', label: 'リスクコミュニケーションの対象', kind: 'answers', required: false, help: 'MDS/SDS は「いいえ/対象外」。チェックリストは空欄' },
  { key: 'instructions', label: '記入上の注意', kind: 'text', required: false, lines: true, help: '項目の上に印刷された注意書き。1行に1文、原本のとおり（行は追加できます）' },
  { key: 'footnotes', label: '欄外の注記', kind: 'text', required: false, lines: true, help: '項目の下に印刷された注記（●の行など）。1行に1文、原本のとおり（行は追加できます）' },
];

export const ITEMS_SHEET = { name: '項目 (items)' } as const;

export const ITEM_COLUMNS: readonly ItemColumn[] = [
  { key: 'id', label: '番号', kind: 'text', required: true, width: 10, help: '原本に印刷された番号そのまま（例: 2-③、1.1）。様式の中で重複できません' },
  { key: 'sectionId', label: '区分', kind: 'text', required: true, width: 8, help: '大項目の番号（例: 1、2）' },
  { key: 'sectionTitle', label: '区分名', kind: 'text', required: true, width: 22, help: '大項目の見出し（例: 体制構築）。同じ区分の2行目以降は空欄でも可' },
  { key: 'sectionTitleEn', label: '区分名（英語）', kind: 'text', required: false, width: 22, help: '大項目の見出しの英訳（任意）' },
  { key: 'scope', label: '対象', kind: 'text', required: false, width: 16, help: '項目の上に印刷された対象の見出し（例: サーバ、端末PC、ネットワーク機器）' },
  { key: 'text', label: 'チェック項目', kind: 'text', required: true, width: 60, help: '原本の文言をそのまま（※の注記も含めて）' },
  { key: 'textEn', label: '英訳', kind: 'text', required: true, width: 50, help: '英語の説明' },
  { key: 'answers', label: '回答', kind: 'answers', required: true, width: 16, help: ANSWER_HELP },
  { key: 'required', label: '必須', kind: 'boolean', required: true, width: 8, help: 'TRUE: 提出前に回答が必要 / FALSE: 参考項目' },
  { key: 'condition', label: '記入条件', kind: 'text', required: false, width: 30, help: '印刷された記入条件（例: ※事業者と契約していない場合には、記入不要）' },
  { key: 'targetFiscalYear', label: '目標年度', kind: 'integer', required: false, width: 10, help: '様式の年度より後の年度までに「はい」とすればよい項目の、その年度（西暦年）' },
  { key: 'plannedBy', label: '予定で可の年度', kind: 'integer', required: false, width: 12, help: '「…または令和9年度までに実装予定」のように予定で「はい」とできる項目の、その年度（2027 = 令和9年度）' },
  {
    key: 'role',
    label: '役割',
    kind: 'enum',
    values: FORM_ITEM_ROLES,
    required: false,
    width: 26,
    help: '医療機関・薬局確認用で Kaiji が自動判定する項目: derived_remote_maintenance（リモートメンテナンスの確認、令和7年度 2-②）/ derived_security_disclosure（MDS/SDSの入手、令和7年度 2-③）',
  },
  { key: 'counterpartFormId', label: '相手方の様式ID', kind: 'text', required: false, width: 28, help: '事業者確認用と医療機関・薬局確認用で同じ内容の項目がある場合、相手方の様式ID（登録済みのもの）' },
  { key: 'counterpartItemId', label: '相手方の番号', kind: 'text', required: false, width: 12, help: '相手方の様式での番号' },
  { key: 'note', label: '備考', kind: 'text', required: false, width: 40, help: '転記の注意（原本の読み取り、表記の違いなど）' },
  ...MANUAL_COLUMNS(),
];

/**
 * The checklist manual's text on an item (FormItemManual), optional: a version registered without
 * it shows none. Paragraphs are the lines of a cell (Alt+Enter in Excel), copied from the manual as printed.
 */
function MANUAL_COLUMNS(): ItemColumn[] {
  const manual = (key: string, label: string, kind: ValueKind, width: number, help: string): ItemColumn => ({ key: `manual.${key}`, label, kind, required: false, width, help, mayBeAbsent: true });
  return [
    manual('section', 'マニュアルの見出し', 'text', 30, 'チェックリストマニュアルでこの項目を解説する節の見出し、印刷されたとおり（例: 1-①【体制構築】 医療情報システム安全管理責任者を設置している。）。マニュアルの列を使うときは必須'),
    manual('explanation', 'マニュアル：考え方・確認方法', 'paragraphs', 60, 'マニュアルの本文をそのまま。段落ごとにセル内で改行（Alt+Enter）。マニュアルの列を使うときは必須'),
    manual('terms', 'マニュアル：用語の解説', 'paragraphs', 40, '（用語の解説）をそのまま。1つの用語ごとにセル内で改行（任意）'),
    manual('notes', 'マニュアル：補足', 'paragraphs', 40, '（補足）をそのまま。段落ごとにセル内で改行（任意）'),
    manual('guidelineRefs', 'マニュアル：ガイドライン参照', 'paragraphs', 24, '▶ のあとのガイドラインの編と節。1行に1つ（例: 経営管理編 3.1.2②）（任意）'),
    manual('source', 'マニュアルの出典', 'text', 40, 'マニュアルの表題・版・ファイル名など、どこから写したか。マニュアルの列を使うときは必須'),
  ];
}

export const GUIDE_SHEET = { name: '記入方法 (guide)' } as const;

/** 「番号 (id)」: what a heading reads in the workbook. */
export const heading = (declared: Pick<Declared, 'label' | 'key'>): string => `${declared.label} (${declared.key})`;

/** The key in brackets at the end of a heading (half- or full-width brackets), or null. */
export function keyOfHeading(text: string): string | null {
  const match = /[(（]\s*([A-Za-z][A-Za-z.]*)\s*[)）]\s*$/.exec(text);
  return match ? match[1] : null;
}

/** "項目 (items)" → items: sheets are found by the key in brackets too, so a renamed sheet still counts. */
export const sheetKey = (name: string): string | null => keyOfHeading(name);
