import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { todayInJapan } from '../common/fiscal-year';
import { freshnessStatement, snapshotStatement } from './chain-statements';
import type { VendorRow } from './chain-vendor-summary';

export interface Snapshot {
  generation: string;
}

/**
 * A chain's aggregates are read from a snapshot of the standing's own statements over all its stores
 * (migrations/1764050000000-ChainAggregates.ts). Before every read the snapshot is checked against the
 * changes written since (by triggers, per chain); a stale one is computed again, in one statement,
 * while concurrent readers of the same chain and 年度 wait for it. So a figure is never older than
 * the last committed write, and a read after no write costs an index lookup.
 */
@Injectable()
export class ChainSnapshots {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async current(principal: Principal, chainId: string, fiscalYear: number): Promise<Snapshot> {
    const today = todayInJapan();
    const fresh = await this.fresh(this.db.manager, chainId, fiscalYear, today);
    if (fresh) return fresh;
    return this.db.transaction(async (manager) => {
      // A big one-off statement: JIT compilation costs more than it saves, and its hashes and sorts fit in memory.
      await manager.query(`SET LOCAL jit = off; SET LOCAL work_mem = '64MB'`);
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1), $2)', [`chain-aggregates:${chainId}`, fiscalYear]);
      const computed = await this.fresh(manager, chainId, fiscalYear, today);
      if (computed) return computed;
      const statement = snapshotStatement(principal, chainId, fiscalYear, today);
      const [row]: { generation: string }[] = await manager.query(statement.text, statement.values);
      await manager.query(`DELETE FROM chain_changes WHERE at < now() - interval '2 days'`);
      return { generation: row.generation };
    });
  }

  async vendors(snapshot: Snapshot): Promise<VendorRow[]> {
    const [row]: { vendors: VendorRow[] }[] = await this.db.query('SELECT vendors FROM chain_aggregate_snapshots WHERE generation = $1', [snapshot.generation]);
    return row?.vendors ?? [];
  }

  private async fresh(manager: EntityManager, chainId: string, fiscalYear: number, today: string): Promise<Snapshot | undefined> {
    const statement = freshnessStatement(chainId, fiscalYear, today);
    const [row]: { generation: string; fresh: boolean }[] = await manager.query(statement.text, statement.values);
    return row?.fresh ? { generation: row.generation } : undefined;
  }
}
