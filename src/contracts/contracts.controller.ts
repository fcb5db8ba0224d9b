import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { AcceptContractDto, ContractDto, ContractPageDto, ContractQueryDto, ProposeContractDto } from './contracts.dto';
import { ContractsService } from './contracts.service';
import { EndContractDto } from './contract-end.dto';
import { ContractEndService } from './contract-end.service';
import { ContractWithdrawalService } from './contract-withdrawal.service';
import { EntityTagRead } from '../sync/entity-tag.interceptor';
import { ApiProblems } from '../openapi/api-problems.decorator';

@ApiTags('contracts')
@Controller('contracts')
export class ContractsController {
  constructor(
    private readonly contracts: ContractsService,
    private readonly ending: ContractEndService,
    private readonly withdrawal: ContractWithdrawalService,
  ) {}

  @ApiOperation({ summary: 'Propose a contract: a vendor names the pharmacy by 保険薬局コード; a pharmacy or chain names the vendor' })
  @Authenticated({ clients: true, scope: 'contracts:write' })
  @ApiProblems(404, 422)
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
  @EntityTagRead(ContractDto)
  @Authenticated({ clients: true })
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<ContractDto> {
    return this.contracts.get(principal, id);
  }

  @ApiOperation({ summary: "Accept the other side's proposal: the contract becomes active" })
  @Authenticated({ clients: true, scope: 'contracts:write' })
  @ApiProblems(409)
  @Post(':id/accept')
  @HttpCode(200)
  accept(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: AcceptContractDto): Promise<ContractDto> {
    return this.contracts.accept(principal, id, body);
  }

  @ApiOperation({ summary: "Decline the other side's proposal" })
  @Authenticated({ clients: true, scope: 'contracts:write' })
  @ApiProblems(409)
  @Post(':id/decline')
  @HttpCode(200)
  decline(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<ContractDto> {
    return this.contracts.decline(principal, id);
  }

  @ApiOperation({
    summary: 'Withdraw your own proposal while the other side has not answered it (the side that proposed)',
    description: 'The contract shows as withdrawn from then on (kept in both sides\' history); the side it was proposed to is notified (contract.withdrawn). The other side declines instead (403 not_proposer); an agent is no party (403).',
  })
  @ApiConflictResponse({ description: 'contract_not_proposed: already accepted, declined or withdrawn (problem+json).' })
  @Authenticated({ clients: true, scope: 'contracts:write' })
  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<ContractDto> {
    return this.withdrawal.withdraw(principal, id);
  }

  @ApiOperation({
    summary: 'End an active contract (the vendor, or the pharmacy or its chain): its last day, today by default, and why',
    description:
      'From the day after the last day the vendor and its agent see nothing new of the pharmacy and deliver nothing more under the contract (409 contract_ended); both sides keep what was exchanged. The other side (and the agent) is notified.',
  })
  @ApiConflictResponse({ description: 'contract_not_active: a proposal or a declined contract (decline a proposal instead); contract_ended: already ended (problem+json).' })
  @Authenticated({ clients: true, scope: 'contracts:write' })
  @Post(':id/end')
  @HttpCode(200)
  end(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: EndContractDto): Promise<ContractDto> {
    return this.ending.end(principal, id, body);
  }
}
