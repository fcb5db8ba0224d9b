import { Injectable } from '@nestjs/common';
import type { Principal } from '../access/principal';
import type { Page } from '../common/pagination';
import type { CreateFollowupDto, FollowupQueryDto } from './chain-followups.dto';
import { assertOwnChain, assertScope } from './followup-coverage';
import { FollowupReader } from './followup-reader.service';
import { FollowupRequests } from './followup-requests.service';
import { FollowupThreads } from './followup-threads.service';
import type { FollowupDetailDto, FollowupDto } from './followup-views.dto';

/**
 * Chain-wide follow-ups, headquarters' side: one request or thread to a vendor covering all or
 * selected stores (FollowupRequests, FollowupThreads), and reading them back with each store's
 * own status. The routes under /chains/{id} are the chain's own; anyone else gets 404.
 */
@Injectable()
export class ChainFollowupsService {
  constructor(
    private readonly requests: FollowupRequests,
    private readonly threads: FollowupThreads,
    private readonly reader: FollowupReader,
  ) {}

  async create(principal: Principal, chainId: string, input: CreateFollowupDto): Promise<FollowupDetailDto> {
    assertOwnChain(principal, chainId);
    assertScope(principal, input.kind === 'document_request' ? 'requests:write' : 'threads:write');
    const id = input.kind === 'document_request' ? await this.requests.create(principal, input) : await this.threads.create(principal, input);
    return this.reader.get(principal, id);
  }

  list(principal: Principal, chainId: string, query: FollowupQueryDto): Promise<Page<FollowupDto>> {
    assertOwnChain(principal, chainId);
    return this.reader.list(principal, query);
  }

  get(principal: Principal, chainId: string, id: string): Promise<FollowupDetailDto> {
    assertOwnChain(principal, chainId);
    return this.reader.get(principal, id);
  }
}
