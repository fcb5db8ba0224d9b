import { Body, Controller, Get, Param, Put, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { attachmentDisposition } from '../common/content-disposition';
import { UuidPipe } from '../common/uuid.pipe';
import { renderContactChartPdf } from '../pdf/contact-chart-pdf';
import { assertPharmacy, ContactChartService } from './contact-chart.service';
import { contactChartView } from './contact-chart-view';
import { ContactChartDto, OwnContactsDto, PutOwnContactsDto } from './incident-contacts.dto';

/** The chart names people and direct lines: never kept by a browser or a proxy. */
const NO_STORE = 'private, no-store';

/** The pharmacy's 連絡体制図 (checklist item 3-①): its own contacts and its vendors' incident 連絡窓口. */
@ApiTags('contact-chart')
@Controller()
export class ContactChartController {
  constructor(private readonly charts: ContactChartService) {}

  @ApiOperation({ summary: 'The pharmacy’s own contacts (管理薬剤師, 開設者, IT担当 …), in print order' })
  @Authenticated({ clients: true })
  @Get('contact-chart/own-contacts')
  ownContacts(@CurrentPrincipal() principal: Principal): Promise<OwnContactsDto> {
    return this.charts.ownContacts(principal);
  }

  @ApiOperation({ summary: 'Replace the pharmacy’s own contacts (at most 30 rows, in print order)' })
  @Authenticated()
  @Put('contact-chart/own-contacts')
  replaceOwnContacts(@CurrentPrincipal() principal: Principal, @Body() body: PutOwnContactsDto): Promise<OwnContactsDto> {
    return this.charts.replaceOwnContacts(principal, body);
  }

  @ApiOperation({ summary: 'The caller pharmacy’s 連絡体制図: own contacts and, per contract in force, the vendor’s and agent’s 連絡窓口 (override, published or 未登録)' })
  @Authenticated({ clients: true })
  @Get('contact-chart')
  chart(@CurrentPrincipal() principal: Principal): Promise<ContactChartDto> {
    assertPharmacy(principal);
    return this.charts.chart(principal, principal.organizationId);
  }

  @ApiOperation({ summary: 'The caller pharmacy’s 連絡体制図 as a printable PDF' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @Authenticated({ clients: true })
  @Get('contact-chart/pdf')
  pdf(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    assertPharmacy(principal);
    return this.sendPdf(principal, principal.organizationId, reply);
  }

  @ApiOperation({ summary: 'A pharmacy’s 連絡体制図, for the pharmacy and its chain' })
  @Authenticated({ clients: true })
  @Get('pharmacies/:id/contact-chart')
  pharmacyChart(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) pharmacyId: string): Promise<ContactChartDto> {
    return this.charts.chart(principal, pharmacyId);
  }

  @ApiOperation({ summary: 'A pharmacy’s 連絡体制図 as a printable PDF, for the pharmacy and its chain' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @Authenticated({ clients: true })
  @Get('pharmacies/:id/contact-chart/pdf')
  pharmacyPdf(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) pharmacyId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return this.sendPdf(principal, pharmacyId, reply);
  }

  private async sendPdf(principal: Principal, pharmacyId: string, reply: FastifyReply): Promise<StreamableFile> {
    const chart = await this.charts.chart(principal, pharmacyId);
    const bytes = await renderContactChartPdf(contactChartView(chart));
    void reply.header('Content-Disposition', attachmentDisposition(`連絡体制図_${chart.pharmacyName}_${chart.asOf}.pdf`)).header('Cache-Control', NO_STORE);
    return new StreamableFile(bytes, { type: 'application/pdf', length: bytes.length });
  }
}
