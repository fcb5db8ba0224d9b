import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorId, Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { ANSWERS_REFUSED, checkChecklistAnswers, missingChecklistItems } from '../checklists/checklist-answers';
import { answerError } from '../forms/answer-errors';
import { AppError, FieldError } from '../common/app-error';
import { fiscalYearLabel, todayInJapan } from '../common/fiscal-year';
import type { FormDefinition } from '../forms/form-definition';
import { FormsService } from '../forms/forms.service';
import { Derivation, deriveItem, DerivedItemKind } from '../standing/derivation';
import { StandingFacility, StandingQueries } from '../standing/standing.queries';
import { derivedKindOf } from './derived-items';
import { FacilityChecklistDto, SaveFacilityChecklistDto } from './facility-checklists.dto';

interface AnswerRow {
  item_id: string;
  answer: string;
  confirmed_on: string | null;
  target_on: string | null;
  planned_on: string | null;
  remarks: string | null;
}

/**
 * The pharmacy's own checklist (薬局確認用) per 年度: the pharmacy answers its items; 2-② and 2-③
 * are derived from what its vendors disclosed and it confirmed or received, with the reasons.
 */
@Injectable()
export class FacilityChecklistsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
    private readonly standing: StandingQueries,
    private readonly audit: AuditService,
  ) {}

  async save(principal: Principal, pharmacyId: string, fiscalYear: number, input: SaveFacilityChecklistDto): Promise<FacilityChecklistDto> {
    const facility = await this.facility(principal, pharmacyId);
    const form = await this.formFor(fiscalYear, input.formId);
    const { rows, errors } = checkChecklistAnswers(form, fiscalYear, input.answers);
    const derived = new Set(form.items.filter((item) => derivedKindOf(item) !== null).map((item) => item.id));
    const refused: FieldError[] = [];
    input.answers.forEach((answer, index) => {
      if (derived.has(answer.itemId)) {
        refused.push(
          answerError(
            `answers[${index}].itemId`,
            answer.itemId,
            'この項目は事業者の開示と薬局の確認からKaijiが回答します。手入力はできません',
            "answered from Kaiji's data (vendors' disclosures and your confirmations), not by hand",
          ),
        );
      }
    });
    const derivedAt = new Set(refused.map((error) => error.field.replace(/\.itemId$/, '.')));
    const all = [...refused, ...errors.filter((error) => ![...derivedAt].some((prefix) => error.field.startsWith(prefix)))];
    if (all.length > 0) throw AppError.invalid(all, ANSWERS_REFUSED);

    await this.db.transaction(async (manager) => {
      const [checklist]: { id: string }[] = await manager.query(
        `INSERT INTO facility_checklists (facility_id, fiscal_year, form_id, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (facility_id, fiscal_year) DO UPDATE SET form_id = EXCLUDED.form_id, updated_by = EXCLUDED.updated_by, updated_at = now()
         RETURNING id`,
        [facility.id, fiscalYear, form.id, actorId(principal)],
      );
      await manager.query('DELETE FROM facility_checklist_answers WHERE checklist_id = $1', [checklist.id]);
      if (rows.length > 0) {
        await manager.query(
          `INSERT INTO facility_checklist_answers (checklist_id, item_id, ordinal, answer, confirmed_on, target_on, remarks, planned_on)
           SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::date[], $6::date[], $7::text[], $8::date[])`,
          [
            checklist.id,
            rows.map((r) => r.itemId),
            rows.map((r) => r.ordinal),
            rows.map((r) => r.answer),
            rows.map((r) => r.confirmedOn),
            rows.map((r) => r.targetOn),
            rows.map((r) => r.remarks),
            rows.map((r) => r.plannedOn),
          ],
        );
      }
      await this.audit.record(
        {
          actor: principal,
          organizationId: principal.organizationId,
          action: 'facility_checklist.save',
          target: { type: 'facility_checklist', id: checklist.id },
          details: { facilityId: facility.id, fiscalYear, formId: form.id, answered: rows.length },
        },
        manager,
      );
    });
    // Read after commit: reading inside the transaction would take a second pooled connection.
    return this.read(this.db.manager, principal, facility, fiscalYear);
  }

  /** The checklist with its derived items; a chain's read of a store's checklist is audited. */
  async get(principal: Principal, pharmacyId: string, fiscalYear: number): Promise<FacilityChecklistDto> {
    const facility = await this.facility(principal, pharmacyId);
    const dto = await this.read(this.db.manager, principal, facility, fiscalYear);
    if (principal.organizationId !== facility.id) {
      await this.audit.record({
        actor: principal,
        organizationId: principal.organizationId,
        action: 'facility_checklist.read',
        target: { type: 'facility_checklist', id: dto.id ?? facility.id },
        details: { facilityId: facility.id, fiscalYear },
      });
    }
    return dto;
  }

  private async facility(principal: Principal, pharmacyId: string): Promise<StandingFacility> {
    const facility = await this.standing.facility(this.db.manager, principal, pharmacyId);
    if (!facility) throw AppError.notFound('pharmacy');
    return facility;
  }

  /** The version a new answer uses: the one that applies to the 年度; a formId, where given, must name it. */
  private async formFor(fiscalYear: number, formId?: string): Promise<FormDefinition> {
    const applicable = await this.forms.facilityChecklistFor('pharmacy', fiscalYear);
    if (formId === undefined || formId === applicable.id) return applicable;
    const form = await this.forms.get(formId).catch(() => undefined);
    if (!form || form.kind !== 'facility_checklist' || (form.audience !== 'pharmacy' && form.audience !== 'any')) {
      throw AppError.invalid([{ field: 'formId', message: '薬局確認用の様式ではありません (must be a 薬局確認用 form: GET /v1/forms?kind=facility_checklist&audience=pharmacy)' }]);
    }
    throw AppError.invalid([
      { field: 'formId', message: `${fiscalYearLabel(fiscalYear)}に適用される様式は ${applicable.id}（${applicable.versionLabel}）です (the version that applies to fiscal year ${fiscalYear} is ${applicable.id})` },
    ]);
  }

  private async read(manager: EntityManager, principal: Principal, facility: StandingFacility, fiscalYear: number): Promise<FacilityChecklistDto> {
    const [saved]: { id: string; form_id: string; updated_at: Date }[] = await manager.query(
      'SELECT id, form_id, updated_at FROM facility_checklists WHERE facility_id = $1 AND fiscal_year = $2',
      [facility.id, fiscalYear],
    );
    const use = await this.forms.formUse('facility_checklist', 'pharmacy', fiscalYear, saved?.form_id ?? null);
    const form = await this.forms.get(use.formId);
    const answers: AnswerRow[] = saved
      ? await manager.query(
          `SELECT item_id, answer, to_char(confirmed_on, 'YYYY-MM-DD') AS confirmed_on, to_char(target_on, 'YYYY-MM-DD') AS target_on,
                  to_char(planned_on, 'YYYY-MM-DD') AS planned_on, remarks
             FROM facility_checklist_answers WHERE checklist_id = $1 ORDER BY ordinal`,
          [saved.id],
        )
      : [];
    const derivations = await this.derive(manager, principal, facility.id, fiscalYear, form);
    const byItem = new Map(answers.map((answer) => [answer.item_id, answer]));
    const sections = new Map(form.sections.map((section) => [section.id, section.title]));
    const today = todayInJapan();
    const items = form.items.map((item) => {
      const kind = derivedKindOf(item);
      const derivation = kind ? (derivations.get(kind) ?? null) : null;
      const answer = byItem.get(item.id);
      return {
        itemId: item.id,
        section: sections.get(item.sectionId) ?? null,
        scope: item.scope ?? null,
        text: item.text,
        textEn: item.textEn ?? null,
        condition: item.condition ?? null,
        derived: kind !== null,
        answer: derivation ? derivation.answer : (answer?.answer ?? null),
        confirmedOn: derivation ? derivation.confirmedOn : (answer?.confirmed_on ?? null),
        targetOn: derivation ? null : (answer?.target_on ?? null),
        plannedOn: derivation ? null : (answer?.planned_on ?? null),
        plannedBy: item.plannedBy ?? null,
        remarks: derivation ? null : (answer?.remarks ?? null),
        targetOverdue: !derivation && answer?.answer === 'いいえ' && answer.target_on !== null && answer.target_on < today,
        derivation,
      };
    });
    const handAnswered = form.items.filter((item) => derivedKindOf(item) !== null || byItem.has(item.id)).map((item) => item.id);
    return {
      id: saved?.id ?? null,
      facility: { id: facility.id, name: facility.name, pharmacyCode: facility.pharmacy_code },
      fiscalYear,
      fiscalYearLabel: fiscalYearLabel(fiscalYear),
      formId: form.id,
      formLabel: `${form.title} ${form.versionLabel}`,
      formOutdated: use.outdated,
      newerFormId: use.newerFormId,
      formUse: use,
      items,
      noCount: items.filter((item) => item.answer === 'いいえ').length,
      missingItems: missingChecklistItems(form, handAnswered),
      updatedAt: saved?.updated_at.toISOString() ?? null,
    };
  }

  /** The derived items the form has, from the same set-based reads as the standing. */
  private async derive(manager: EntityManager, principal: Principal, facilityId: string, fiscalYear: number, form: FormDefinition): Promise<Map<DerivedItemKind, Derivation>> {
    const kinds = [...new Set(form.items.map(derivedKindOf).filter((kind): kind is DerivedItemKind => kind !== null))];
    if (kinds.length === 0) return new Map();
    const contracts = await this.standing.contracts(manager, principal, facilityId, fiscalYear);
    const products = await this.standing.products(manager, principal, facilityId, fiscalYear);
    return new Map(kinds.map((kind) => [kind, deriveItem(kind, contracts, products)]));
  }
}
