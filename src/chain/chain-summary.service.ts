import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { missingChecklistItems } from '../checklists/checklist-answers';
import { fiscalYearLabel, todayInJapan } from '../common/fiscal-year';
import { derivedKindOf } from '../facility-checklists/derived-items';
import type { FormDefinition } from '../forms/form-definition';
import { describeFormUse } from '../forms/form-use';
import { FormsService, noFormForYear } from '../forms/forms.service';
import { vendorChecklistForm } from './chain-forms';
import { decodeOffsetCursor, nextOffsetCursor } from './chain-paging';
import type { StoreSummaryQueryDto } from './chain-query.dto';
import { readiness, storeFigures, StoreSummaryRow } from './chain-readiness';
import { ChainSnapshots } from './chain-snapshots.service';
import { storeSummaryStatement } from './chain-statements';
import { toVendorSummary } from './chain-vendor-summary';
import type { ChainRefDto, OwnChecklistStateDto, StoreSummaryDto, StoreSummaryRowDto, VendorSummaryDto } from './chain.dto';

/** The per-vendor and per-store summaries of a chain for a 年度. */
@Injectable()
export class ChainSummaryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
    private readonly snapshots: ChainSnapshots,
  ) {}

  async vendors(principal: Principal, chain: ChainRefDto, fiscalYear: number, vendorId?: string): Promise<VendorSummaryDto> {
    const rows = await this.snapshots.vendors(await this.snapshots.current(principal, chain.id, fiscalYear));
    const today = todayInJapan();
    const items = rows.filter((row) => vendorId === undefined || row.vendor_id === vendorId).map((row) => toVendorSummary(row, today));
    return { chain, fiscalYear, fiscalYearLabel: fiscalYearLabel(fiscalYear), vendorChecklistForm: await vendorChecklistForm(this.forms, fiscalYear), items };
  }

  /** Every store's readiness; totals over the whole chain, items filtered, sorted and paged (downloads: `limit` Infinity). */
  async stores(principal: Principal, chain: ChainRefDto, fiscalYear: number, query: StoreSummaryQueryDto, all = false): Promise<StoreSummaryDto> {
    const snapshot = await this.snapshots.current(principal, chain.id, fiscalYear);
    const statement = storeSummaryStatement(principal, snapshot.generation, fiscalYear, todayInJapan());
    const rows: StoreSummaryRow[] = await this.db.query(statement.text, statement.values);
    // The 薬局確認用 that applies to the 年度: the latest earlier version while the 年度 has none of its own.
    const applicable = await this.forms.facilityChecklistFor('pharmacy', fiscalYear).catch(noFormForYear);
    const forms = new Map<string, FormDefinition>();
    for (const id of new Set(rows.map((row) => row.own_form_id).filter((id): id is string => id !== null))) forms.set(id, await this.forms.get(id));
    const summaries = rows.map((row): StoreSummaryRowDto => {
      const own = ownChecklist(fiscalYear, row, row.own_form_id ? forms.get(row.own_form_id) : undefined, applicable);
      return {
        store: { id: row.id, name: row.name, pharmacyCode: row.pharmacy_code },
        ...readiness(row, own),
        figures: storeFigures(row),
        ownChecklist: own,
      };
    });
    const reasons: Record<string, number> = {};
    for (const summary of summaries) for (const reason of summary.reasons) reasons[reason.code] = (reasons[reason.code] ?? 0) + 1;
    const ready = summaries.filter((summary) => summary.ready).length;
    const matching = sortStores(
      summaries.filter((s) => (query.storeId === undefined || s.store.id === query.storeId) && (query.ready === undefined || s.ready === query.ready)),
      query,
    );
    const offset = all ? 0 : decodeOffsetCursor(query.cursor);
    const limit = all ? matching.length : (query.limit ?? 50);
    return {
      chain,
      fiscalYear,
      fiscalYearLabel: fiscalYearLabel(fiscalYear),
      vendorChecklistForm: await vendorChecklistForm(this.forms, fiscalYear),
      ownChecklistForm: applicable ? describeFormUse(fiscalYear, applicable, applicable, false) : null,
      totals: { stores: summaries.length, ready, notReady: summaries.length - ready, reasons },
      items: matching.slice(offset, offset + limit),
      total: matching.length,
      nextCursor: all ? null : nextOffsetCursor(offset, limit, matching.length),
    };
  }
}

/**
 * The store's own 薬局確認用 as its checklist page shows it: saved, on the version that applies to
 * the 年度 (carried forward or not; older: 旧様式), every required item answered.
 */
function ownChecklist(fiscalYear: number, row: StoreSummaryRow, form: FormDefinition | undefined, applicable: FormDefinition | null): OwnChecklistStateDto {
  const shown = form ?? applicable;
  if (!shown) return { saved: false, formOutdated: false, formUse: null, missingItems: 0, overdueTargets: 0 };
  const use = applicable ? describeFormUse(fiscalYear, shown, applicable, form !== undefined) : null;
  const derived = shown.items.filter((item) => derivedKindOf(item) !== null).map((item) => item.id);
  return {
    saved: form !== undefined,
    formOutdated: use?.outdated ?? false,
    formUse: use,
    missingItems: missingChecklistItems(shown, [...derived, ...(row.own_answered ?? [])]).length,
    overdueTargets: row.own_overdue ?? 0,
  };
}

function sortStores(items: StoreSummaryRowDto[], query: StoreSummaryQueryDto): StoreSummaryRowDto[] {
  const sort = query.sort ?? 'name';
  const sign = (query.order ?? (sort === 'readiness' ? 'desc' : 'asc')) === 'desc' ? -1 : 1;
  const byName = (a: StoreSummaryRowDto, b: StoreSummaryRowDto) => (a.store.name < b.store.name ? -1 : a.store.name > b.store.name ? 1 : a.store.id < b.store.id ? -1 : 1);
  const key = (s: StoreSummaryRowDto): number | string =>
    sort === 'code' ? (s.store.pharmacyCode ?? '\uffff') : sort === 'readiness' ? s.reasons.reduce((total, reason) => total + reason.count, 0) : '';
  if (sort === 'name') return sign === 1 ? items : [...items].reverse();
  return [...items].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x < y ? -sign : x > y ? sign : byName(a, b);
  });
}
