import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { AcceptContractDto, ContractDto, ContractPageDto, ContractQueryDto, ProposeContractDto } from './contracts.dto';
import { ContractsService } from './contracts.service';

@ApiTags('contracts')
@Controller('contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @ApiOperation({ summary: 'Propose a contract: a vendor names the pharmacy by 保険薬局コード; a pharmacy or chain names the vendor' })
  @Authenticated({ clients: true, scope: 'contracts:write' })
  @Post()
  propose(@CurrentPrincipal() principal: Principal, @Body() body: ProposeContractDto): Promise<ContractDto> {
    return this.contracts.propose(principal, body);
  }

  @ApiOperation({ summary: 'Contracts you are party to (as vendor, agent, pharmacy or its chain)' })
  @Authenticated({ clients: true })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: ContractQueryDto): Promise<ContractPageDto> {
    return this.contracts.list(principal, query);
  }

  @ApiOperation({ summary: 'One contract' })
  @Authenticated({ clients: true })
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<ContractDto> {
    return this.contracts.get(principal, id);
  }

  @ApiOperation({ summary: "Accept the other side's proposal: the contract becomes active" })
  @Authenticated({ clients: true, scope: 'contracts:write' })
  @Post(':id/accept')
  @HttpCode(200)
  accept(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: AcceptContractDto): Promise<ContractDto> {
    return this.contracts.accept(principal, id, body);
  }

  @ApiOperation({ summary: "Decline the other side's proposal" })
  @Authenticated({ clients: true, scope: 'contracts:write' })
  @Post(':id/decline')
  @HttpCode(200)
  decline(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<ContractDto> {
    return this.contracts.decline(principal, id);
  }
}
