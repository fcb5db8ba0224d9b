import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { attachmentDisposition, filenameFrom } from '../common/content-disposition';
import { UuidPipe } from '../common/uuid.pipe';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { CreateEvidenceDocumentDto, EvidenceDocumentDto, EvidenceDocumentPageDto, EvidenceDocumentQueryDto, UpdateEvidenceDocumentDto } from './evidence-documents.dto';
import { EvidenceDocumentsService } from './evidence-documents.service';

/** Evidence files for the inspection (BCP, 規程類, access-log review records): portal users only. */
@ApiTags('evidence-documents')
@Controller('evidence-documents')
export class EvidenceDocumentsController {
  constructor(private readonly documents: EvidenceDocumentsService) {}

  @ApiOperation({ summary: 'Register an evidence document (metadata; the PDF follows with PUT …/file)' })
  @Authenticated()
  @ApiProblems(422)
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateEvidenceDocumentDto): Promise<EvidenceDocumentDto> {
    return this.documents.create(principal, body);
  }

  @ApiOperation({ summary: 'A pharmacy’s evidence documents, oldest first, by 年度 and kind (a chain names its store)' })
  @Authenticated()
  @ApiProblems(404)
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: EvidenceDocumentQueryDto): Promise<EvidenceDocumentPageDto> {
    return this.documents.list(principal, query);
  }

  @ApiOperation({ summary: 'One evidence document’s metadata' })
  @Authenticated()
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<EvidenceDocumentDto> {
    return this.documents.get(principal, id);
  }

  @ApiOperation({ summary: 'Change an evidence document’s metadata' })
  @Authenticated()
  @ApiProblems(422)
  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: UpdateEvidenceDocumentDto): Promise<EvidenceDocumentDto> {
    return this.documents.update(principal, id, body);
  }

  @ApiOperation({ summary: 'Archive an evidence document: hidden from the list and the pack, nothing deleted' })
  @Authenticated()
  @HttpCode(204)
  @Delete(':id')
  archive(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.documents.archive(principal, id);
  }

  @ApiOperation({ summary: 'Attach (or replace) the document’s PDF (application/pdf body, at most 10 MB; checked as disclosure attachments are)' })
  @ApiConsumes('application/pdf')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'filename', required: false, type: String, description: 'The file name to keep (else Content-Disposition\'s); given once, shortened and cleaned as needed.' })
  @Authenticated()
  @ApiProblems(409, 413, 415, 422)
  @Put(':id/file')
  putFile(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() body: Buffer,
    @Headers('content-disposition') disposition: string | undefined,
    @Query('filename') filename: unknown,
  ): Promise<EvidenceDocumentDto> {
    return this.documents.putFile(principal, id, body, filenameFrom(filename, disposition, 'evidence.pdf'));
  }

  @ApiOperation({ summary: 'Download the document’s PDF exactly as uploaded' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @Authenticated()
  @Get(':id/file')
  async getFile(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const file = await this.documents.getFile(principal, id);
    void reply.header('Content-Disposition', attachmentDisposition(file.filename)).header('ETag', `"${file.sha256}"`).header('Cache-Control', 'private, no-store');
    return new StreamableFile(file.content, { type: 'application/pdf', length: file.sizeBytes });
  }
}
