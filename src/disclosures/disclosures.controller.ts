import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { attachmentDisposition, filenameFrom } from '../common/content-disposition';
import { UuidPipe } from '../common/uuid.pipe';
import { DisclosureAttachmentsService } from './disclosure-attachments.service';
import { DisclosurePdfService } from './disclosure-pdf.service';
import { DisclosureReader } from './disclosure-reader.service';
import { AttachmentInfoDto, CreateDisclosureDto, DisclosureDto, DisclosurePageDto, DisclosureQueryDto, UpdateDisclosureDto, WithdrawDisclosureDto } from './disclosures.dto';
import { DisclosuresService } from './disclosures.service';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { EntityTagRead, EntityTagWrite } from '../sync/entity-tag.interceptor';

@ApiTags('disclosures')
@Controller('disclosures')
export class DisclosuresController {
  constructor(
    private readonly disclosures: DisclosuresService,
    private readonly reader: DisclosureReader,
    private readonly attachments: DisclosureAttachmentsService,
    private readonly pdf: DisclosurePdfService,
  ) {}

  @ApiOperation({ summary: 'Create an MDS/SDS/RM-SDS draft for a product version (a new revision when one is published)' })
  @Authenticated({ clients: true, scope: 'disclosures:write' })
  @ApiProblems(409, 422)
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateDisclosureDto): Promise<DisclosureDto> {
    return this.disclosures.create(principal, body);
  }

  @ApiOperation({ summary: 'Disclosures you can see; latest revisions only unless latestOnly=false' })
  @Authenticated({ clients: true })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: DisclosureQueryDto): Promise<DisclosurePageDto> {
    return this.reader.list(principal, query);
  }

  @ApiOperation({ summary: 'One disclosure with its answers' })
  @EntityTagRead(DisclosureDto)
  @Authenticated({ clients: true })
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<DisclosureDto> {
    return this.reader.get(principal, id);
  }

  @ApiOperation({ summary: 'Change a draft: answers, audience' })
  @Authenticated({ clients: true, scope: 'disclosures:write' })
  @ApiProblems(409)
  @EntityTagWrite(DisclosureDto)
  @Patch(':id')
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() body: UpdateDisclosureDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<DisclosureDto> {
    return this.disclosures.update(principal, id, body, ifMatch);
  }

  @ApiOperation({ summary: 'Publish a draft (422 lists required items still unanswered); the previous revision is superseded' })
  @Authenticated({ clients: true, scope: 'disclosures:write' })
  @ApiProblems(409, 422)
  @Post(':id/publish')
  @HttpCode(200)
  publish(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<DisclosureDto> {
    return this.disclosures.publish(principal, id);
  }

  @ApiOperation({ summary: 'Withdraw the published revision' })
  @Authenticated({ clients: true, scope: 'disclosures:write' })
  @ApiProblems(409)
  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: WithdrawDisclosureDto): Promise<DisclosureDto> {
    return this.disclosures.withdraw(principal, id, body.reason);
  }

  @ApiOperation({ summary: "Attach the vendor's original PDF to a draft (application/pdf body, at most 10 MB)" })
  @ApiConsumes('application/pdf')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'filename', required: false, type: String, description: 'The file name to keep (else Content-Disposition\'s); given once, shortened and cleaned as needed.' })
  @Authenticated({ clients: true, scope: 'disclosures:write' })
  @ApiProblems(409, 413, 415, 422)
  @Put(':id/attachment')
  putAttachment(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() body: Buffer,
    @Headers('content-disposition') disposition: string | undefined,
    @Query('filename') filename: unknown,
  ): Promise<AttachmentInfoDto> {
    return this.attachments.put(principal, id, body, filenameFrom(filename, disposition, 'disclosure.pdf'));
  }

  @ApiOperation({ summary: 'Download the original PDF exactly as uploaded' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @Authenticated({ clients: true })
  @Get(':id/attachment')
  async getAttachment(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const attachment = await this.attachments.get(principal, id);
    void reply.header('Content-Disposition', attachmentDisposition(attachment.filename)).header('ETag', `"${attachment.sha256}"`).header('X-Content-SHA256', attachment.sha256);
    return new StreamableFile(attachment.content, { type: 'application/pdf', length: attachment.sizeBytes });
  }

  @ApiOperation({ summary: 'The disclosure rendered as a PDF close to the JAHIS form, いいえ/対象外 rows highlighted' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @Authenticated({ clients: true })
  @Get(':id/pdf')
  async getPdf(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const { bytes, filename } = await this.pdf.render(principal, id);
    void reply.header('Content-Disposition', attachmentDisposition(filename));
    return new StreamableFile(bytes, { type: 'application/pdf', length: bytes.length });
  }
}
