import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { DeclineDocumentRequestDto } from '../document-requests/document-requests.dto';
import { RiskThreadMessageInputDto } from '../risk-threads/risk-threads.dto';
import { FollowupQueryDto, FulfilFollowupDto } from './chain-followups.dto';
import { FollowupAnswers } from './followup-answers.service';
import { FollowupReader } from './followup-reader.service';
import { FollowupAnswerDto, FollowupDetailDto, FollowupPageDto } from './followup-views.dto';
import { ApiProblems } from '../openapi/api-problems.decorator';

/** The vendor's side of chain-wide follow-ups: the ones addressed to it, answered once for every store. */
@ApiTags('chain-followups')
@Controller('followups')
export class FollowupsController {
  constructor(
    private readonly reader: FollowupReader,
    private readonly answers: FollowupAnswers,
  ) {}

  @ApiOperation({ summary: 'Follow-ups addressed to you (vendors, agents) or sent by you (chains), with their progress' })
  @Authenticated({ clients: true })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: FollowupQueryDto): Promise<FollowupPageDto> {
    return this.reader.list(principal, query);
  }

  @ApiOperation({ summary: "One follow-up with each covered store's request or thread and its status" })
  @Authenticated({ clients: true })
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<FollowupDetailDto> {
    return this.reader.get(principal, id);
  }

  @ApiOperation({
    summary:
      "Fulfil every open request of the follow-up at once: with one published disclosure (MDS/SDS/RM-SDS), or each store's own submitted checklist (checklist follow-ups); the addressee only",
  })
  @Authenticated({ clients: true, scope: 'requests:write' })
  @ApiProblems(409, 422)
  @Post(':id/fulfil')
  @HttpCode(200)
  fulfil(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: FulfilFollowupDto): Promise<FollowupAnswerDto> {
    return this.answers.fulfil(principal, id, body);
  }

  @ApiOperation({ summary: 'Decline every open request of the follow-up with one reason (the addressee only)' })
  @Authenticated({ clients: true, scope: 'requests:write' })
  @ApiProblems(409)
  @Post(':id/decline')
  @HttpCode(200)
  decline(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: DeclineDocumentRequestDto): Promise<FollowupAnswerDto> {
    return this.answers.decline(principal, id, body.reason);
  }

  @ApiOperation({ summary: "Answer once: the message is written to every store's thread of the follow-up that is not resolved (the addressee only)" })
  @Authenticated({ clients: true, scope: 'threads:write' })
  @ApiProblems(409)
  @Post(':id/messages')
  message(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: RiskThreadMessageInputDto): Promise<FollowupAnswerDto> {
    return this.answers.message(principal, id, body.body);
  }
}
