import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { RequestOrigin } from '../access/principal';
import { Origin, Public } from '../auth/authenticated.decorator';
import { NoStore } from '../auth/no-store.decorator';
import { InvitationAcceptanceService } from './invitation-acceptance.service';
import { AcceptInvitationDto, InvitationAcceptedDto, InvitationLookupDto, InvitationTokenDto } from './invitations.dto';
import { ApiProblems } from '../openapi/api-problems.decorator';

/** The invitee's routes: no login, the token is the credential and travels in the body (never a path or query, which get logged). */
@ApiTags('invitations')
@Controller('invitations')
@UseGuards(ThrottlerGuard)
@ApiBadRequestResponse({ description: '`invalid_invitation`: unknown, expired, revoked or already used (one answer for all).' })
@ApiTooManyRequestsResponse({ description: 'Too many requests from this source (problem+json, Retry-After).' })
export class InvitationAcceptanceController {
  constructor(private readonly acceptance: InvitationAcceptanceService) {}

  @ApiOperation({ summary: "What an invitation link offers: the organization, the role and the invitee's address (for the accept page)" })
  @Public()
  @Post('lookup')
  @HttpCode(200)
  @NoStore()
  lookup(@Body() body: InvitationTokenDto): Promise<InvitationLookupDto> {
    return this.acceptance.lookup(body.token);
  }

  @ApiOperation({ summary: 'Accept an invitation: creates the account (today’s password policy); the invitee then logs in (and enrols 2FA where required)' })
  @Public()
  @ApiProblems(409)
  @Post('accept')
  @HttpCode(200)
  @NoStore()
  accept(@Body() body: AcceptInvitationDto, @Origin() origin: RequestOrigin): Promise<InvitationAcceptedDto> {
    return this.acceptance.accept(body, origin);
  }
}
