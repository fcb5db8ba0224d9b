import { Controller, Get, Param, ParseIntPipe, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { AppError } from '../common/app-error';
import { attachmentDisposition } from '../common/content-disposition';
import { currentFiscalYear } from '../common/fiscal-year';
import { UuidPipe } from '../common/uuid.pipe';
import { InspectionPackZipService } from './inspection-pack-zip.service';
import { InspectionPackService } from './inspection-pack.service';

const fiscalYearPipe = new ParseIntPipe({
  exceptionFactory: () => AppError.invalid([{ field: 'fiscalYear', message: 'must be the year the 年度 starts in, e.g. 2025 for 令和7年度' }]),
});

function assertFiscalYear(fiscalYear: number): number {
  if (fiscalYear < 2019 || fiscalYear > 2100) throw AppError.invalid([{ field: 'fiscalYear', message: 'must be between 2019 and 2100' }]);
  return fiscalYear;
}

const PACK_CONTENTS =
  'Cover (pharmacy, 保険薬局コード, 安全管理責任者, 年度, date of issue, form versions, contents), the pharmacy’s 薬局確認用 with the derived 2-②/2-③ and their reasons, every vendor’s 事業者確認用, the MDS/SDS/RM-SDS received, the remote-maintenance disclosures and the open risk items.';

/** The pack holds the remote-maintenance map: never kept by a browser or a proxy. */
const NO_STORE = 'private, no-store';

@ApiTags('inspection-pack')
@Controller()
export class InspectionPackController {
  constructor(
    private readonly packs: InspectionPackService,
    private readonly archives: InspectionPackZipService,
  ) {}

  @ApiOperation({
    summary: "The pharmacy's inspection pack (立入検査資料) for a 年度, as one PDF",
    description: `${PACK_CONTENTS} The cover names the 年度 and the form versions used (carried forward from an earlier 年度, or 旧様式), and so does every checklist sheet; the file is named after the 年度. For the pharmacy and its chain; audited.`,
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @Authenticated({ clients: true })
  @ApiParam({ name: 'fiscalYear', type: 'integer', description: 'The 年度 (fiscal year from April), e.g. 2025 for 令和7年度.' })
  @Get('pharmacies/:id/inspection-pack/:fiscalYear')
  pharmacyPack(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) pharmacyId: string,
    @Param('fiscalYear', fiscalYearPipe) fiscalYear: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return this.sendPack(principal, pharmacyId, assertFiscalYear(fiscalYear), reply);
  }

  @ApiOperation({
    summary: "The pharmacy's inspection pack (立入検査資料) for the current 年度, as one PDF",
    description: `The same as …/inspection-pack/{fiscalYear} for the 年度 of today's date in Japan (令和8年度 from 2026-04-01), which the cover and the file name state. ${PACK_CONTENTS}`,
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @Authenticated({ clients: true })
  @Get('pharmacies/:id/inspection-pack')
  currentPharmacyPack(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) pharmacyId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return this.sendPack(principal, pharmacyId, currentFiscalYear(), reply);
  }

  @ApiOperation({
    summary: 'The inspection packs of every store of the chain for a 年度, as one ZIP (streamed)',
    description: 'One PDF per store named `<保険薬局コード>_<店舗名>_<令和N年度>.pdf` (UTF-8 names). For the chain only; each pack is audited.',
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @Authenticated({ clients: true })
  @ApiParam({ name: 'fiscalYear', type: 'integer', description: 'The 年度 (fiscal year from April), e.g. 2025 for 令和7年度.' })
  @Get('chains/:id/inspection-packs/:fiscalYear')
  chainPacks(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) chainId: string,
    @Param('fiscalYear', fiscalYearPipe) fiscalYear: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return this.sendArchive(principal, chainId, assertFiscalYear(fiscalYear), reply);
  }

  @ApiOperation({
    summary: 'The inspection packs of every store of the chain for the current 年度, as one ZIP (streamed)',
    description: "The same as …/inspection-packs/{fiscalYear} for the 年度 of today's date in Japan, which the archive's and each PDF's name state.",
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @Authenticated({ clients: true })
  @Get('chains/:id/inspection-packs')
  currentChainPacks(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) chainId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return this.sendArchive(principal, chainId, currentFiscalYear(), reply);
  }

  private async sendPack(principal: Principal, pharmacyId: string, fiscalYear: number, reply: FastifyReply): Promise<StreamableFile> {
    const { bytes, filename } = await this.packs.render(principal, pharmacyId, fiscalYear);
    void reply.header('Content-Disposition', attachmentDisposition(filename)).header('Cache-Control', NO_STORE);
    return new StreamableFile(bytes, { type: 'application/pdf', length: bytes.length });
  }

  private async sendArchive(principal: Principal, chainId: string, fiscalYear: number, reply: FastifyReply): Promise<StreamableFile> {
    const { stream, filename } = await this.archives.open(principal, chainId, fiscalYear);
    void reply.header('Content-Disposition', attachmentDisposition(filename)).header('Cache-Control', NO_STORE);
    return new StreamableFile(stream, { type: 'application/zip' });
  }
}
