import type { MatrixCellDto, MatrixRowDto, StoreSummaryRowDto, VendorSummaryRowDto } from './chain.dto';
import { READINESS_REASONS } from './chain-readiness';

export type CellValue = string | number | null;

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
}

const ratio = (received: number, total: number) => (total === 0 ? '不要' : `${received}/${total}`);

export const MATRIX_COLUMNS: Column<MatrixLine>[] = [
  { header: '店舗名', width: 28, value: (l) => l.row.store.name },
  { header: '保険薬局コード', width: 14, value: (l) => l.row.store.pharmacyCode },
  { header: '事業者', width: 28, value: (l) => l.cell?.vendor.name ?? '（契約なし）' },
  { header: '契約種別', width: 16, value: (l) => l.cell?.kindLabel ?? null },
  { header: '状態', width: 10, value: (l) => l.cell?.statusLabel ?? null },
  { header: '事業者確認用チェックリスト', width: 26, value: (l) => l.cell?.checklist.statusLabel ?? null },
  { header: 'いいえ件数', width: 10, value: (l) => l.cell?.noCount ?? null },
  { header: '目標日超過', width: 10, value: (l) => l.cell?.overdueTargets ?? null },
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

/** Vendor summary columns; one いいえ column per item answered いいえ anywhere. */
export function vendorColumns(rows: VendorSummaryRowDto[]): Column<VendorSummaryRowDto>[] {
  const items = [...new Set(rows.flatMap((row) => Object.keys(row.noByItem)))].sort();
  return [
    { header: '事業者', width: 28, value: (r) => r.vendor.name },
    { header: '店舗数', width: 8, value: (r) => r.stores },
    { header: '契約数', width: 8, value: (r) => r.contracts },
    { header: 'チェックリスト対象契約', width: 12, value: (r) => r.checklists.owed },
    { header: 'チェックリスト受領', width: 10, value: (r) => r.checklists.received },
    { header: 'チェックリスト旧様式', width: 10, value: (r) => r.checklists.outdated },
    { header: 'チェックリスト未提出', width: 10, value: (r) => r.checklists.missing },
    { header: 'チェックリスト受領率（%）', width: 12, value: (r) => r.checklists.receivedPercent },
    { header: 'いいえ件数', width: 10, value: (r) => r.noAnswers },
    ...items.map((item): Column<VendorSummaryRowDto> => ({ header: `いいえ ${item}`, width: 9, value: (r) => r.noByItem[item] ?? 0 })),
    { header: '目標日超過', width: 10, value: (r) => r.overdueTargets },
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

export const STORE_COLUMNS: Column<StoreSummaryRowDto>[] = [
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
  { header: '未対応の依頼', width: 10, value: (r) => r.figures.openRequests },
  { header: '未解決のスレッド', width: 10, value: (r) => r.figures.openThreads },
];

/**
 * Excel runs a cell that starts with = + - @ (or a tab or carriage return) as a formula; names come
 * from vendors and stores, so such text is prefixed with an apostrophe (OWASP "CSV injection").
 */
export function inert(value: CellValue): CellValue {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
