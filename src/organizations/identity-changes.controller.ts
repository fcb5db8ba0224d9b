import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { IdentityChangePageDto, IdentityChangeQueryDto, IdentityChangeReviewDto, RejectIdentityChangeDto } from './identity-changes.dto';
import { IdentityChangesService } from './identity-changes.service';
import { ApiProblems } from '../openapi/api-problems.decorator';

/** The operator's review of vendors' name and 法人番号 changes (a vendor asks with PATCH /v1/organizations/{id}). */
@ApiTags('organizations')
@Controller('organization-identity-changes')
export class IdentityChangesController {
  constructor(private readonly changes: IdentityChangesService) {}

  @ApiOperation({ summary: "Vendors' name and 法人番号 change requests, with the vendors each could be mistaken for (operator)" })
  @Authenticated()
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: IdentityChangeQueryDto): Promise<IdentityChangePageDto> {
    return this.changes.list(principal, query);
  }

  @ApiOperation({ summary: "Approve a vendor's name / 法人番号 change: it takes effect now (operator)" })
  @Authenticated()
  @ApiProblems(409)
  @Post(':id/approve')
  @HttpCode(200)
  approve(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<IdentityChangeReviewDto> {
    return this.changes.approve(principal, id);
  }

  @ApiOperation({ summary: "Reject a vendor's name / 法人番号 change, saying why (operator)" })
  @Authenticated()
  @ApiProblems(409)
  @Post(':id/reject')
  @HttpCode(200)
  reject(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: RejectIdentityChangeDto): Promise<IdentityChangeReviewDto> {
    return this.changes.reject(principal, id, body);
  }
}
