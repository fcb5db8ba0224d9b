import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { todayInJapan } from '../common/fiscal-year';
import { renderDisclosurePdf } from '../pdf/disclosure-pdf';
import type { DisclosurePdfView } from '../pdf/pdf.types';
import { DisclosureReader } from './disclosure-reader.service';
import type { DisclosureDto } from './disclosures.dto';

const JAHIS_DISCLAIMER =
  '本書式を作成したJAHIS/JIRAは、製品設計・設置・保守等の認証・試験・検査等は行っていません。この書式への記入内容は、記入した製造業者/サービス事業者が全責任を負います。';

/** The disclosure as a printable PDF in the JAHIS layout. */
@Injectable()
export class DisclosurePdfService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reader: DisclosureReader,
    private readonly audit: AuditService,
  ) {}

  async render(principal: Principal, id: string): Promise<{ bytes: Uint8Array; filename: string }> {
    const { dto } = await this.reader.load(this.db.manager, principal, id);
    const bytes = await renderDisclosurePdf(disclosurePdfView(dto));
    if (principal.organizationId !== dto.author.id && principal.organizationId !== dto.vendor.id) {
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'disclosure.pdf_read', target: { type: 'disclosure', id } });
    }
    return { bytes, filename: `${dto.kind}_${dto.product.name}_${dto.productVersion}_rev${dto.revision}.pdf` };
  }
}

export function disclosurePdfView(dto: DisclosureDto): DisclosurePdfView {
  const sections: DisclosurePdfView['sections'] = [];
  for (const answer of dto.answers ?? []) {
    const title = answer.section ?? 'その他';
    let section = sections[sections.length - 1];
    if (!section || section.title !== title) {
      section = { title, rows: [] };
      sections.push(section);
    }
    section.rows.push({ id: answer.itemId, text: answer.text, answer: answer.answer, remarks: answer.remarks, flagged: answer.needsReview });
  }
  return {
    kind: dto.kind,
    title: dto.kindLabel,
    formLabel: dto.formLabel,
    vendorName: dto.author.id === dto.vendor.id ? dto.vendor.name : `${dto.author.name}（${dto.vendor.name} 製品の保守）`,
    productName: dto.product.name,
    productVersion: dto.productVersion,
    revision: dto.revision,
    status: dto.status,
    statusLabel: dto.statusLabel,
    createdOn: dto.createdAt.slice(0, 10) || todayInJapan(),
    publishedOn: dto.publishedAt?.slice(0, 10) ?? null,
    sections,
    disclaimer: JAHIS_DISCLAIMER,
  };
}
