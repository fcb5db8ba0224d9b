import { Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { AppError } from '../common/app-error';
import { UuidPipe } from '../common/uuid.pipe';
import { FacilityChecklistDto, SaveFacilityChecklistDto } from './facility-checklists.dto';
import { FacilityChecklistsService } from './facility-checklists.service';

const fiscalYearPipe = new ParseIntPipe({
  exceptionFactory: () => AppError.invalid([{ field: 'fiscalYear', message: 'must be the year the 年度 starts in, e.g. 2025 for 令和7年度' }]),
});

function assertFiscalYear(fiscalYear: number): number {
  if (fiscalYear < 2019 || fiscalYear > 2100) throw AppError.invalid([{ field: 'fiscalYear', message: 'must be between 2019 and 2100' }]);
  return fiscalYear;
}

@ApiTags('pharmacies')
@Controller('pharmacies/:id/checklists/:fiscalYear')
export class FacilityChecklistsController {
  constructor(private readonly checklists: FacilityChecklistsService) {}

  @ApiOperation({ summary: "Save the pharmacy's own 薬局確認用 answers for a 年度 (2-② and 2-③ are derived, not accepted)" })
  @Authenticated({ clients: true, scope: 'checklists:write' })
  @ApiParam({ name: 'fiscalYear', type: 'integer', description: 'The 年度 (fiscal year from April), e.g. 2025 for 令和7年度.' })
  @Put()
  save(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) pharmacyId: string,
    @Param('fiscalYear', fiscalYearPipe) fiscalYear: number,
    @Body() body: SaveFacilityChecklistDto,
  ): Promise<FacilityChecklistDto> {
    return this.checklists.save(principal, pharmacyId, assertFiscalYear(fiscalYear), body);
  }

  @ApiOperation({ summary: "The pharmacy's 薬局確認用 for a 年度, with 2-② and 2-③ derived from Kaiji's data and the reasons per contract" })
  @Authenticated({ clients: true })
  @ApiParam({ name: 'fiscalYear', type: 'integer', description: 'The 年度 (fiscal year from April), e.g. 2025 for 令和7年度.' })
  @Get()
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) pharmacyId: string, @Param('fiscalYear', fiscalYearPipe) fiscalYear: number): Promise<FacilityChecklistDto> {
    return this.checklists.get(principal, pharmacyId, assertFiscalYear(fiscalYear));
  }
}
