import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { type CellValue, csvDocument, japanTime } from '../common/csv-cells';
import { AuditLogService } from './audit-log.service';
import { AuditEventDto, AuditEventPageDto, AuditQueryDto, AuditVerificationDto, AuditVerifyQueryDto } from './audit.dto';

const CSV_EXPORT_LIMIT = 50_000;
/** The fields a CSV cell can hold as they are (the details object stays in the JSON). */
type CsvField = { [K in keyof AuditEventDto]: AuditEventDto[K] extends CellValue ? K : never }[keyof AuditEventDto];

/** Columns of the download; 日時 in Japan time with its offset (2026-12-07 09:30:00+09:00), as its readers expect. */
const CSV_COLUMNS: [CsvField, string][] = [
  ['occurredAt', '日時・日本時間 (occurredAt)'],
  ['action', '操作 (action)'],
  ['outcome', '結果 (outcome)'],
  ['actorType', '実行者種別 (actorType)'],
  ['actorLabel', '実行者 (actorLabel)'],
  ['actorId', '実行者ID (actorId)'],
  ['targetType', '対象種別 (targetType)'],
  ['targetId', '対象ID (targetId)'],
  ['sourceIp', '接続元IP (sourceIp)'],
  ['userAgent', 'ユーザーエージェント (userAgent)'],
  ['sequence', '連番 (sequence)'],
  ['hash', 'ハッシュ (hash)'],
];

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly auditLog: AuditLogService) {}

  @ApiOperation({ summary: "The organization's access log (admins); format=csv or Accept: text/csv downloads it for Excel" })
  @ApiProduces('application/json', 'text/csv')
  @ApiExtraModels(AuditEventPageDto)
  @ApiOkResponse({ content: { 'application/json': { schema: { $ref: getSchemaPath(AuditEventPageDto) } }, 'text/csv': { schema: { type: 'string' } } } })
  @ApiProblems(404)
  @Authenticated({ roles: ['admin'] })
  @Get()
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AuditQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditEventPageDto | string> {
    const wantsCsv = query.format === 'csv' || (query.format === undefined && accept?.includes('text/csv'));
    if (!wantsCsv) return this.auditLog.list(principal, query);
    const events: AuditEventDto[] = [];
    let cursor = query.cursor;
    do {
      const page = await this.auditLog.list(principal, { ...query, cursor }, 1_000);
      events.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && events.length < CSV_EXPORT_LIMIT);
    void reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="audit-events.csv"');
    // Failed logins and API clients put text others chose (an e-mail tried, a user agent, a client's name) into the
    // log: the shared cell rules (src/common/csv-cells.ts) keep formula-looking and number-looking text as text.
    const cell = (event: AuditEventDto, key: CsvField): CellValue => (key === 'occurredAt' ? japanTime(event.occurredAt) : event[key]);
    return csvDocument(
      CSV_COLUMNS.map(([, label]) => label),
      events.map((event) => CSV_COLUMNS.map(([key]) => cell(event, key))),
    );
  }

  @ApiOperation({ summary: 'Recompute the hash chain and report the first altered, missing or unlinked row' })
  @ApiProblems(404)
  @Authenticated({ roles: ['admin'] })
  @Get('verification')
  verify(@CurrentPrincipal() principal: Principal, @Query() query: AuditVerifyQueryDto): Promise<AuditVerificationDto> {
    return this.auditLog.verify(principal, query.organizationId);
  }
}
