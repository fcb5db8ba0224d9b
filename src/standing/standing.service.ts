import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { fiscalYearLabel, todayInJapan } from '../common/fiscal-year';
import { CONTRACT_KIND_LABELS } from '../contracts/contracts.dto';
import type { FormDefinition } from '../forms/form-definition';
import { describeFormUse, FormUse } from '../forms/form-use';
import { FormsService, noFormForYear } from '../forms/forms.service';
import { remoteMaintenanceRisks } from '../remote-maintenance/remote-maintenance-risks';
import { owesVendorDocuments, productGaps } from './derivation';
import { CHECKLIST_STANDING_LABELS, ChecklistStanding, StandingContractDto, StandingDto, StandingMissingDto, StandingProductDto } from './standing.dto';
import { StandingContractRow, StandingProductRow, StandingQueries } from './standing.queries';

/**
 * Where a pharmacy stands with its vendors for a 年度: what each contract owes and has delivered,
 * and a list of what is missing that a 管理薬剤師 can act on.
 */
@Injectable()
export class StandingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queries: StandingQueries,
    private readonly forms: FormsService,
    private readonly audit: AuditService,
  ) {}

  /** How each submitted checklist's version stands for the 年度, by form id (a few versions at most). */
  private async formUses(fiscalYear: number, applicable: FormDefinition | null, contracts: StandingContractRow[]): Promise<Map<string, FormUse>> {
    const uses = new Map<string, FormUse>();
    if (!applicable) return uses;
    for (const formId of new Set(contracts.flatMap((c) => (c.checklist_form_id ? [c.checklist_form_id] : [])))) {
      uses.set(formId, describeFormUse(fiscalYear, await this.forms.get(formId), applicable, true));
    }
    return uses;
  }

  async get(principal: Principal, pharmacyId: string, fiscalYear: number): Promise<StandingDto> {
    const manager = this.db.manager;
    const facility = await this.queries.facility(manager, principal, pharmacyId);
    if (!facility) throw AppError.notFound('pharmacy');
    // One statement each, in turn: a single request holds one pooled connection at a time.
    const contracts = await this.queries.contracts(manager, principal, pharmacyId, fiscalYear);
    const products = await this.queries.products(manager, principal, pharmacyId, fiscalYear);
    const applicable = await this.forms.vendorChecklistFor('pharmacy', fiscalYear).catch(noFormForYear);
    const uses = await this.formUses(fiscalYear, applicable, contracts);
    const formId = applicable?.id ?? null;
    const today = todayInJapan();
    const label = fiscalYearLabel(fiscalYear);
    const missing: StandingMissingDto[] = [];
    const contractDtos = contracts.map((contract) => {
      const covered = products.filter((product) => product.contract_id === contract.contract_id);
      const dto = toContractDto(contract, covered, today, uses.get(contract.checklist_form_id ?? '') ?? null);
      missing.push(...checklistGaps(contract, dto.checklist.status, label, formId), ...productGapEntries(contract, covered));
      return dto;
    });
    await this.audit.record({
      actor: principal,
      organizationId: principal.organizationId,
      action: 'standing.read',
      target: { type: 'organization', id: pharmacyId },
      details: { fiscalYear },
    });
    const sum = (pick: (c: StandingContractDto) => number) => contractDtos.reduce((total, c) => total + pick(c), 0);
    const count = (status: ChecklistStanding) => contractDtos.filter((c) => c.checklist.status === status).length;
    const allProducts = contractDtos.flatMap((c) => c.products);
    return {
      pharmacy: { id: facility.id, name: facility.name, pharmacyCode: facility.pharmacy_code },
      fiscalYear,
      fiscalYearLabel: label,
      vendorChecklistFormId: formId,
      vendorChecklistForm: applicable ? describeFormUse(fiscalYear, applicable, applicable, false) : null,
      contracts: contractDtos,
      summary: {
        vendors: new Set(contractDtos.map((c) => c.vendor.id)).size,
        contracts: contractDtos.length,
        checklistsReceived: count('received'),
        checklistsOutdated: count('form_outdated'),
        checklistsMissing: count('missing'),
        checklistsNotRequired: count('not_required'),
        noAnswers: sum((c) => c.checklist.noCount),
        overdueTargets: sum((c) => c.checklist.overdueTargetCount),
        productsWithoutSecurityDisclosure: allProducts.filter((p) => p.securityDisclosure.required && !p.securityDisclosure.received).length,
        remoteMaintenanceUnconfirmed: allProducts.filter((p) => p.remoteMaintenance.required && !p.remoteMaintenance.confirmed).length,
        openRequests: sum((c) => c.openRequests),
        openThreads: sum((c) => c.openThreads),
      },
      missing,
    };
  }
}

