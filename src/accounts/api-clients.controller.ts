import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { NoStore } from '../auth/no-store.decorator';
import { PageQueryDto } from '../common/pagination';
import { UuidPipe } from '../common/uuid.pipe';
import { ApiClientDto, ApiClientPageDto, CreateApiClientDto, CreatedApiClientDto } from './accounts.dto';
import { ApiClientsService } from './api-clients.service';

@ApiTags('api-clients')
@Controller('organizations/:organizationId/api-clients')
export class ApiClientsController {
  constructor(private readonly clients: ApiClientsService) {}

  @ApiOperation({ summary: 'Create an API client for a vendor system; the secret is shown once' })
  @Authenticated({ roles: ['admin'] })
  @Post()
  @NoStore()
  create(@CurrentPrincipal() principal: Principal, @Param('organizationId', UuidPipe) organizationId: string, @Body() body: CreateApiClientDto): Promise<CreatedApiClientDto> {
    return this.clients.create(principal, organizationId, body);
  }

  @ApiOperation({ summary: "List the organization's API clients" })
  @Authenticated({ roles: ['admin'] })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Param('organizationId', UuidPipe) organizationId: string, @Query() query: PageQueryDto): Promise<ApiClientPageDto> {
    return this.clients.list(principal, organizationId, query);
  }

  @ApiOperation({ summary: 'Revoke an API client: its tokens stop working at once' })
  @Authenticated({ roles: ['admin'] })
  @Post(':clientId/revoke')
  @HttpCode(200)
  revoke(@CurrentPrincipal() principal: Principal, @Param('organizationId', UuidPipe) organizationId: string, @Param('clientId', UuidPipe) id: string): Promise<ApiClientDto> {
    return this.clients.revoke(principal, organizationId, id);
  }
}
