import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateFollowupDto, FollowupQueryDto } from './chain-followups.dto';
import { ChainFollowupsService } from './chain-followups.service';
import { FollowupDetailDto, FollowupPageDto } from './followup-views.dto';
import { ApiProblems } from '../openapi/api-problems.decorator';

@ApiTags('chain-followups')
@Controller('chains/:id/followups')
export class ChainFollowupsController {
  constructor(private readonly followups: ChainFollowupsService) {}

  @ApiOperation({
    summary:
      'Headquarters asks a vendor once for all or selected stores: one document request or risk thread per covered store (each its own); stores that do not qualify are listed in skipped',
  })
  @Authenticated({ clients: true })
  @ApiProblems(422)
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) chainId: string, @Body() body: CreateFollowupDto): Promise<FollowupDetailDto> {
    return this.followups.create(principal, chainId, body);
  }

  @ApiOperation({ summary: "The chain's follow-ups with their progress; filter by kind, vendor, open" })
  @Authenticated({ clients: true })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) chainId: string, @Query() query: FollowupQueryDto): Promise<FollowupPageDto> {
    return this.followups.list(principal, chainId, query);
  }

  @ApiOperation({ summary: "One follow-up: each store's own request or thread and its status, and the stores skipped" })
  @Authenticated({ clients: true })
  @Get(':followupId')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) chainId: string, @Param('followupId', UuidPipe) id: string): Promise<FollowupDetailDto> {
    return this.followups.get(principal, chainId, id);
  }
}
