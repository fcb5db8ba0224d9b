import { calendarDate, type CellValue, partOfWhole } from '../common/csv-cells';
import { fiscalYearLabel } from '../common/fiscal-year';
import type { FormUse } from '../forms/form-use';
import { CHECKLIST_STANDING_LABELS } from '../standing/standing.dto';
import type { CellChecklistDto, MatrixCellDto, MatrixRowDto, StoreSummaryRowDto, VendorSummaryRowDto } from './chain.dto';
import type { ExportDates } from './chain-export-dates';
import { fiscalYearStatement, formStatement } from './chain-forms';
import { READINESS_REASONS } from './chain-readiness';

export type { CellValue };

/** A column of a download: its Japanese header, its width in Excel characters, and its value. */
export interface Column<T> {
  header: string;
  width: number;
  value: (row: T) => CellValue;
}

/** One line of the matrix download: a store × vendor cell (a store without contracts has one line with no vendor). */
export interface MatrixLine {
  row: MatrixRowDto;
  cell: MatrixCellDto | null;
  /** The cell's 提出日 and 目標日 (read beside the snapshot, which holds no dates). */
  dates?: ExportDates;
}

/** "1件/2件" (received of owed), never "1/2", which Excel and LibreOffice read as January 2nd. */
const ratio = (received: number, total: number) => (total === 0 ? '不要' : partOfWhole(received, total));

/** The dates people sort by: the latest 提出日 of the 事業者確認用 and the earliest 目標日 of its いいえ answers. */
function dateColumns<T>(datesOf: (row: T) => ExportDates | undefined): Column<T>[] {
  return [
    { header: 'チェックリスト提出日（最新）', width: 12, value: (row) => calendarDate(datesOf(row)?.submittedOn) },
    { header: '直近の目標日', width: 12, value: (row) => calendarDate(datesOf(row)?.targetOn) },
  ];
}

/**
 * A cell's 事業者確認用 in words: its status label, or, when its contracts stand differently, each
 * status with its count, so that a 旧様式 checklist (re-submission needed) is not hidden behind 未提出.
 */
export function checklistCellText(checklist: CellChecklistDto): string {
  const counts = [
    ['missing', checklist.missing],
    ['form_outdated', checklist.outdated],
    ['received', checklist.received],
  ] as const;
  const present = counts.filter(([, count]) => count > 0);
  if (present.length <= 1) return checklist.statusLabel;
  return present.map(([status, count]) => `${CHECKLIST_STANDING_LABELS[status]} ${count}件`).join('・');
}

export const MATRIX_COLUMNS: Column<MatrixLine>[] = [
  { header: '店舗名', width: 28, value: (l) => l.row.store.name },
  { header: '保険薬局コード', width: 14, value: (l) => l.row.store.pharmacyCode },
  { header: '事業者', width: 28, value: (l) => l.cell?.vendor.name ?? '（契約なし）' },
  { header: '契約種別', width: 16, value: (l) => l.cell?.kindLabel ?? null },
  { header: '状態', width: 10, value: (l) => l.cell?.statusLabel ?? null },
  { header: '事業者確認用チェックリスト', width: 30, value: (l) => (l.cell ? checklistCellText(l.cell.checklist) : null) },
  { header: 'いいえ件数', width: 10, value: (l) => l.cell?.noCount ?? null },
  { header: '目標日超過', width: 10, value: (l) => l.cell?.overdueTargets ?? null },
  ...dateColumns<MatrixLine>((l) => l.dates),
  { header: 'MDS/SDS受領（受領/対象製品）', width: 16, value: (l) => (l.cell ? ratio(l.cell.securityDisclosures.received, l.cell.securityDisclosures.total) : null) },
  { header: 'RM-SDS受領（受領/対象製品）', width: 16, value: (l) => (l.cell ? ratio(l.cell.rmSds.received, l.cell.rmSds.required) : null) },
  { header: 'リモートメンテナンス確認済', width: 12, value: (l) => l.cell?.remoteMaintenance.confirmed ?? null },
  { header: 'リモートメンテナンス開示済', width: 12, value: (l) => l.cell?.remoteMaintenance.disclosed ?? null },
  { header: 'リモートメンテナンス対象製品', width: 12, value: (l) => l.cell?.remoteMaintenance.total ?? null },
  { header: '未対応の依頼', width: 10, value: (l) => l.cell?.openRequests ?? null },
  { header: '期限超過の依頼', width: 10, value: (l) => l.cell?.overdueRequests ?? null },
  { header: '未解決のスレッド', width: 10, value: (l) => l.cell?.openThreads ?? null },
];

export function matrixLines(rows: MatrixRowDto[]): MatrixLine[] {
  return rows.flatMap((row): MatrixLine[] => (row.cells.length === 0 ? [{ row, cell: null }] : row.cells.map((cell) => ({ row, cell }))));
}

