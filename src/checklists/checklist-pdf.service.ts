import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import type { FormDefinition, FormItem } from '../forms/form-definition';
import { renderChecklistPdf } from '../pdf/checklist-pdf';
import type { ChecklistAnswer, ChecklistPdfView } from '../pdf/pdf.types';
import { ChecklistReader } from './checklist-reader.service';
import type { ChecklistDto } from './checklists.dto';

/** The checklist printed like the official 事業者確認用 sheet. */
@Injectable()
export class ChecklistPdfService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reader: ChecklistReader,
    private readonly audit: AuditService,
  ) {}

  async render(principal: Principal, contractId: string, fiscalYear: number, revision?: number): Promise<{ bytes: Uint8Array; filename: string }> {
    const { dto, form } = await this.reader.find(this.db.manager, principal, contractId, fiscalYear, revision);
    const bytes = await renderChecklistPdf(checklistPdfView(dto, form));
    if (principal.organizationId !== dto.vendor.id) {
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'checklist.pdf_read', target: { type: 'checklist', id: dto.id } });
    }
    return { bytes, filename: `事業者確認用_${dto.fiscalYearLabel}_${dto.vendor.name}_rev${dto.revision}.pdf` };
  }
}

export function checklistPdfView(dto: ChecklistDto, form: FormDefinition): ChecklistPdfView {
  const answers = new Map(dto.answers.map((answer) => [answer.itemId, answer]));
  const sections = new Map(form.sections.map((section) => [section.id, section.title]));
  const narrowed = narrowedScopes(form);
  return {
    title: form.title,
    fiscalYearLabel: dto.fiscalYearLabel,
    formUseLabel: dto.formUse.label,
    vendorName: dto.vendor.name,
    customerName: dto.customer.name,
    managerName: dto.managerName,
    status: dto.statusLabel,
    revision: dto.revision,
    submittedAt: dto.submittedAt,
    instructions: form.instructions,
    counterpartLabel: COUNTERPART_LABELS[form.audience],
    // Every item of the form is printed, answered or not, as on the paper sheet.
    items: form.items.map((item) => {
      const answer = answers.get(item.id);
      return {
        id: item.id,
        counterpartId: item.counterpart && item.counterpart.itemId !== item.id ? item.counterpart.itemId : undefined,
        section: sections.get(item.sectionId),
        // 2-⑪ and 2-⑫ read alike; the sheet tells them apart by the heading (サーバ / 端末PC).
        text: narrowed.has(item) ? `〔${item.scope}〕${item.text}` : item.text,
        answer: (answer?.answer as ChecklistAnswer | undefined) ?? null,
        confirmedOn: answer?.confirmedOn ?? null,
        targetOn: answer?.targetOn ?? null,
        remarks: answer?.remarks ?? null,
      };
    }),
  };
}

/** The facility sheet a vendor item's counterpart number refers to. */
const COUNTERPART_LABELS = { pharmacy: '薬局', medical: '医療機関', any: '医療機関・薬局' } as const;

/**
 * Items whose scope heading narrows their section's (サーバ, 端末PC, ネットワーク機器 under 医療情報システム全般):
 * the row prints the heading, as the sheet does above the group. Decided from the data, not the words.
 */
function narrowedScopes(form: FormDefinition): Set<FormItem> {
  const sectionScope = new Map<string, string | undefined>();
  for (const item of form.items) if (!sectionScope.has(item.sectionId)) sectionScope.set(item.sectionId, item.scope);
  return new Set(form.items.filter((item) => item.scope !== undefined && item.scope !== sectionScope.get(item.sectionId)));
}
