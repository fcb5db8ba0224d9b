import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { fiscalYearLabel } from '../common/fiscal-year';
import { FormsService } from '../forms/forms.service';
import { CellRow, StoreRef, toCell, toRow } from './chain-cells';
import { decodeOffsetCursor, nextOffsetCursor } from './chain-paging';
import type { MatrixQueryDto } from './chain-query.dto';
import { ChainSnapshots, Snapshot } from './chain-snapshots.service';
import { vendorChecklistForm } from './chain-forms';
import { cellsStatement, Statement, StorePageOptions, storePageStatement } from './chain-statements';
import type { ChainPartyDto, ChainRefDto, MatrixDto, MatrixRowDto } from './chain.dto';

/** Stores per statement when a download walks the whole matrix (3,000 stores × 15 vendors in 6 rounds). */
export const EXPORT_CHUNK = 500;

type PageRow = StoreRef & { total: number; id: string | null };

/**
 * The store × vendor matrix of a chain for a 年度: a page of stores, then the cells of those stores
 * from the chain's snapshot of the standing's own statements (so every figure is the one the store sees).
 */
@Injectable()
export class ChainMatrixService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly snapshots: ChainSnapshots,
    private readonly forms: FormsService,
  ) {}

  async page(principal: Principal, chain: ChainRefDto, fiscalYear: number, query: MatrixQueryDto): Promise<MatrixDto> {
    const offset = decodeOffsetCursor(query.cursor);
    const limit = query.limit ?? 50;
    const snapshot = await this.snapshots.current(principal, chain.id, fiscalYear);
    const { stores, total } = await this.stores(principal, snapshot, pageOptions(query, offset, limit));
    const items = await this.rows(snapshot, stores, query.vendorId);
    const vendors = await this.vendors(snapshot, query.vendorId);
    return {
      chain,
      fiscalYear,
      fiscalYearLabel: fiscalYearLabel(fiscalYear),
      vendorChecklistForm: await vendorChecklistForm(this.forms, fiscalYear),
      vendors,
      items,
      total,
      nextCursor: nextOffsetCursor(offset, limit, total),
    };
  }

  /** Every matching store's row, a chunk of stores at a time (downloads), in the page order. */
  async *chunks(principal: Principal, snapshot: Snapshot, query: MatrixQueryDto): AsyncGenerator<MatrixRowDto[]> {
    for (let offset = 0; ; offset += EXPORT_CHUNK) {
      const { stores, total } = await this.stores(principal, snapshot, pageOptions(query, offset, EXPORT_CHUNK));
      if (stores.length > 0) yield await this.rows(snapshot, stores, query.vendorId);
      if (offset + EXPORT_CHUNK >= total) return;
    }
  }

  /** The columns: every vendor under contract with a store of the chain during the 年度 (or the one asked for). */
  async vendors(snapshot: Snapshot, vendorId?: string): Promise<ChainPartyDto[]> {
    const vendors = await this.snapshots.vendors(snapshot);
    return vendors.filter((v) => vendorId === undefined || v.vendor_id === vendorId).map((v) => ({ id: v.vendor_id, name: v.vendor_name }));
  }

  private async stores(principal: Principal, snapshot: Snapshot, options: StorePageOptions): Promise<{ stores: StoreRef[]; total: number }> {
    const rows: PageRow[] = await this.run(storePageStatement(principal, snapshot.generation, options));
    return { stores: rows.filter((row): row is PageRow & { id: string } => row.id !== null), total: rows[0]?.total ?? 0 };
  }

  private async rows(snapshot: Snapshot, stores: StoreRef[], vendorId?: string): Promise<MatrixRowDto[]> {
    if (stores.length === 0) return [];
    const cells: CellRow[] = await this.run(
      cellsStatement(
        snapshot.generation,
        stores.map((store) => store.id),
        vendorId,
      ),
    );
    const byStore = new Map<string, CellRow[]>();
    for (const cell of cells) {
      const list = byStore.get(cell.customer_id) ?? [];
      list.push(cell);
      byStore.set(cell.customer_id, list);
    }
    return stores.map((store) => toRow(store, (byStore.get(store.id) ?? []).map(toCell)));
  }

  private run<T>(statement: Statement): Promise<T[]> {
    return this.db.query(statement.text, statement.values);
  }
}

function pageOptions(query: MatrixQueryDto, offset: number, limit: number): StorePageOptions {
  const sort = query.sort ?? 'name';
  const descending = query.order ? query.order === 'desc' : !['name', 'code'].includes(sort);
  return { storeId: query.storeId, vendorId: query.vendorId, status: query.status, sort, descending, offset, limit };
}
