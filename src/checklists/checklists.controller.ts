import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { AppError } from '../common/app-error';
import { attachmentDisposition } from '../common/content-disposition';
import { UuidPipe } from '../common/uuid.pipe';
import { ChecklistBatchService } from './checklist-batch.service';
import { ChecklistPdfService } from './checklist-pdf.service';
import { ChecklistReader } from './checklist-reader.service';
import { ChecklistDto, ChecklistRevisionQueryDto, SaveChecklistDto } from './checklists.dto';
import { ChecklistBatchDto, ChecklistBatchResponseDto } from './checklist-batch.dto';
import { ChecklistsService } from './checklists.service';
import { ChecklistListQueryDto, ChecklistSummaryPageDto } from './checklist-list.dto';
import { ChecklistListService } from './checklist-list.service';
import { EntityTagRead, EntityTagWrite } from '../sync/entity-tag.interceptor';
import { ApiProblems } from '../openapi/api-problems.decorator';

const fiscalYearPipe = new ParseIntPipe({
  exceptionFactory: () => AppError.invalid([{ field: 'fiscalYear', message: 'must be the year the 年度 starts in, e.g. 2025 for 令和7年度' }]),
});

function assertFiscalYear(fiscalYear: number): number {
  if (fiscalYear < 2019 || fiscalYear > 2100) throw AppError.invalid([{ field: 'fiscalYear', message: 'must be between 2019 and 2100' }]);
  return fiscalYear;
}

@ApiTags('checklists')
@Controller()
export class ChecklistsController {
  constructor(
    private readonly checklists: ChecklistsService,
    private readonly reader: ChecklistReader,
    private readonly batch: ChecklistBatchService,
    private readonly pdf: ChecklistPdfService,
    private readonly listing: ChecklistListService,
  ) {}

  @ApiOperation({
    summary: "A 年度's checklists in one list, one row per contract (the vendor's customers; a pharmacy or chain its own submitted ones)",
    description:
      'Each row is the revision GET /v1/contracts/{id}/checklists/{fiscalYear} would answer the caller: for the vendor its latest, draft included; for the customer and its chain the latest submitted. ' +
      'An agent (代理店) answers no checklist and lists none. Contracts without a checklist for the 年度 are not listed. Ordered by creation, or with updatedSince by (updatedAt, id).',
  })
  @Authenticated({ clients: true })
  @Get('checklists')
  list(@CurrentPrincipal() principal: Principal, @Query() query: ChecklistListQueryDto): Promise<ChecklistSummaryPageDto> {
    return this.listing.list(principal, query);
  }

  @ApiOperation({ summary: "Save the draft of a contract's 事業者確認用 checklist for a 年度 (a new revision after a submission)" })
  @EntityTagWrite(ChecklistDto)
  @ApiHeader({ name: 'If-None-Match', required: false, description: '`*`: save only if the contract has no checklist for the 年度 yet (two editors who both found none do not both create it); else 412.' })
  @Authenticated({ clients: true, scope: 'checklists:write' })
  @ApiProblems(409, 422)
  @ApiParam({ name: 'fiscalYear', type: 'integer', description: 'The 年度 (fiscal year from April), e.g. 2025 for 令和7年度.' })
  @Put('contracts/:id/checklists/:fiscalYear')
  save(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) contractId: string,
    @Param('fiscalYear', fiscalYearPipe) fiscalYear: number,
    @Body() body: SaveChecklistDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
  ): Promise<ChecklistDto> {
    return this.checklists.saveDraft(principal, contractId, assertFiscalYear(fiscalYear), body, { ifMatch, ifNoneMatch });
  }

  @ApiOperation({ summary: 'The checklist: the vendor sees its latest revision (draft included), the customer the latest submitted' })
  @EntityTagRead(ChecklistDto)
  @Authenticated({ clients: true })
  @ApiParam({ name: 'fiscalYear', type: 'integer', description: 'The 年度 (fiscal year from April), e.g. 2025 for 令和7年度.' })
  @Get('contracts/:id/checklists/:fiscalYear')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) contractId: string,
    @Param('fiscalYear', fiscalYearPipe) fiscalYear: number,
    @Query() query: ChecklistRevisionQueryDto,
  ): Promise<ChecklistDto> {
    return this.reader.get(principal, contractId, assertFiscalYear(fiscalYear), query.revision);
  }

  @ApiOperation({ summary: 'Submit the draft (every item answered, 管理責任者 named)' })
  @Authenticated({ clients: true, scope: 'checklists:write' })
  @ApiProblems(409, 422)
  @ApiParam({ name: 'fiscalYear', type: 'integer', description: 'The 年度 (fiscal year from April), e.g. 2025 for 令和7年度.' })
  @Post('contracts/:id/checklists/:fiscalYear/submit')
  @HttpCode(200)
  submit(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) contractId: string, @Param('fiscalYear', fiscalYearPipe) fiscalYear: number): Promise<ChecklistDto> {
    return this.checklists.submit(principal, contractId, assertFiscalYear(fiscalYear));
  }

  @ApiOperation({ summary: 'The checklist as a PDF, like the official 事業者確認用 sheet' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @Authenticated({ clients: true })
  @ApiParam({ name: 'fiscalYear', type: 'integer', description: 'The 年度 (fiscal year from April), e.g. 2025 for 令和7年度.' })
  @Get('contracts/:id/checklists/:fiscalYear/pdf')
  async getPdf(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) contractId: string,
    @Param('fiscalYear', fiscalYearPipe) fiscalYear: number,
    @Query() query: ChecklistRevisionQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { bytes, filename } = await this.pdf.render(principal, contractId, assertFiscalYear(fiscalYear), query.revision);
    void reply.header('Content-Disposition', attachmentDisposition(filename));
    return new StreamableFile(bytes, { type: 'application/pdf', length: bytes.length });
  }

  @ApiOperation({ summary: 'Submit many customers’ checklists at once (up to 2,000); each entry is created, unchanged or refused with its errors' })
  @Authenticated({ clients: true, scope: 'checklists:write' })
  @ApiProblems(409, 413, 422)
  @Post('checklists/batch')
  @HttpCode(200)
  submitBatch(@CurrentPrincipal() principal: Principal, @Body() body: ChecklistBatchDto): Promise<ChecklistBatchResponseDto> {
    return this.batch.submit(principal, body);
  }
}
