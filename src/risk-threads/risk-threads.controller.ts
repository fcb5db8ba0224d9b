import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { RiskThreadReader } from './risk-thread-reader.service';
import {
  OpenRiskThreadDto,
  ReopenRiskThreadDto,
  ResolveRiskThreadDto,
  RiskThreadDetailDto,
  RiskThreadMessageInputDto,
  RiskThreadPageDto,
  RiskThreadQueryDto,
  UpdateRiskThreadDto,
} from './risk-threads.dto';
import { RiskThreadsService } from './risk-threads.service';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { EntityTagRead, EntityTagWrite } from '../sync/entity-tag.interceptor';

@ApiTags('risk-threads')
@Controller('risk-threads')
export class RiskThreadsController {
  constructor(
    private readonly threads: RiskThreadsService,
    private readonly reader: RiskThreadReader,
  ) {}

  @ApiOperation({ summary: 'Open a risk-communication thread on one answered item of a disclosure or checklist (pharmacy or chain); the answer is snapshotted' })
  @Authenticated({ clients: true, scope: 'threads:write' })
  @ApiProblems(404, 409, 422)
  @Post()
  open(@CurrentPrincipal() principal: Principal, @Body() body: OpenRiskThreadDto): Promise<RiskThreadDetailDto> {
    return this.threads.open(principal, body);
  }

  @ApiOperation({ summary: 'Threads you are party to; filter by status (or open), overdue, document, pharmacy' })
  @Authenticated({ clients: true })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: RiskThreadQueryDto): Promise<RiskThreadPageDto> {
    return this.reader.list(principal, query);
  }

  @ApiOperation({ summary: "One thread: the snapshot, messages, history and the document's current state" })
  @EntityTagRead(RiskThreadDetailDto)
  @Authenticated({ clients: true })
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<RiskThreadDetailDto> {
    return this.reader.get(principal, id);
  }

  @ApiOperation({ summary: 'Change the due date (pharmacy side; null clears it)' })
  @Authenticated({ clients: true, scope: 'threads:write' })
  @ApiProblems(409)
  @EntityTagWrite(RiskThreadDetailDto)
  @Patch(':id')
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() body: UpdateRiskThreadDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<RiskThreadDetailDto> {
    return this.threads.update(principal, id, body, ifMatch);
  }

  @ApiOperation({ summary: 'Write a message (either side): a vendor message waits for the pharmacy, a pharmacy message for the vendor' })
  @Authenticated({ clients: true, scope: 'threads:write' })
  @ApiProblems(409)
  @Post(':id/messages')
  message(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: RiskThreadMessageInputDto): Promise<RiskThreadDetailDto> {
    return this.threads.message(principal, id, body);
  }

  @ApiOperation({ summary: 'Change the text of your own message; the previous text is kept in the history' })
  @Authenticated({ clients: true, scope: 'threads:write' })
  @ApiProblems(409)
  @Patch(':id/messages/:messageId')
  editMessage(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) id: string,
    @Param('messageId', UuidPipe) messageId: string,
    @Body() body: RiskThreadMessageInputDto,
  ): Promise<RiskThreadDetailDto> {
    return this.threads.editMessage(principal, id, messageId, body);
  }

  @ApiOperation({ summary: 'Resolve (pharmacy side): risk_accepted, mitigated (note: how), fix_planned (fixDueOn) or not_applicable' })
  @Authenticated({ clients: true, scope: 'threads:write' })
  @ApiProblems(409)
  @Post(':id/resolve')
  @HttpCode(200)
  resolve(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: ResolveRiskThreadDto): Promise<RiskThreadDetailDto> {
    return this.threads.resolve(principal, id, body);
  }

  @ApiOperation({ summary: 'Reopen a resolved thread (pharmacy side); the previous resolution stays in the history' })
  @Authenticated({ clients: true, scope: 'threads:write' })
  @ApiProblems(409)
  @Post(':id/reopen')
  @HttpCode(200)
  reopen(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: ReopenRiskThreadDto): Promise<RiskThreadDetailDto> {
    return this.threads.reopen(principal, id, body);
  }
}
