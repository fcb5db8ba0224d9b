import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateOrganizationDto, OrganizationDto, OrganizationPageDto, OrganizationQueryDto, UpdateOrganizationDto } from './organizations.dto';
import { OrganizationsService } from './organizations.service';
import { ApiProblems } from '../openapi/api-problems.decorator';

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @ApiOperation({ summary: 'Register a vendor, pharmacy or chain (operator)' })
  @Authenticated()
  @ApiProblems(409)
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.organizations.create(principal, body);
  }

  @ApiOperation({ summary: 'Organizations you can see: your own, your chain or its pharmacies (all, for the operator)' })
  @Authenticated({ clients: true })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: OrganizationQueryDto): Promise<OrganizationPageDto> {
    return this.organizations.list(principal, query);
  }

  @ApiOperation({ summary: 'One organization' })
  @Authenticated({ clients: true })
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<OrganizationDto> {
    return this.organizations.get(principal, id);
  }

  @ApiOperation({ summary: "Change an organization's name, 法人番号 or security settings (its admins)" })
  @Authenticated({ roles: ['admin'] })
  @ApiProblems(409)
  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.organizations.update(principal, id, body);
  }
}
