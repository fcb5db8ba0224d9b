import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { currentFiscalYear } from '../common/fiscal-year';
import { UuidPipe } from '../common/uuid.pipe';
import { StandingDto, StandingQueryDto } from './standing.dto';
import { StandingService } from './standing.service';

@ApiTags('pharmacies')
@Controller('pharmacies/:id/standing')
export class StandingController {
  constructor(private readonly standing: StandingService) {}

  @ApiOperation({ summary: "A pharmacy's vendors and contracts for a 年度 (default: the current one): what each owes and delivered, and what is missing" })
  @Authenticated({ clients: true })
  @Get()
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) pharmacyId: string, @Query() query: StandingQueryDto): Promise<StandingDto> {
    return this.standing.get(principal, pharmacyId, query.fiscalYear ?? currentFiscalYear());
  }
}