function checklistStatus(contract: StandingContractRow): ChecklistStanding {
  if (!owesVendorDocuments(contract)) return 'not_required';
  if (contract.checklist_id === null) return 'missing';
  return contract.newer_form_id !== null ? 'form_outdated' : 'received';
}

function toContractDto(contract: StandingContractRow, products: StandingProductRow[], today: string, formUse: FormUse | null): StandingContractDto {
  const status = checklistStatus(contract);
  const owes = owesVendorDocuments(contract);
  return {
    contractId: contract.contract_id,
    kind: contract.kind,
    kindLabel: CONTRACT_KIND_LABELS[contract.kind],
    vendor: { id: contract.vendor_id, name: contract.vendor_name },
    agent: contract.agent_id ? { id: contract.agent_id, name: contract.agent_name ?? '' } : null,
    startsOn: contract.starts_on,
    endsOn: contract.ends_on,
    products: products.map((product) => toProductDto(product, owes, today)),
    checklist: {
      status,
      statusLabel: CHECKLIST_STANDING_LABELS[status],
      checklistId: contract.checklist_id,
      revision: contract.checklist_revision,
      submittedAt: contract.checklist_submitted_at ? new Date(contract.checklist_submitted_at).toISOString() : null,
      formId: contract.checklist_form_id,
      newerFormId: contract.newer_form_id,
      formUse,
      noCount: contract.no_count,
      overdueTargetCount: contract.overdue_count,
    },
    openRequests: contract.open_requests,
    overdueRequests: contract.overdue_requests,
    openThreads: contract.open_threads,
  };
}

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

function toProductDto(p: StandingProductRow, owes: boolean, today: string): StandingProductDto {
  const risk =
    p.rm_id === null
      ? null
      : remoteMaintenanceRisks(
          {
            inUse: p.rm_in_use === true,
            connectionMethod: p.rm_connection_method,
            gatewayPatchedOn: p.rm_gateway_patched_on,
            gatewayLabel: p.rm_gateway_label,
            twoFactor: p.rm_two_factor,
            sourceRestricted: p.rm_source_restricted,
            sessionLogging: p.rm_session_logging,
            uniqueCredentials: p.rm_unique_credentials,
          },
          today,
        ).riskLevel;
  return {
    id: p.product_id,
    name: p.product_name,
    category: p.category,
    deployment: p.deployment,
    securityDisclosure: {
      required: owes,
      received: p.sds_id !== null,
      disclosureId: p.sds_id,
      kind: p.sds_kind,
      productVersion: p.sds_version,
      publishedAt: iso(p.sds_published_at),
    },
    remoteMaintenance: {
      required: owes,
      disclosed: p.rm_id !== null,
      disclosureId: p.rm_id,
      revision: p.rm_revision,
      inUse: p.rm_in_use,
      performedBy: p.rm_author_id ? { id: p.rm_author_id, name: p.rm_author_name ?? '' } : null,
      confirmed: p.rm_confirmed_at !== null,
      confirmedAt: iso(p.rm_confirmed_at),
      riskLevel: risk,
    },
    rmSds: { required: owes && p.rm_in_use === true, received: p.rm_sds_id !== null, disclosureId: p.rm_sds_id, publishedAt: iso(p.rm_sds_published_at) },
  };
}

function checklistGaps(contract: StandingContractRow, status: ChecklistStanding, label: string, formId: string | null): StandingMissingDto[] {
  const entry = (code: string, text: string): StandingMissingDto => ({ code, label: text, contractId: contract.contract_id, vendorId: contract.vendor_id, productId: null });
  const sheet = `${contract.vendor_name}の${label} 事業者確認用チェックリスト`;
  const gaps: StandingMissingDto[] = [];
  if (status === 'missing') gaps.push(entry('checklist_missing', `${sheet}が未提出です${formId ? '' : `（${label}の様式はまだ登録されていません）`}`));
  if (status === 'form_outdated') gaps.push(entry('checklist_form_outdated', `${sheet}は旧様式で回答されています。最新様式での再提出を依頼してください`));
  if (status !== 'not_required' && contract.overdue_count > 0) {
    gaps.push(entry('checklist_target_overdue', `${sheet}に目標日を過ぎた「いいえ」の回答が${contract.overdue_count}件あります。対応状況を確認してください`));
  }
  return gaps;
}

function productGapEntries(contract: StandingContractRow, products: StandingProductRow[]): StandingMissingDto[] {
  if (!owesVendorDocuments(contract)) return [];
  return products.flatMap((product) =>
    productGaps(contract, product).map((gap) => ({ code: gap.code, label: gap.label, contractId: contract.contract_id, vendorId: contract.vendor_id, productId: gap.productId })),
  );
}
