import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { PageQueryDto } from '../common/pagination';
import { UuidPipe } from '../common/uuid.pipe';
import { AnswerSetApplicationsService } from './answer-set-applications.service';
import { AnswerSetApplicationDto, AnswerSetApplicationPageDto, AnswerSetDto, AnswerSetPageDto } from './answer-set-responses.dto';
import { AnswerSetQueryDto, ApplyAnswerSetDto, CreateAnswerSetDto, UpdateAnswerSetDto } from './answer-sets.dto';
import { AnswerSetsService } from './answer-sets.service';
import { ApiProblems } from '../openapi/api-problems.decorator';

@ApiTags('answer-sets')
@Controller('answer-sets')
export class AnswerSetsController {
  constructor(
    private readonly sets: AnswerSetsService,
    private readonly applications: AnswerSetApplicationsService,
  ) {}

  @ApiOperation({ summary: 'Keep a set of 事業者確認用 answers for one form version, to apply to many customers (may be saved incomplete as a draft)' })
  @Authenticated({ clients: true, scope: 'checklists:write' })
  @ApiProblems(409)
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateAnswerSetDto): Promise<AnswerSetDto> {
    return this.sets.create(principal, body);
  }

  @ApiOperation({ summary: 'Your answer sets (archived ones with includeArchived=true)' })
  @Authenticated({ clients: true })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: AnswerSetQueryDto): Promise<AnswerSetPageDto> {
    return this.sets.list(principal, query);
  }

  @ApiOperation({ summary: 'One answer set with its answers' })
  @Authenticated({ clients: true })
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<AnswerSetDto> {
    return this.sets.get(principal, id);
  }

  @ApiOperation({ summary: 'Rename the set, change its 管理責任者 or replace its answers (the form version is fixed)' })
  @Authenticated({ clients: true, scope: 'checklists:write' })
  @ApiProblems(409)
  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: UpdateAnswerSetDto): Promise<AnswerSetDto> {
    return this.sets.update(principal, id, body);
  }

  @ApiOperation({ summary: 'Archive the set: no longer listed or applied; its applications and the checklists they created stay' })
  @Authenticated({ clients: true, scope: 'checklists:write' })
  @ApiProblems(409)
  @Delete(':id')
  archive(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<AnswerSetDto> {
    return this.sets.archive(principal, id);
  }

  @ApiOperation({
    summary:
      'Apply the set to the selected customers for a 年度 with per-customer overrides: dryRun previews (200, nothing written); otherwise one checklist revision per customer through the bulk path (201, the finished record)',
  })
  @ApiOkResponse({ type: AnswerSetApplicationDto, description: 'dryRun: the preview' })
  @ApiCreatedResponse({ type: AnswerSetApplicationDto, description: 'The application, done' })
  @Authenticated({ clients: true, scope: 'checklists:write' })
  @ApiProblems(409, 422)
  @Post(':id/applications')
  async apply(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() body: ApplyAnswerSetDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AnswerSetApplicationDto> {
    const application = await this.applications.apply(principal, id, body);
    void reply.status(application.dryRun ? 200 : 201);
    return application;
  }

  @ApiOperation({ summary: 'The applications of a set, newest first, with their progress' })
  @Authenticated({ clients: true })
  @Get(':id/applications')
  listApplications(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Query() query: PageQueryDto): Promise<AnswerSetApplicationPageDto> {
    return this.applications.list(principal, id, query);
  }

  @ApiOperation({ summary: 'One application: total, done, created, unchanged, failed, and the customers refused with their errors' })
  @Authenticated({ clients: true })
  @Get(':id/applications/:applicationId')
  @HttpCode(200)
  getApplication(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) id: string,
    @Param('applicationId', UuidPipe) applicationId: string,
  ): Promise<AnswerSetApplicationDto> {
    return this.applications.get(principal, id, applicationId);
  }
}
