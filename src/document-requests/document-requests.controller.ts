import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { DocumentRequestCandidates } from './document-request-candidates.service';
import { FulfilmentCandidatesDto } from './document-request-candidates.dto';
import { DocumentRequestFulfilment } from './document-request-fulfilment.service';
import {
  CreateDocumentRequestDto,
  DeclineDocumentRequestDto,
  DocumentRequestDto,
  DocumentRequestPageDto,
  DocumentRequestQueryDto,
  FulfilDocumentRequestDto,
} from './document-requests.dto';
import { DocumentRequestsService } from './document-requests.service';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { EntityTagRead } from '../sync/entity-tag.interceptor';

@ApiTags('document-requests')
@Controller('document-requests')
export class DocumentRequestsController {
  constructor(
    private readonly requests: DocumentRequestsService,
    private readonly fulfilment: DocumentRequestFulfilment,
    private readonly candidates: DocumentRequestCandidates,
  ) {}

  @ApiOperation({ summary: 'Ask the vendor (or its agent, for an RM-SDS) of an active contract for an MDS, SDS, RM-SDS or the 事業者確認用 checklist of a 年度' })
  @Authenticated({ clients: true, scope: 'requests:write' })
  @ApiProblems(404, 409, 422)
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateDocumentRequestDto): Promise<DocumentRequestDto> {
    return this.requests.create(principal, body);
  }

  @ApiOperation({ summary: 'Requests addressed to you (vendors, agents) or made for your facilities (pharmacies, chains); overdue ones are flagged' })
  @Authenticated({ clients: true })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: DocumentRequestQueryDto): Promise<DocumentRequestPageDto> {
    return this.requests.list(principal, query);
  }

  @ApiOperation({ summary: 'One document request' })
  @EntityTagRead(DocumentRequestDto)
  @Authenticated({ clients: true })
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<DocumentRequestDto> {
    return this.requests.get(principal, id);
  }

  @ApiOperation({
    summary:
      'What the request can be fulfilled with (the addressee only): your published disclosures or submitted checklists that POST …/fulfil would accept, newest first; empty when none matches yet or the request is no longer open',
  })
  @Authenticated({ clients: true })
  @Get(':id/candidates')
  listCandidates(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<FulfilmentCandidatesDto> {
    return this.candidates.list(principal, id);
  }

  @ApiOperation({ summary: 'Fulfil an open request by pointing at a published disclosure or a submitted checklist (the addressee only)' })
  @Authenticated({ clients: true, scope: 'requests:write' })
  @ApiProblems(409, 422)
  @Post(':id/fulfil')
  @HttpCode(200)
  fulfil(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: FulfilDocumentRequestDto): Promise<DocumentRequestDto> {
    return this.fulfilment.fulfil(principal, id, body);
  }

  @ApiOperation({ summary: 'Decline an open request with a reason (the addressee only)' })
  @Authenticated({ clients: true, scope: 'requests:write' })
  @ApiProblems(409)
  @Post(':id/decline')
  @HttpCode(200)
  decline(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: DeclineDocumentRequestDto): Promise<DocumentRequestDto> {
    return this.requests.decline(principal, id, body.reason);
  }
}
