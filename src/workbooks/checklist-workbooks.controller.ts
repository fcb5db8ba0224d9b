import { Body, Controller, Get, HttpCode, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { attachmentDisposition } from '../common/content-disposition';
import { XLSX_CONTENT_TYPE } from '../form-registration/form-workbook-layout';
import { CHECKLIST_WORKBOOK_MAX_BYTES, WORKBOOK_MAX_CUSTOMERS } from './checklist-workbook-layout';
import { ChecklistWorkbookDownloadService } from './checklist-workbook-download.service';
import { ChecklistWorkbookImportService } from './checklist-workbook-import.service';
import { ChecklistWorkbookDownloadQueryDto, ChecklistWorkbookResultDto, ChecklistWorkbookUploadQueryDto } from './workbooks.dto';

const XLSX_BODY = { required: true, content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } };

@ApiTags('workbooks')
@Controller('checklist-workbooks')
export class ChecklistWorkbooksController {
  constructor(
    private readonly downloads: ChecklistWorkbookDownloadService,
    private readonly imports: ChecklistWorkbookImportService,
  ) {}

  @ApiOperation({
    summary: `Your customers' 事業者確認用 for a 年度 as an XLSX of one form version (layout=rows: a row per customer × item; sheets: a sheet per customer), blank or prefilled with each customer's latest answers; at most ${WORKBOOK_MAX_CUSTOMERS} customers (filter by productId, contractKind). Vendors only.`,
  })
  @ApiOkResponse({ description: 'The workbook (sheets 回答 (answers) or one per customer, 様式 (form), 記入方法 (guide)).', content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiUnprocessableEntityResponse({ description: 'form_required: your customers answer different versions this 年度 (choose formId); too_many_customers (problem+json).' })
  @Authenticated({ clients: true })
  @Get()
  async download(@CurrentPrincipal() principal: Principal, @Query() query: ChecklistWorkbookDownloadQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const file = await this.downloads.download(principal, query);
    void reply.header('Content-Disposition', attachmentDisposition(file.filename));
    return new StreamableFile(file.stream, { type: XLSX_CONTENT_TYPE });
  }

  @ApiOperation({
    summary: `Upload a filled checklist workbook (at most ${CHECKLIST_WORKBOOK_MAX_BYTES} bytes, ${WORKBOOK_MAX_CUSTOMERS} customers): mode=draft saves every customer's draft or nothing; mode=submit submits each sound customer whole through the bulk path; dryRun=true checks and says what would change, writing nothing. Problems are placed by sheet, row, column and cell (422 workbook_invalid).`,
    requestBody: XLSX_BODY,
  })
  @ApiOkResponse({ type: ChecklistWorkbookResultDto })
  @ApiUnprocessableEntityResponse({ description: 'workbook_invalid: errors[] with sheet, row, column, cell and message; nothing written (problem+json).' })
  @ApiPayloadTooLargeResponse({ description: 'workbook_too_large (problem+json).' })
  @Authenticated({ clients: true, scope: 'checklists:write' })
  @Post()
  @HttpCode(200)
  upload(@CurrentPrincipal() principal: Principal, @Body() body: unknown, @Query() query: ChecklistWorkbookUploadQueryDto): Promise<ChecklistWorkbookResultDto> {
    return this.imports.upload(principal, body, query);
  }
}
