import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateInvitationDto, InvitationDto, InvitationPageDto, InvitationQueryDto } from './invitations.dto';
import { InvitationsService } from './invitations.service';
import { ApiProblems } from '../openapi/api-problems.decorator';

@ApiTags('invitations')
@Controller('organizations/:organizationId/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @ApiOperation({ summary: 'Invite a person by e-mail with a role (the organization’s admins): a single-use link valid for the configured days' })
  @ApiConflictResponse({ description: 'The address already has an account, or a pending invitation (resend it).' })
  @ApiTooManyRequestsResponse({ description: 'Too many invitations from this organization this hour.' })
  @Authenticated({ roles: ['admin'] })
  @Post()
  invite(@CurrentPrincipal() principal: Principal, @Param('organizationId', UuidPipe) organizationId: string, @Body() body: CreateInvitationDto): Promise<InvitationDto> {
    return this.invitations.invite(principal, organizationId, body);
  }

  @ApiOperation({ summary: "The organization's invitations, newest first; status=pending|accepted|revoked|expired" })
  @Authenticated({ roles: ['admin'] })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Param('organizationId', UuidPipe) organizationId: string, @Query() query: InvitationQueryDto): Promise<InvitationPageDto> {
    return this.invitations.list(principal, organizationId, query);
  }

  @ApiOperation({ summary: 'Mail the invitation again with a new link (the old link stops working) and a fresh validity period' })
  @ApiTooManyRequestsResponse({ description: 'Too many invitations from this organization this hour.' })
  @Authenticated({ roles: ['admin'] })
  @ApiProblems(409)
  @Post(':invitationId/resend')
  @HttpCode(200)
  resend(
    @CurrentPrincipal() principal: Principal,
    @Param('organizationId', UuidPipe) organizationId: string,
    @Param('invitationId', UuidPipe) invitationId: string,
  ): Promise<InvitationDto> {
    return this.invitations.resend(principal, organizationId, invitationId);
  }

  @ApiOperation({ summary: 'Revoke an invitation: its link stops working' })
  @Authenticated({ roles: ['admin'] })
  @ApiProblems(409)
  @Post(':invitationId/revoke')
  @HttpCode(200)
  revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('organizationId', UuidPipe) organizationId: string,
    @Param('invitationId', UuidPipe) invitationId: string,
  ): Promise<InvitationDto> {
    return this.invitations.revoke(principal, organizationId, invitationId);
  }
}
