import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { disclosureVisible, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import type { FormDefinition } from '../forms/form-definition';
import { FormsService } from '../forms/forms.service';
import { DisclosureRow, FormFacts, SELECT_DISCLOSURE, toDisclosureDto } from './disclosure-row';
import { DisclosureAnswerDto, DisclosureDto, DisclosureQueryDto } from './disclosures.dto';

const RISK_ANSWERS = new Set(['いいえ', '対象外']);

/** Reading disclosures: lists, one with its answers; what is visible is decided by the access rules. */
@Injectable()
export class DisclosureReader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, query: DisclosureQueryDto): Promise<Page<DisclosureDto>> {
    const params = new SqlParams();
    const where = [disclosureVisible(principal, 'd', params)];
    if (query.vendorId) where.push(`d.vendor_id = ${params.add(query.vendorId)}`);
    if (query.productId) where.push(`d.product_id = ${params.add(query.productId)}`);
    if (query.kind) where.push(`d.kind = ${params.add(query.kind)}`);
    if (query.status) where.push(`d.status = ${params.add(query.status)}`);
    if (query.latestOnly !== false) {
      where.push(`(d.status = 'draft' OR NOT EXISTS (
        SELECT 1 FROM disclosures n WHERE n.product_id = d.product_id AND n.product_version = d.product_version AND n.kind = d.kind
           AND n.author_id = d.author_id AND n.revision > d.revision AND n.status <> 'draft'))`);
    }
    const after = decodeCursor(query.cursor);
    if (after) where.push(`(d.created_at, d.id) > (${params.add(after.createdAt)}, ${params.add(after.id)}::uuid)`);
    const size = pageSize(query);
    const rows: DisclosureRow[] = await this.db.query(`${SELECT_DISCLOSURE} WHERE ${where.join(' AND ')} ORDER BY d.created_at, d.id LIMIT ${params.add(size + 1)}`, params.values);
    const facts = await this.formFacts(rows.map((row) => row.form_id));
    return toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), (row) => toDisclosureDto(row, facts.get(row.form_id) as FormFacts));
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
    const params = new SqlParams([id]);
    const [row]: DisclosureRow[] = await manager.query(`${SELECT_DISCLOSURE} WHERE d.id = $1 AND ${disclosureVisible(principal, 'd', params)}`, params.values);
    if (!row) throw AppError.notFound('disclosure');
    const form = await this.forms.get(row.form_id);
    const facts = await this.formFacts([row.form_id]);
    const dto = toDisclosureDto(row, facts.get(row.form_id) as FormFacts);
    dto.answers = await this.answers(manager, id, form);
    if (principal.organizationId === row.author_id) {
      const audience: { contract_id: string }[] = await manager.query('SELECT contract_id FROM disclosure_audience WHERE disclosure_id = $1 ORDER BY contract_id', [id]);
      dto.contractIds = audience.map((a) => a.contract_id);
    }
    return { dto, form };
  }

  private async answers(manager: EntityManager, id: string, form: FormDefinition): Promise<DisclosureAnswerDto[]> {
    const rows: { item_id: string; answer: string; remarks: string | null; item_text: string | null; section: string | null }[] = await manager.query(
      'SELECT item_id, answer, remarks, item_text, section FROM disclosure_answers WHERE disclosure_id = $1 ORDER BY ordinal',
      [id],
    );
    const items = new Map(form.items.map((item) => [item.id, item]));
    const sections = new Map(form.sections.map((section) => [section.id, section.title]));
    return rows.map((row) => {
      const item = items.get(row.item_id);
      return {
        itemId: row.item_id,
        section: item ? (sections.get(item.sectionId) ?? null) : row.section,
        text: item?.text ?? row.item_text ?? '',
        textEn: item?.textEn ?? null,
        answer: row.answer,
        remarks: row.remarks,
        needsReview: RISK_ANSWERS.has(row.answer),
        uncatalogued: !item,
      };
    });
  }

  private async formFacts(formIds: string[]): Promise<Map<string, FormFacts>> {
    const facts = new Map<string, FormFacts>();
    for (const formId of new Set(formIds)) {
      const form = await this.forms.get(formId);
      const { outdated, newerFormId } = await this.forms.outdatedness(formId);
      facts.set(formId, { label: `${form.title} ${form.versionLabel}`, outdated, newerFormId });
    }
    return facts;
  }
}
