import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import {
  InvitePharmacyDto,
  PendingPharmacyDto,
  PendingPharmacyPageDto,
  PendingPharmacyQueryDto,
  RejectPendingPharmacyDto,
  VendorPharmacyInvitationDto,
} from './pending-pharmacies.dto';
import { PendingPharmaciesService } from './pending-pharmacies.service';
import { ApiProblems } from '../openapi/api-problems.decorator';

const CONFLICTS = 'pharmacy_registered: the code is on Kaiji (propose as usual); pharmacy_invitation_pending: it is already invited and awaits the operator; email_taken / email_unavailable (problem+json).';

/** Pharmacies not on Kaiji, invited by a vendor (with a proposal) or a chain (a store); mailed only after the operator's approval. */
@ApiTags('pending-pharmacies')
@Controller()
export class PendingPharmaciesController {
  constructor(private readonly pending: PendingPharmaciesService) {}

  @ApiOperation({
    summary: 'Vendor: invite a pharmacy not on Kaiji with a contract proposal',
    description: 'Creates the pharmacy (found by nobody until approved), its first admin\'s invitation (not mailed yet) and the proposal. The operator checks the address; only then is the mail sent.',
  })
  @ApiConflictResponse({ description: CONFLICTS })
  @ApiTooManyRequestsResponse({ description: 'Counts against the contract proposals per hour.' })
  @Authenticated()
  @Post('pharmacy-invitations')
  inviteForVendor(@CurrentPrincipal() principal: Principal, @Body() body: VendorPharmacyInvitationDto): Promise<PendingPharmacyDto> {
    return this.pending.inviteForVendor(principal, body);
  }

  @ApiOperation({ summary: "Chain admins: invite a store not on Kaiji (mailed after the operator's approval)" })
  @ApiConflictResponse({ description: CONFLICTS })
  @Authenticated({ roles: ['admin'] })
  @Post('chains/:id/store-invitations')
  inviteStore(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) chainId: string, @Body() body: InvitePharmacyDto): Promise<PendingPharmacyDto> {
    return this.pending.inviteStore(principal, chainId, body);
  }

  @ApiOperation({ summary: 'Invited pharmacies: every request (operator) or your own (vendor, chain); status=pending|approved|rejected' })
  @Authenticated()
  @Get('pending-pharmacies')
  list(@CurrentPrincipal() principal: Principal, @Query() query: PendingPharmacyQueryDto): Promise<PendingPharmacyPageDto> {
    return this.pending.list(principal, query);
  }

  @ApiOperation({ summary: "Approve an invited pharmacy: it gets its code and its admin's invitation is mailed (operator)" })
  @ApiConflictResponse({ description: 'pending_pharmacy_decided; pharmacy_registered: the code joined Kaiji meanwhile (reject instead).' })
  @Authenticated()
  @Post('pending-pharmacies/:id/approve')
  @HttpCode(200)
  approve(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<PendingPharmacyDto> {
    return this.pending.approve(principal, id);
  }

  @ApiOperation({ summary: 'Reject an invited pharmacy, saying why: nothing is mailed, its proposals are declined (operator)' })
  @Authenticated()
  @ApiProblems(409)
  @Post('pending-pharmacies/:id/reject')
  @HttpCode(200)
  reject(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: RejectPendingPharmacyDto): Promise<PendingPharmacyDto> {
    return this.pending.reject(principal, id, body);
  }
}
