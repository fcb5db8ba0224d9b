import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateUserDto, DisabledUsersDto, ResetCredentialsDto, UpdateUserDto, UserDto, UserPageDto, UserQueryDto } from './accounts.dto';
import { CredentialResetsService } from './credential-resets.service';
import { UsersService } from './users.service';
import { ApiProblems } from '../openapi/api-problems.decorator';

@ApiTags('users')
@Controller('organizations/:organizationId/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly credentialResets: CredentialResetsService,
  ) {}

  @ApiOperation({ summary: "Create a portal account in the organization (its admins; the operator only the first admin of an organization without one)" })
  @Authenticated()
  @ApiProblems(409)
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Param('organizationId', UuidPipe) organizationId: string, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(principal, organizationId, body);
  }

  @ApiOperation({ summary: "List the organization's accounts; inactive=true lists those unused for 90 days" })
  @Authenticated()
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Param('organizationId', UuidPipe) organizationId: string, @Query() query: UserQueryDto): Promise<UserPageDto> {
    return this.users.list(principal, organizationId, query);
  }

  @ApiOperation({ summary: 'Change an account: name, role, disabled' })
  @Authenticated()
  @ApiProblems(409)
  @Patch(':userId')
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('organizationId', UuidPipe) organizationId: string,
    @Param('userId', UuidPipe) userId: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(principal, organizationId, userId, body);
  }

  @ApiOperation({
    summary: "Reset an account's password and/or 2FA (its admins): the user sets a new password / enrols again at the next login; every session of theirs ends",
  })
  @Authenticated({ roles: ['admin'] })
  @ApiProblems(409)
  @Post(':userId/reset-credentials')
  @HttpCode(200)
  resetCredentials(
    @CurrentPrincipal() principal: Principal,
    @Param('organizationId', UuidPipe) organizationId: string,
    @Param('userId', UuidPipe) userId: string,
    @Body() body: ResetCredentialsDto,
  ): Promise<UserDto> {
    return this.credentialResets.reset(principal, organizationId, userId, body);
  }

  @ApiOperation({ summary: 'Disable every account unused for the configured period (90 days by default)' })
  @Authenticated({ roles: ['admin'] })
  @Post('disable-inactive')
  @HttpCode(200)
  async disableInactive(@CurrentPrincipal() principal: Principal, @Param('organizationId', UuidPipe) organizationId: string): Promise<DisabledUsersDto> {
    return { disabled: await this.users.disableInactiveAsAdmin(principal, organizationId) };
  }
}
