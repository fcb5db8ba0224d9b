import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { PharmacyLookupDto, PharmacyLookupQueryDto, VendorLookupDto, VendorLookupQueryDto } from './party-lookup.dto';
import { PartyLookupService } from './party-lookup.service';

/** The other party of a proposal, named back before it is sent (what may be told and why: PartyLookupService). */
@ApiTags('contracts')
@Controller()
export class PartyLookupController {
  constructor(private readonly lookup: PartyLookupService) {}

  @ApiOperation({
    summary: 'A pharmacy by its 保険薬局コード, to show its name before proposing a contract (vendors)',
    description:
      'Answers the code and the name only (public facts; no id). 404 pharmacy_not_found when no pharmacy holds the code. Every look-up counts, per organization and hour, as proposals do (429), and is recorded in your audit log.',
  })
  @ApiTooManyRequestsResponse({ description: 'party_lookups_rate_limited (problem+json, Retry-After).' })
  @ApiProblems(404)
  @Authenticated({ clients: true })
  @Get('pharmacies/lookup')
  pharmacy(@CurrentPrincipal() principal: Principal, @Query() query: PharmacyLookupQueryDto): Promise<PharmacyLookupDto> {
    return this.lookup.pharmacy(principal, query.pharmacyCode);
  }

  @ApiOperation({
    summary: 'A vendor by its 法人番号, to name it as the agent (代理店) or the vendor of a proposal (vendors, pharmacies, chains)',
    description: 'Answers its id, name and 法人番号. 404 vendor_not_found when no vendor holds the number. Limited and recorded like the pharmacy look-up.',
  })
  @ApiTooManyRequestsResponse({ description: 'party_lookups_rate_limited (problem+json, Retry-After).' })
  @ApiProblems(404)
  @Authenticated({ clients: true })
  @Get('vendors/lookup')
  vendor(@CurrentPrincipal() principal: Principal, @Query() query: VendorLookupQueryDto): Promise<VendorLookupDto> {
    return this.lookup.vendor(principal, query.corporateNumber);
  }
}
