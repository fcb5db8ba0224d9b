import { Body, Controller, Get, HttpCode, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { attachmentDisposition } from '../common/content-disposition';
import { XLSX_CONTENT_TYPE } from '../form-registration/form-workbook-layout';
import { CHECKLIST_WORKBOOK_MAX_BYTES } from './checklist-workbook-layout';
import { DISCLOSURE_WORKBOOK_MAX_SHEETS } from './disclosure-workbook-layout';
import { DisclosureWorkbooksService } from './disclosure-workbooks.service';
import { DisclosureWorkbookQueryDto, DisclosureWorkbookResultDto, DisclosureWorkbookUploadQueryDto } from './workbooks.dto';

@ApiTags('workbooks')
@Controller('disclosure-workbooks')
export class DisclosureWorkbooksController {
  constructor(private readonly workbooks: DisclosureWorkbooksService) {}

  @ApiOperation({
    summary: 'MDS/SDS of your products as an XLSX in one form version: one sheet per product (productId repeatable or comma-separated), blank or prefilled from the latest revision (a draft included). Vendors only; another vendor’s product is not found.',
  })
  @ApiOkResponse({ description: 'The workbook (one sheet per product, 様式 (form), 記入方法 (guide)).', content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems(404)
  @Authenticated({ clients: true })
  @Get()
  async download(@CurrentPrincipal() principal: Principal, @Query() query: DisclosureWorkbookQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const file = await this.workbooks.download(principal, query);
    void reply.header('Content-Disposition', attachmentDisposition(file.filename));
    return new StreamableFile(file.bytes, { type: XLSX_CONTENT_TYPE, length: file.bytes.length });
  }

  @ApiOperation({
    summary: `Upload a filled MDS/SDS workbook (at most ${CHECKLIST_WORKBOOK_MAX_BYTES} bytes, ${DISCLOSURE_WORKBOOK_MAX_SHEETS} product sheets): one draft per sheet, created or replacing the draft of the same product, version and kind — every sheet or none; dryRun=true writes nothing. Problems placed by sheet, row, column (422 workbook_invalid).`,
    requestBody: { required: true, content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } },
  })
  @ApiOkResponse({ type: DisclosureWorkbookResultDto })
  @ApiUnprocessableEntityResponse({ description: 'workbook_invalid: errors[] with sheet, row, column, cell and message; nothing written (problem+json).' })
  @Authenticated({ clients: true, scope: 'disclosures:write' })
  @Post()
  @HttpCode(200)
  upload(@CurrentPrincipal() principal: Principal, @Body() body: unknown, @Query() query: DisclosureWorkbookUploadQueryDto): Promise<DisclosureWorkbookResultDto> {
    return this.workbooks.upload(principal, body, query.dryRun ?? false);
  }
}
