import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { chainStoresVisible, SqlParams } from '../access/visibility';
import { AppError } from '../common/app-error';
import type { ChainRefDto } from './chain.dto';

/** The chain whose aggregates are asked for, if the caller is that chain (its users and API clients); 404 for anyone else. */
@Injectable()
export class ChainAccess {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async chain(principal: Principal, chainId: string): Promise<ChainRefDto> {
    const params = new SqlParams([chainId]);
    const [chain]: ChainRefDto[] = await this.db.query(
      `SELECT o.id, o.name FROM organizations o WHERE o.id = $1 AND o.kind = 'chain' AND ${chainStoresVisible(principal, 'o.id', params)}`,
      params.values,
    );
    if (!chain) throw AppError.notFound('chain');
    return chain;
  }
}