/** Vendor summary columns; one いいえ column per item answered いいえ anywhere; the dates of each vendor over the chain when given. */
export function vendorColumns(rows: VendorSummaryRowDto[], dates?: Map<string, ExportDates>): Column<VendorSummaryRowDto>[] {
  const items = [...new Set(rows.flatMap((row) => Object.keys(row.noByItem)))].sort();
  return [
    { header: '事業者', width: 28, value: (r) => r.vendor.name },
    { header: '店舗数', width: 8, value: (r) => r.stores },
    { header: '契約数', width: 8, value: (r) => r.contracts },
    { header: 'チェックリスト対象契約', width: 12, value: (r) => r.checklists.owed },
    { header: 'チェックリスト受領', width: 10, value: (r) => r.checklists.received },
    { header: 'チェックリスト旧様式（旧様式で提出済み・再提出が必要）', width: 14, value: (r) => r.checklists.outdated },
    { header: 'チェックリスト未提出', width: 10, value: (r) => r.checklists.missing },
    { header: 'チェックリスト受領率（%）', width: 12, value: (r) => r.checklists.receivedPercent },
    { header: 'いいえ件数', width: 10, value: (r) => r.noAnswers },
    ...items.map((item): Column<VendorSummaryRowDto> => ({ header: `いいえ ${item}`, width: 9, value: (r) => r.noByItem[item] ?? 0 })),
    { header: '目標日超過', width: 10, value: (r) => r.overdueTargets },
    ...(dates ? dateColumns<VendorSummaryRowDto>((r) => dates.get(r.vendor.id)) : []),
    { header: '未対応の依頼', width: 10, value: (r) => r.openRequests },
    { header: '未解決のスレッド', width: 10, value: (r) => r.openThreads },
    { header: 'MDS/SDS受領', width: 10, value: (r) => r.securityDisclosures.received },
    { header: 'MDS/SDS対象製品', width: 10, value: (r) => r.securityDisclosures.total },
    { header: 'RM-SDS受領', width: 10, value: (r) => r.rmSds.received },
    { header: 'RM-SDS対象製品', width: 10, value: (r) => r.rmSds.required },
    { header: 'リモートメンテナンス確認済', width: 12, value: (r) => r.remoteMaintenance.confirmed },
    { header: 'リモートメンテナンス対象製品', width: 12, value: (r) => r.remoteMaintenance.total },
    { header: 'リモートメンテナンス確認率（%）', width: 12, value: (r) => r.remoteMaintenance.confirmedPercent },
    { header: '接続リスクのある開示', width: 12, value: (r) => r.gatewayRisks.flagged },
    { header: 'リスク内訳', width: 60, value: (r) => r.gatewayRisks.byCode.map((risk) => `${risk.label}: ${risk.count}`).join(' / ') || null },
  ];
}

/** Store summary columns; the dates of each store's 事業者確認用 checklists when given. */
export const storeColumns = (dates?: Map<string, ExportDates>): Column<StoreSummaryRowDto>[] => [
  { header: '店舗名', width: 28, value: (r) => r.store.name },
  { header: '保険薬局コード', width: 14, value: (r) => r.store.pharmacyCode },
  { header: '立入検査の準備', width: 14, value: (r) => (r.ready ? '準備完了' : '未対応あり') },
  ...Object.entries(READINESS_REASONS).map(([code, label]): Column<StoreSummaryRowDto> => ({
    header: label,
    width: 14,
    value: (r) => r.reasons.find((reason) => reason.code === code)?.count ?? 0,
  })),
  { header: '事業者数', width: 8, value: (r) => r.figures.vendors },
  { header: '契約数', width: 8, value: (r) => r.figures.contracts },
  { header: 'いいえ件数', width: 10, value: (r) => r.figures.noAnswers },
  { header: '目標日超過', width: 10, value: (r) => r.figures.overdueTargets },
  ...(dates ? dateColumns<StoreSummaryRowDto>((r) => dates.get(r.store.id)) : []),
  { header: '未対応の依頼', width: 10, value: (r) => r.figures.openRequests },
  { header: '未解決のスレッド', width: 10, value: (r) => r.figures.openThreads },
  { header: '薬局確認用の様式', width: 48, value: (r) => r.ownChecklist.formUse?.label ?? null },
];

/** What a download says about itself: the chain, the 年度 shown and the form versions that apply to it. */
export interface ExportContext {
  chainName: string;
  fiscalYear: number;
  vendorChecklistForm: FormUse | null;
  /** Given for the store summary (its readiness counts the store's own checklist). */
  ownChecklistForm?: FormUse | null;
}

/**
 * The last columns of every CSV line: the 年度 and the 事業者確認用 version that applies to it. A CSV
 * is a table that programs read too, so it says so on each line rather than above the header (and
 * files of several 年度 can be put together).
 */
export function yearColumns<T>(context: ExportContext): Column<T>[] {
  const year = fiscalYearLabel(context.fiscalYear);
  const form = formStatement(context.vendorChecklistForm, context.fiscalYear);
  return [
    { header: '年度', width: 12, value: () => year },
    { header: '事業者確認用の様式', width: 48, value: () => form },
  ];
}

/** The lines above each XLSX sheet's header row: what it shows, for which 年度, on which form versions. */
export function titleLines(title: string, context: ExportContext): string[] {
  return [
    `${title}\u3000${context.chainName}\u3000${fiscalYearStatement(context.fiscalYear)}`,
    `事業者確認用の様式: ${formStatement(context.vendorChecklistForm, context.fiscalYear)}`,
    ...(context.ownChecklistForm === undefined ? [] : [`薬局確認用の様式: ${formStatement(context.ownChecklistForm, context.fiscalYear)}`]),
  ];
}
