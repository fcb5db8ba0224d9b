import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { ContractIncidentContactDto, PublishedIncidentContactDto, PutIncidentContactDto } from './incident-contacts.dto';
import { IncidentContactsService } from './incident-contacts.service';

/** A vendor's (or agent's) incident 連絡窓口 for its customers' 連絡体制図 (checklist item 3-①). */
@ApiTags('incident-contacts')
@Controller()
export class IncidentContactsController {
  constructor(private readonly contacts: IncidentContactsService) {}

  @ApiOperation({ summary: 'The incident 連絡窓口 the caller’s organization (a vendor or agent) publishes to its customers; null until published' })
  @Authenticated({ clients: true })
  @Get('incident-contact')
  published(@CurrentPrincipal() principal: Principal): Promise<PublishedIncidentContactDto> {
    return this.contacts.published(principal);
  }

  @ApiOperation({ summary: 'Publish (or replace) the organization’s incident 連絡窓口: shown on every customer’s 連絡体制図 unless a contract overrides it' })
  @Authenticated({ clients: true, scope: 'contracts:write' })
  @Put('incident-contact')
  publish(@CurrentPrincipal() principal: Principal, @Body() body: PutIncidentContactDto): Promise<PublishedIncidentContactDto> {
    return this.contacts.publish(principal, body);
  }

  @ApiOperation({ summary: 'The caller’s 連絡窓口 for one contract it is vendor or agent of: its override, and the published one shown otherwise' })
  @Authenticated({ clients: true })
  @Get('contracts/:id/incident-contact')
  forContract(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) contractId: string): Promise<ContractIncidentContactDto> {
    return this.contacts.forContract(principal, contractId);
  }

  @ApiOperation({ summary: 'Override the caller’s 連絡窓口 for one contract (a regional desk, a dedicated line)' })
  @Authenticated({ clients: true, scope: 'contracts:write' })
  @Put('contracts/:id/incident-contact')
  override(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) contractId: string, @Body() body: PutIncidentContactDto): Promise<ContractIncidentContactDto> {
    return this.contacts.override(principal, contractId, body);
  }

  @ApiOperation({ summary: 'Remove the caller’s override for one contract: the published 連絡窓口 applies again' })
  @Authenticated({ clients: true, scope: 'contracts:write' })
  @Delete('contracts/:id/incident-contact')
  removeOverride(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) contractId: string): Promise<ContractIncidentContactDto> {
    return this.contacts.removeOverride(principal, contractId);
  }
}
