import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { AppError } from '../common/app-error';
import { UuidPipe } from '../common/uuid.pipe';
import { ChecklistChangesQueryDto, RevisionChangesDto } from './revision-changes.dto';
import { RevisionChangesService } from './revision-changes.service';

const FISCAL_YEAR_MESSAGE = '年度は開始する西暦年で指定してください（令和8年度なら2026） (must be the year the 年度 starts in, between 2019 and 2100)';
const fiscalYearPipe = new ParseIntPipe({ exceptionFactory: () => AppError.invalid([{ field: 'fiscalYear', message: FISCAL_YEAR_MESSAGE }]) });

function assertFiscalYear(fiscalYear: number): number {
  if (fiscalYear < 2019 || fiscalYear > 2100) throw AppError.invalid([{ field: 'fiscalYear', message: FISCAL_YEAR_MESSAGE }]);
  return fiscalYear;
}

/** What changed between revisions, item by item; readable by whoever may read the document. */
@ApiTags('revision-changes')
@Controller()
export class RevisionChangesController {
  constructor(private readonly changes: RevisionChangesService) {}

  @ApiOperation({
    summary: "What changed in a contract's 事業者確認用 checklist for a 年度: a revision (default: the latest submitted) against the submitted one before it",
    description:
      'Each change names the item as printed, the field (answer, confirmedOn, targetOn, plannedOn, remarks, or item for one added or removed by a new form version), before and after, and whether it is significant (the customer is notified: checklist.changed). A first revision answers firstRevision: true with no changes. The vendor may name its draft revision to see it against the latest submitted one.',
  })
  @ApiOkResponse({ type: RevisionChangesDto })
  @Authenticated({ clients: true })
  @ApiParam({ name: 'fiscalYear', type: 'integer', description: 'The 年度 (fiscal year from April), e.g. 2025 for 令和7年度.' })
  @Get('contracts/:id/checklists/:fiscalYear/changes')
  checklist(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) contractId: string,
    @Param('fiscalYear', fiscalYearPipe) fiscalYear: number,
    @Query() query: ChecklistChangesQueryDto,
  ): Promise<RevisionChangesDto> {
    return this.changes.checklist(principal, contractId, assertFiscalYear(fiscalYear), query.revision);
  }

  @ApiOperation({
    summary: 'What changed in an MDS/SDS/RM-SDS against the previous published revision of the same product version and kind',
    description: 'Significant changes (an answer turning いいえ or 対象外) are notified to the customers as disclosure.changed. A first revision answers firstRevision: true with no changes.',
  })
  @ApiOkResponse({ type: RevisionChangesDto })
  @Authenticated({ clients: true })
  @Get('disclosures/:id/changes')
  disclosure(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<RevisionChangesDto> {
    return this.changes.disclosure(principal, id);
  }
}
