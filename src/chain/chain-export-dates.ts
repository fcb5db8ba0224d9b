import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { SqlParams } from '../access/visibility';
import { standingCtes, StandingScope } from '../standing/standing.sql';
import type { Statement } from './chain-statements';

/**
 * The dates people sort a download by: the latest 提出日 of the 事業者確認用 checklists (in Japan) and
 * the earliest 目標日 of their いいえ answers (a past one is overdue: 目標日超過 counts those).
 */
export interface ExportDates {
  submittedOn: string | null;
  targetOn: string | null;
}

export type DateGrouping = 'cell' | 'vendor' | 'store';

const GROUP_KEYS: Record<DateGrouping, string> = {
  cell: 'c.customer_id, c.vendor_id',
  vendor: 'c.vendor_id',
  store: 'c.customer_id',
};

/**
 * The dates per store × vendor, per vendor or per store, from the standing's own CTEs (the same
 * checklists, the latest submitted revision of the 年度 per contract, that the matrix counts).
 */
export function exportDatesStatement(principal: Principal, fiscalYear: number, scope: StandingScope, grouping: DateGrouping): Statement {
  const params = new SqlParams();
  const ctes = standingCtes(principal, params, scope, fiscalYear);
  const keys = GROUP_KEYS[grouping];
  const text = `WITH ${ctes}
    SELECT ${keys}, to_char(max(vc.submitted_at AT TIME ZONE 'Asia/Tokyo'), 'YYYY-MM-DD') AS submitted_on,
           to_char(min(na.target_on), 'YYYY-MM-DD') AS target_on
      FROM standing_contracts c
      JOIN standing_checklists vc ON vc.contract_id = c.id
      LEFT JOIN standing_no_answers na ON na.checklist_id = vc.id
     GROUP BY ${keys}`;
  return { text, values: params.values };
}

interface DatesRow {
  customer_id?: string;
  vendor_id?: string;
  submitted_on: string | null;
  target_on: string | null;
}

/** Key of a store × vendor cell in the map `cells` answers. */
export const cellKey = (storeId: string, vendorId: string) => `${storeId}:${vendorId}`;

/** Read at download time, beside the snapshot's figures (which hold counts, not dates). */
@Injectable()
export class ChainExportDates {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Per store × vendor of some stores (a download's chunk), keyed by cellKey. */
  cells(principal: Principal, fiscalYear: number, storeIds: readonly string[], vendorId?: string): Promise<Map<string, ExportDates>> {
    if (storeIds.length === 0) return Promise.resolve(new Map());
    return this.read(exportDatesStatement(principal, fiscalYear, { facilities: storeIds, vendorId }, 'cell'), (row) => cellKey(row.customer_id as string, row.vendor_id as string));
  }

  /** Per vendor over every store of the chain. */
  vendors(principal: Principal, fiscalYear: number, vendorId?: string): Promise<Map<string, ExportDates>> {
    return this.read(exportDatesStatement(principal, fiscalYear, { facilities: 'all', vendorId }, 'vendor'), (row) => row.vendor_id as string);
  }

  /** Per store of the chain, over its vendors. */
  stores(principal: Principal, fiscalYear: number): Promise<Map<string, ExportDates>> {
    return this.read(exportDatesStatement(principal, fiscalYear, { facilities: 'all' }, 'store'), (row) => row.customer_id as string);
  }

  private async read(statement: Statement, key: (row: DatesRow) => string): Promise<Map<string, ExportDates>> {
    const rows: DatesRow[] = await this.db.query(statement.text, statement.values);
    return new Map(rows.map((row) => [key(row), { submittedOn: row.submitted_on, targetOn: row.target_on }]));
  }
}
