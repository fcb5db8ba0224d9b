import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { RemoteMaintenanceReader } from './remote-maintenance-reader.service';
import {
  ConfirmRemoteMaintenanceDto,
  ContractRemoteMaintenanceDto,
  PutRemoteMaintenanceDto,
  RemoteMaintenanceDisclosureDto,
  RemoteMaintenanceQueryDto,
} from './remote-maintenance.dto';
import { RemoteMaintenanceService } from './remote-maintenance.service';
import { ApiProblems } from '../openapi/api-problems.decorator';

@ApiTags('remote-maintenance')
@Controller('contracts/:id/remote-maintenance')
export class RemoteMaintenanceController {
  constructor(
    private readonly service: RemoteMaintenanceService,
    private readonly reader: RemoteMaintenanceReader,
  ) {}

  @ApiOperation({ summary: 'Disclose remote maintenance of one covered product (vendor or its agent); a change is a new revision to confirm' })
  @Authenticated({ clients: true, scope: 'remote-maintenance:write' })
  @ApiProblems(409)
  @Put()
  disclose(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) contractId: string, @Body() body: PutRemoteMaintenanceDto): Promise<RemoteMaintenanceDisclosureDto> {
    return this.service.disclose(principal, contractId, body);
  }

  @ApiOperation({ summary: "The contract's remote-maintenance disclosures per covered product, with risk flags; only the two parties see them, every read is audited" })
  @Authenticated({ clients: true })
  @Get()
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) contractId: string, @Query() query: RemoteMaintenanceQueryDto): Promise<ContractRemoteMaintenanceDto> {
    return this.reader.get(principal, contractId, query.history === true);
  }

  @ApiOperation({ summary: 'The pharmacy (or its chain) confirms the current revision of a product’s disclosure' })
  @Authenticated({ clients: true, scope: 'remote-maintenance:write' })
  @ApiProblems(409)
  @Post('confirm')
  @HttpCode(200)
  confirm(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) contractId: string, @Body() body: ConfirmRemoteMaintenanceDto): Promise<RemoteMaintenanceDisclosureDto> {
    return this.service.confirm(principal, contractId, body);
  }
}
