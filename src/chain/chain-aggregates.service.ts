import { Injectable, StreamableFile } from '@nestjs/common';
import type ExcelJS from 'exceljs';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { fiscalYearLabel } from '../common/fiscal-year';
import { FormsService } from '../forms/forms.service';
import { ChainAccess } from './chain-access.service';
import { vendorChecklistForm } from './chain-forms';
import { cellKey, ChainExportDates } from './chain-export-dates';
import { Column, ExportContext, MATRIX_COLUMNS, MatrixLine, matrixLines, storeColumns, titleLines, vendorColumns, yearColumns } from './chain-export-tables';
import { ChainMatrixService } from './chain-matrix.service';
import type { CsvEncoding, ExportFormat, MatrixQueryDto, StoreSummaryQueryDto, VendorSummaryQueryDto } from './chain-query.dto';
import { ChainSnapshots } from './chain-snapshots.service';
import { ChainSummaryService } from './chain-summary.service';
import type { CellStatus, ChainPartyDto, MatrixDto, MatrixRowDto, StoreSummaryDto, StoreSummaryRowDto, VendorSummaryDto, VendorSummaryRowDto } from './chain.dto';
import { CELL_STATUS_LABELS } from './chain.dto';
import { CSV_CONTENT_TYPE } from './csv-encoding';
import { AnySheet, csvStream, sheet, single, XLSX_CONTENT_TYPE, xlsxStream } from './spreadsheet-writers';
import { attachmentDisposition } from '../common/content-disposition';

export interface Download {
  file: StreamableFile;
  disposition: string;
}

const HEAT: Record<CellStatus, string> = { ok: 'FFC6EFCE', attention: 'FFFFEB9C', missing: 'FFFFC7CE' };

/**
 * The chain's aggregates as JSON or as downloads for Excel. Access is checked (404 for anyone but
 * the chain) and every read is audited before anything is computed or streamed. Every answer says
 * which 年度 it shows and which form versions apply to it: JSON in its fields, a CSV on each line,
 * an XLSX above each sheet's header, and every file name.
 */
@Injectable()
export class ChainAggregatesService {
  constructor(
    private readonly access: ChainAccess,
    private readonly matrixService: ChainMatrixService,
    private readonly summaries: ChainSummaryService,
    private readonly snapshots: ChainSnapshots,
    private readonly audit: AuditService,
    private readonly forms: FormsService,
    private readonly dates: ChainExportDates,
  ) {}

  async matrix(principal: Principal, chainId: string, fiscalYear: number, query: MatrixQueryDto, format: ExportFormat): Promise<MatrixDto | Download> {
    const chain = await this.access.chain(principal, chainId);
    await this.record(principal, chainId, 'matrix', format, { fiscalYear, vendorId: query.vendorId, storeId: query.storeId, status: query.status, sort: query.sort });
    if (format === 'json') return this.matrixService.page(principal, chain, fiscalYear, query);
    const snapshot = await this.snapshots.current(principal, chainId, fiscalYear);
    const chunks = () => this.matrixService.chunks(principal, snapshot, query);
    const lines = (rows: AsyncIterable<MatrixRowDto[]>) => this.datedLines(principal, fiscalYear, rows, query.vendorId);
    const context: ExportContext = { chainName: chain.name, fiscalYear, vendorChecklistForm: await vendorChecklistForm(this.forms, fiscalYear) };
    const name = `店舗別事業者状況_${fiscalYearLabel(fiscalYear)}`;
    if (format === 'csv') return csv(name, [...MATRIX_COLUMNS, ...yearColumns<MatrixLine>(context)], lines(chunks()), query.encoding);
    const vendors = await this.matrixService.vendors(snapshot, query.vendorId);
    const title = titleLines('店舗別事業者状況', context);
    return xlsx(name, [
      heatMapSheet(vendors, chunks, title),
      sheet({ name: '明細', title, columns: MATRIX_COLUMNS, batches: () => lines(chunks()), frozenColumns: 3 }),
    ]);
  }

  async vendorSummary(principal: Principal, chainId: string, fiscalYear: number, query: VendorSummaryQueryDto, format: ExportFormat): Promise<VendorSummaryDto | Download> {
    const chain = await this.access.chain(principal, chainId);
    await this.record(principal, chainId, 'vendor_summary', format, { fiscalYear, vendorId: query.vendorId });
    const summary = await this.summaries.vendors(principal, chain, fiscalYear, query.vendorId);
    if (format === 'json') return summary;
    const name = `事業者別サマリー_${fiscalYearLabel(fiscalYear)}`;
    const context: ExportContext = { chainName: chain.name, fiscalYear, vendorChecklistForm: summary.vendorChecklistForm };
    const columns = vendorColumns(summary.items, await this.dates.vendors(principal, fiscalYear, query.vendorId));
    if (format === 'csv') return csv(name, [...columns, ...yearColumns<VendorSummaryRowDto>(context)], single(summary.items), query.encoding);
    const title = titleLines('事業者別サマリー', context);
    return xlsx(name, [sheet({ name: '事業者別', title, columns, batches: () => single(summary.items), frozenColumns: 1 })]);
  }

