import { Controller, Get, Headers, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { currentFiscalYear } from '../common/fiscal-year';
import { UuidPipe } from '../common/uuid.pipe';
import { ChainAggregatesService, Download } from './chain-aggregates.service';
import { ExportFormat, MatrixQueryDto, StoreSummaryQueryDto, VendorSummaryQueryDto } from './chain-query.dto';
import { MatrixDto, StoreSummaryDto, VendorSummaryDto } from './chain.dto';
import { XLSX_CONTENT_TYPE } from './spreadsheet-writers';

const PRODUCES = ['application/json', 'text/csv', XLSX_CONTENT_TYPE];

/** The 200 answer in each format: JSON as the DTO says, the downloads as what they are (CSV text, an XLSX workbook). */
function exportResponse(type: new () => unknown) {
  return {
    content: {
      'application/json': { schema: { $ref: getSchemaPath(type) } },
      'text/csv': { schema: { type: 'string' } },
      [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  };
}

/** format= wins; otherwise the Accept header (XLSX, then CSV); JSON by default. */
function formatOf(format: ExportFormat | undefined, accept: string | undefined): ExportFormat {
  if (format) return format;
  if (accept?.includes(XLSX_CONTENT_TYPE)) return 'xlsx';
  if (accept?.includes('text/csv')) return 'csv';
  return 'json';
}

function send<T>(result: T | Download, reply: FastifyReply): T | StreamableFile {
  if (result && typeof result === 'object' && 'file' in result && 'disposition' in result) {
    void reply.header('Content-Disposition', result.disposition).header('Cache-Control', 'no-store');
    return result.file;
  }
  return result;
}

@ApiTags('chains')
@ApiExtraModels(MatrixDto, VendorSummaryDto, StoreSummaryDto)
@Controller('chains/:id')
export class ChainController {
  constructor(private readonly aggregates: ChainAggregatesService) {}

  @ApiOperation({ summary: 'Store × vendor matrix of the chain for a 年度 (heat map), paged by store; format=csv|xlsx or Accept downloads every store' })
  @ApiProduces(...PRODUCES)
  @ApiOkResponse(exportResponse(MatrixDto))
  @Authenticated({ clients: true })
  @Get('matrix')
  async matrix(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) chainId: string,
    @Query() query: MatrixQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MatrixDto | StreamableFile> {
    return send(await this.aggregates.matrix(principal, chainId, query.fiscalYear ?? currentFiscalYear(), query, formatOf(query.format, accept)), reply);
  }

  @ApiOperation({ summary: 'Per vendor over every store of the chain: checklists received, いいえ by item, overdue targets, threads, remote maintenance confirmed, gateway risks' })
  @ApiProduces(...PRODUCES)
  @ApiOkResponse(exportResponse(VendorSummaryDto))
  @Authenticated({ clients: true })
  @Get('vendor-summary')
  async vendorSummary(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) chainId: string,
    @Query() query: VendorSummaryQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VendorSummaryDto | StreamableFile> {
    return send(await this.aggregates.vendorSummary(principal, chainId, query.fiscalYear ?? currentFiscalYear(), query, formatOf(query.format, accept)), reply);
  }

  @ApiOperation({ summary: 'Per store: readiness for the 立入検査 with the reasons and their counts' })
  @ApiProduces(...PRODUCES)
  @ApiOkResponse(exportResponse(StoreSummaryDto))
  @Authenticated({ clients: true })
  @Get('store-summary')
  async storeSummary(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) chainId: string,
    @Query() query: StoreSummaryQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StoreSummaryDto | StreamableFile> {
    return send(await this.aggregates.storeSummary(principal, chainId, query.fiscalYear ?? currentFiscalYear(), query, formatOf(query.format, accept)), reply);
  }
}
