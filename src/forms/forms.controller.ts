import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { FormDto, FormPageDto, FormQueryDto, RegisterFormDto } from './forms.dto';
import { FormsService } from './forms.service';

@ApiTags('forms')
@Controller('forms')
export class FormsController {
  constructor(private readonly forms: FormsService) {}

  @ApiOperation({ summary: 'Form versions: checklists per 年度 and audience, MDS/SDS forms (filters: kind, audience, fiscalYear, series)' })
  @Authenticated({ clients: true })
  @Get()
  list(@Query() query: FormQueryDto): Promise<FormPageDto> {
    return this.forms.list(query);
  }

  @ApiOperation({ summary: 'One form version: sections, items as printed, allowed answers, rules, and whether a newer version supersedes it' })
  @Authenticated({ clients: true })
  @Get(':formId')
  get(@Param('formId') formId: string): Promise<FormDto> {
    return this.forms.describe(formId);
  }

  @ApiOperation({ summary: 'Register a new form version, e.g. a 令和8年度 checklist (operator); versions are never edited' })
  @ApiConflictResponse({ description: 'form_exists: the id is taken; form_version_exists: the series already has this fiscal year and revision (problem+json).' })
  @Authenticated()
  @Post()
  register(@CurrentPrincipal() principal: Principal, @Body() body: RegisterFormDto): Promise<FormDto> {
    return this.forms.register(principal, body);
  }
}
