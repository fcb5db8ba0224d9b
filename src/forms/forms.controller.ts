import { Body, Controller, Get, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { attachmentDisposition } from '../common/content-disposition';
import { FormRegistrationService } from '../form-registration/form-registration.service';
import { WORKBOOK_MAX_BYTES, XLSX_CONTENT_TYPE } from '../form-registration/form-workbook-layout';
import { FormFormatQueryDto, FormPreviewDto, RegisterFormQueryDto } from '../form-registration/form-registration.dto';
import { currentFiscalYear } from '../common/fiscal-year';
import { ApplicableFormQueryDto, FormUseDto } from './form-use.dto';
import { FormDto, FormPageDto, FormQueryDto, RegisterFormDto } from './forms.dto';
import { FormsService } from './forms.service';
import { ApiProblems } from '../openapi/api-problems.decorator';

@ApiTags('forms')
@Controller('forms')
export class FormsController {
  constructor(
    private readonly forms: FormsService,
    private readonly registration: FormRegistrationService,
  ) {}

  @ApiOperation({ summary: 'Form versions: checklists per 年度 and audience, MDS/SDS forms (filters: kind, audience, fiscalYear, series)' })
  @Authenticated({ clients: true })
  @Get()
  list(@Query() query: FormQueryDto): Promise<FormPageDto> {
    return this.forms.list(query);
  }

  @ApiOperation({
    summary:
      'Which checklist version a 年度 uses for a kind of facility (default: the current 年度): its own, a combined one, or the latest earlier one carried forward, said plainly (422 no_form_for_fiscal_year before the first version)',
  })
  @Authenticated({ clients: true })
  @ApiProblems(422)
  @Get('applicable')
  applicable(@Query() query: ApplicableFormQueryDto): Promise<FormUseDto> {
    return this.forms.formUse(query.kind, query.audience, query.fiscalYear ?? currentFiscalYear(), null);
  }

  @ApiOperation({
    summary:
      'One form version: sections, items as printed, allowed answers, rules, and whether a newer version supersedes it; format=xlsx: the same as a workbook in the layout POST /v1/forms reads',
  })
  @ApiOkResponse({
    description: 'JSON by default; with format=xlsx an XLSX workbook (sheets 様式 (form), 項目 (items), 記入方法 (guide)).',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(FormDto) } },
      [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @Authenticated({ clients: true })
  @Get(':formId')
  async get(@Param('formId') formId: string, @Query() query: FormFormatQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<FormDto | StreamableFile> {
    if (query.format !== 'xlsx') return this.forms.describe(formId);
    const file = await this.registration.download(formId);
    void reply.header('Content-Disposition', attachmentDisposition(file.filename));
    return new StreamableFile(file.content, { type: XLSX_CONTENT_TYPE, length: file.content.length });
  }

  @ApiOperation({
    summary: `Register a new form version, e.g. a 令和8年度 checklist (operator; 404 to anyone else), as JSON or as an XLSX in the layout GET /v1/forms/{formId}?format=xlsx downloads (at most ${WORKBOOK_MAX_BYTES} bytes); dryRun=true answers the parsed version and its diff against the version it follows, and writes nothing`,
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(RegisterFormDto) } },
        [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
      },
    },
  })
  @ApiExtraModels(RegisterFormDto)
  @ApiCreatedResponse({ type: FormDto, description: 'Registered.' })
  @ApiOkResponse({ type: FormPreviewDto, description: 'dryRun=true: what would be registered and its diff; nothing is written.' })
  @ApiConflictResponse({ description: 'form_exists: the id is taken; form_version_exists: the series already has this fiscal year and revision (problem+json).' })
  @ApiPayloadTooLargeResponse({ description: `workbook_too_large: over ${WORKBOOK_MAX_BYTES} bytes, or too large once inflated (problem+json).` })
  @ApiProblems(404)
  @Authenticated()
  @Post()
  async register(
    @CurrentPrincipal() principal: Principal,
    // JSON (RegisterFormDto) or an XLSX's bytes: validated by the service once the caller is known to be the operator.
    @Body() body: unknown,
    @Query() query: RegisterFormQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FormDto | FormPreviewDto> {
    if (!query.dryRun) return this.registration.register(principal, body);
    void reply.status(200);
    return this.registration.preview(principal, body);
  }
}
