import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { AppError } from '../common/app-error';
import { attachmentDisposition } from '../common/content-disposition';
import { UuidPipe } from '../common/uuid.pipe';
import { ChecklistBatchService } from './checklist-batch.service';
import { ChecklistPdfService } from './checklist-pdf.service';
import { ChecklistReader } from './checklist-reader.service';
import { ChecklistBatchDto, ChecklistBatchResponseDto, ChecklistDto, ChecklistRevisionQueryDto, SaveChecklistDto } from './checklists.dto';
import { ChecklistsService } from './checklists.service';

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
  ) {}

  @ApiOperation({ summary: "Save the draft of a contract's 事業者確認用 checklist for a 年度 (a new revision after a submission)" })
  @Authenticated({ clients: true, scope: 'checklists:write' })
  @Put('contracts/:id/checklists/:fiscalYear')
  save(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) contractId: string,
    @Param('fiscalYear', fiscalYearPipe) fiscalYear: number,
    @Body() body: SaveChecklistDto,
  ): Promise<ChecklistDto> {
    return this.checklists.saveDraft(principal, contractId, assertFiscalYear(fiscalYear), body);
  }

  @ApiOperation({ summary: 'The checklist: the vendor sees its latest revision (draft included), the customer the latest submitted' })
  @Authenticated({ clients: true })
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
  @Post('contracts/:id/checklists/:fiscalYear/submit')
  @HttpCode(200)
  submit(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) contractId: string, @Param('fiscalYear', fiscalYearPipe) fiscalYear: number): Promise<ChecklistDto> {
    return this.checklists.submit(principal, contractId, assertFiscalYear(fiscalYear));
  }

  @ApiOperation({ summary: 'The checklist as a PDF, like the official 事業者確認用 sheet' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @Authenticated({ clients: true })
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
  @Post('checklists/batch')
  @HttpCode(200)
  submitBatch(@CurrentPrincipal() principal: Principal, @Body() body: ChecklistBatchDto): Promise<ChecklistBatchResponseDto> {
    return this.batch.submit(principal, body);
  }
}
