import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { chainFollowupVisible, SqlParams } from '../access/visibility';
import { AppError } from '../common/app-error';
import { todayInJapan } from '../common/fiscal-year';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import type { FollowupQueryDto } from './chain-followups.dto';
import { SKIP_REASON_LABELS } from './followup-coverage';
import { FollowupItemRow, FollowupRow, selectFollowupItems, selectFollowups, toFollowupDto, toItemDto } from './followup-row';
import type { FollowupDetailDto, FollowupDto, FollowupSkipDto } from './followup-views.dto';

/**
 * Reading follow-ups: the chain that sent them and the organization asked, each through
 * chainFollowupVisible; every store's own request or thread with its own status, through the
 * request and thread predicates. What the chain selected and which stores were skipped is the
 * chain's alone: the vendor learns nothing of stores it has no contract with.
 */
@Injectable()
export class FollowupReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(principal: Principal, query: FollowupQueryDto): Promise<Page<FollowupDto>> {
    const params = new SqlParams();
    const select = selectFollowups(principal, params);
    const where = [chainFollowupVisible(principal, 'cf', params)];
    if (query.kind) where.push(`cf.kind = ${params.add(query.kind)}`);
    if (query.vendorId) where.push(`cf.vendor_id = ${params.add(query.vendorId.toLowerCase())}`);
    if (query.open !== undefined) where.push(query.open ? 'coalesce(p.open, 0) > 0' : 'coalesce(p.open, 0) = 0');
    const after = decodeCursor(query.cursor);
    if (after) where.push(`(cf.created_at, cf.id) > (${params.add(after.createdAt)}, ${params.add(after.id)}::uuid)`);
    const size = pageSize(query);
    const rows: FollowupRow[] = await this.db.query(`${select} WHERE ${where.join(' AND ')} ORDER BY cf.created_at, cf.id LIMIT ${params.add(size + 1)}`, params.values);
    return toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), (row) => toFollowupDto(row, principal));
  }

  get(principal: Principal, id: string): Promise<FollowupDetailDto> {
    return this.load(this.db.manager, principal, id);
  }

  /** One follow-up with every store's item, or 404 when not visible. */
  async load(manager: EntityManager, principal: Principal, id: string): Promise<FollowupDetailDto> {
    const params = new SqlParams([id]);
    const select = selectFollowups(principal, params);
    const [row]: FollowupRow[] = await manager.query(`${select} WHERE cf.id = $1 AND ${chainFollowupVisible(principal, 'cf', params)}`, params.values);
    if (!row) throw AppError.notFound('follow-up');
    const itemParams = new SqlParams([id]);
    const items: FollowupItemRow[] = await manager.query(selectFollowupItems(principal, itemParams), itemParams.values);
    const today = todayInJapan();
    const chainSide = principal.organizationKind === 'chain';
    return {
      ...toFollowupDto(row, principal),
      items: items.map((item) => toItemDto(item, today)),
      skipped: chainSide ? await this.skipped(manager, row) : null,
      selectedStoreIds: chainSide ? row.request.storeIds : null,
    };
  }

  private async skipped(manager: EntityManager, row: FollowupRow): Promise<FollowupSkipDto[]> {
    const skips = row.request.skipped ?? [];
    if (skips.length === 0) return [];
    const stores: { id: string; name: string; pharmacy_code: string | null }[] = await manager.query(
      'SELECT id, name, pharmacy_code FROM organizations WHERE id = ANY($1::uuid[]) AND chain_id = $2',
      [skips.map((skip) => skip.storeId), row.chain_id],
    );
    const byId = new Map(stores.map((store) => [store.id, store]));
    return skips.map((skip) => {
      const store = byId.get(skip.storeId);
      return {
        store: { id: skip.storeId, name: store?.name ?? '', pharmacyCode: store?.pharmacy_code ?? null },
        contractId: skip.contractId,
        reason: skip.reason,
        reasonLabel: SKIP_REASON_LABELS[skip.reason],
        existingId: skip.existingId,
      };
    });
  }
}