  async storeSummary(principal: Principal, chainId: string, fiscalYear: number, query: StoreSummaryQueryDto, format: ExportFormat): Promise<StoreSummaryDto | Download> {
    const chain = await this.access.chain(principal, chainId);
    await this.record(principal, chainId, 'store_summary', format, { fiscalYear, storeId: query.storeId, ready: query.ready, sort: query.sort });
    const summary = await this.summaries.stores(principal, chain, fiscalYear, query, format !== 'json');
    if (format === 'json') return summary;
    const name = `店舗別立入検査準備_${fiscalYearLabel(fiscalYear)}`;
    const context: ExportContext = { chainName: chain.name, fiscalYear, vendorChecklistForm: summary.vendorChecklistForm, ownChecklistForm: summary.ownChecklistForm };
    const columns = storeColumns(await this.dates.stores(principal, fiscalYear));
    if (format === 'csv') return csv(name, [...columns, ...yearColumns<StoreSummaryRowDto>(context)], single(summary.items), query.encoding);
    const title = titleLines('店舗別立入検査準備', context);
    return xlsx(name, [sheet({ name: '店舗別', title, columns, batches: () => single(summary.items), frozenColumns: 2 })]);
  }

  /** The matrix's lines, chunk by chunk, each with its cell's 提出日 and 目標日. */
  private async *datedLines(principal: Principal, fiscalYear: number, chunks: AsyncIterable<MatrixRowDto[]>, vendorId?: string): AsyncGenerator<MatrixLine[]> {
    for await (const rows of chunks) {
      const dates = await this.dates.cells(principal, fiscalYear, rows.map((row) => row.store.id), vendorId);
      yield matrixLines(rows).map((line) => ({ ...line, dates: line.cell ? dates.get(cellKey(line.row.store.id, line.cell.vendor.id)) : undefined }));
    }
  }

  private record(principal: Principal, chainId: string, what: string, format: ExportFormat, details: Record<string, unknown>): Promise<void> {
    return this.audit.record({
      actor: principal,
      organizationId: principal.organizationId,
      action: format === 'json' ? `chain.${what}.read` : `chain.${what}.export`,
      target: { type: 'organization', id: chainId },
      details: { ...Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)), format },
    });
  }
}

function csv<T>(name: string, columns: Column<T>[], batches: AsyncIterable<T[]>, encoding: CsvEncoding = 'utf-8'): Download {
  return {
    file: new StreamableFile(csvStream(columns, batches, encoding), { type: CSV_CONTENT_TYPE[encoding] }),
    disposition: attachmentDisposition(`${name}.csv`),
  };
}

function xlsx(name: string, sheets: AnySheet[]): Download {
  return { file: new StreamableFile(xlsxStream(sheets), { type: XLSX_CONTENT_TYPE }), disposition: attachmentDisposition(`${name}.xlsx`) };
}

/** One row per store, one column per vendor, each cell its status with the heat-map colour. */
function heatMapSheet(vendors: ChainPartyDto[], chunks: () => AsyncIterable<MatrixRowDto[]>, title: string[]): AnySheet {
  const columns: Column<MatrixRowDto>[] = [
    { header: '店舗名', width: 28, value: (r) => r.store.name },
    { header: '保険薬局コード', width: 14, value: (r) => r.store.pharmacyCode },
    ...vendors.map((vendor): Column<MatrixRowDto> => ({
      header: vendor.name,
      width: 14,
      value: (r) => {
        const cell = r.cells.find((c) => c.vendor.id === vendor.id);
        return cell ? CELL_STATUS_LABELS[cell.status] : '—';
      },
    })),
  ];
  const decorate = (row: ExcelJS.Row, item: MatrixRowDto) => {
    vendors.forEach((vendor, index) => {
      const cell = item.cells.find((c) => c.vendor.id === vendor.id);
      if (cell) row.getCell(index + 3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEAT[cell.status] } };
    });
  };
  return sheet({ name: 'ヒートマップ', title, columns, batches: chunks, frozenColumns: 2, decorate });
}
