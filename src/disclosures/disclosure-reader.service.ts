import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { Page, pageSize, toPage } from '../common/pagination';
import { queryPrepared } from '../common/prepared-statements';
import type { FormDefinition } from '../forms/form-definition';
import { FormsService } from '../forms/forms.service';
import { DisclosureRow, DisclosureWithAnswersRow, toDisclosureAnswerDtos, toDisclosureDto } from './disclosure-row';
import { disclosureListStatement, disclosureStatement } from './disclosure-statements';
import { decodeListCursor, listKeyOf } from '../sync/list-order';
import { DisclosureDto, DisclosureQueryDto } from './disclosures.dto';

/** Reading disclosures: lists, one with its answers; what is visible is decided by the access rules. */
@Injectable()
export class DisclosureReader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, query: DisclosureQueryDto): Promise<Page<DisclosureDto>> {
    const size = pageSize(query);
    const bySync = query.updatedSince !== undefined;
    const statement = disclosureListStatement(principal, query, decodeListCursor(query.cursor, bySync), size);
    const rows = await queryPrepared<DisclosureRow>(this.db.manager, statement);
    const forms = new Map<string, FormDefinition>();
    for (const formId of new Set(rows.map((row) => row.form_id))) forms.set(formId, await this.forms.get(formId));
    return toPage(rows, size, listKeyOf(bySync), (row) => toDisclosureDto(row, forms.get(row.form_id) as FormDefinition));
  }

  /** One disclosure with its answers; a customer's read is audited (a protected document). */
  async get(principal: Principal, id: string): Promise<DisclosureDto> {
    const { dto } = await this.load(this.db.manager, principal, id);
    if (principal.organizationId !== dto.author.id && principal.organizationId !== dto.vendor.id) {
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'disclosure.read', target: { type: 'disclosure', id } });
    }
    return dto;
  }

  /** The disclosure with answers and its form, or 404 when the principal may not see it. */
  async load(manager: EntityManager, principal: Principal, id: string): Promise<{ dto: DisclosureDto; form: FormDefinition }> {
    const statement = disclosureStatement(principal, id);
    const [row] = await queryPrepared<DisclosureWithAnswersRow>(manager, statement);
    if (!row) throw AppError.notFound('disclosure');
    const form = await this.forms.get(row.form_id);
    const dto = toDisclosureDto(row, form);
    dto.answers = toDisclosureAnswerDtos(row.answers, form);
    if (principal.organizationId === row.author_id) {
      const audience: { contract_id: string }[] = await manager.query('SELECT contract_id FROM disclosure_audience WHERE disclosure_id = $1 ORDER BY contract_id', [id]);
      dto.contractIds = audience.map((a) => a.contract_id);
    }
    return { dto, form };
  }
}
