import { checklistPdfView } from '../checklists/checklist-pdf.service';
import { fiscalYearLabel, fiscalYearRange } from '../common/fiscal-year';
import { CONTRACT_KIND_LABELS } from '../contracts/contracts.dto';
import type { FacilityChecklistDto } from '../facility-checklists/facility-checklists.dto';
import type { FormDefinition } from '../forms/form-definition';
import type { InspectionFact, InspectionOwnChecklist, InspectionPackView, InspectionVendorSheet, InspectionVendorStatus } from '../pdf/inspection-pack.types';
import { japanDate, revisionLabel } from '../pdf/format';
import { owesVendorDocuments } from '../standing/derivation';
import { CHECKLIST_STANDING_LABELS, ChecklistStanding } from '../standing/standing.dto';
import type { StandingContractRow } from '../standing/standing.queries';
import { contactChartView } from '../incident-contacts/contact-chart-view';
import { evidenceRows } from '../evidence/evidence-pack-view';
import type { InspectionPackData } from './inspection-pack-gatherer.service';
import { disclosureRows, missingDisclosures, remoteMaintenanceEntries, riskRows, summaryOfDocuments } from './inspection-pack-view-documents';

/**
 * The inspection pack's view model from the gathered data: labels, statuses and summaries in
 * Japanese, ready to lay out. Pure (no database, no clock: `data.today` is the issue date).
 */

/** What the inspector checks in person (現物確認), from the checklist manual's 立入検査 page. */
export const ON_SITE_DOCUMENTS = [
  '2-① サーバ、端末PC、ネットワーク機器の台帳',
  '3-① インシデント発生時の組織内と外部関係機関への連絡体制図',
  '3-③ サイバー攻撃を想定した事業継続計画（BCP）',
  '4 運用管理規程等の規程類',
];

/** Scope headings the official sheet prints above groups of items (2-⑪…2-⑭ read alike without them). */
const SCOPED = new Set(['サーバ', '端末PC', 'ネットワーク機器']);

const DERIVED_REMARK = '事業者の開示状況からKaijiが算出（判定根拠は本章の末尾）';

export function inspectionPackView(data: InspectionPackData): InspectionPackView {
  const label = fiscalYearLabel(data.fiscalYear);
  const { from, to } = fiscalYearRange(data.fiscalYear);
  const own = data.own ? ownChecklist(data.own.checklist, data.own.form) : null;
  return {
    pharmacyName: data.facility.name,
    pharmacyCode: data.facility.pharmacy_code,
    fiscalYearLabel: label,
    fiscalYearPeriod: `${from}〜${to}`,
    issuedOn: data.today,
    issuedTo: data.issuedTo,
    manager: managerOf(data),
    forms: formsOf(data, label),
    summary: [...summaryOfOwn(data.own?.checklist ?? null, label), summaryOfVendors(data.contracts), ...summaryOfDocuments(data)],
    onSiteDocuments: ON_SITE_DOCUMENTS,
    ownChecklist: own,
    ownChecklistMissing: data.own ? null : noFormFor(label),
    vendorStatuses: data.contracts.map(vendorStatus),
    vendorSheets: vendorSheets(data),
    disclosures: disclosureRows(data.disclosures),
    missingDisclosures: missingDisclosures(data.contracts, data.products),
    remoteMaintenance: remoteMaintenanceEntries(data),
    risks: riskRows(data.risks),
    contactChart: data.contactChart ? contactChartView(data.contactChart) : undefined,
    evidenceDocuments: data.evidenceDocuments ? evidenceRows(data.evidenceDocuments) : undefined,
  };
}

/**
 * The 医療情報システム安全管理責任者: the name the pharmacy wrote in the 備考 of its own item
 * 1-① (answered はい), else its first active administrator, whom the portal knows to act for it.
 */
export function managerOf(data: Pick<InspectionPackData, 'own' | 'adminName'>): InspectionPackView['manager'] {
  const item = data.own?.checklist.items.find((i) => i.text.includes('安全管理責任者'));
  const itemId = item?.itemId ?? '1-①';
  if (item?.answer === 'はい' && item.remarks?.trim()) return { name: item.remarks.trim(), source: `薬局確認用 ${itemId} の備考` };
  if (data.adminName) return { name: data.adminName, source: `薬局の管理者アカウント。薬局確認用 ${itemId} の備考に責任者名を記入すると、その名前を表示します` };
  return { name: null, source: `薬局確認用 ${itemId} の備考に責任者名を記入してください` };
}

function ownChecklist(dto: FacilityChecklistDto, form: FormDefinition): InspectionOwnChecklist {
  const formItems = new Map(form.items.map((item) => [item.id, item]));
  const sections = new Map(form.sections.map((section) => [section.id, `${section.id} ${section.title}`]));
  const notes: InspectionFact[] = [];
  if (dto.missingItems.length) notes.push({ label: '未回答の項目', value: dto.missingItems.join('、'), flagged: true });
  if (dto.formOutdated) notes.push({ label: '様式', value: `旧様式で回答されています。新しい様式（${dto.newerFormId}）で回答し直してください。`, flagged: true });
  return {
    title: form.title,
    formUseLabel: dto.formUse.label,
    updatedOn: japanDate(dto.updatedAt),
    instructions: form.instructions ?? [],
    notes,
    items: dto.items.map((item) => {
      const sectionId = formItems.get(item.itemId)?.sectionId;
      return {
        id: item.itemId,
        section: sectionId ? sections.get(sectionId) : (item.section ?? undefined),
        text: item.scope && SCOPED.has(item.scope) ? `〔${item.scope}〕${item.text}` : item.text,
        answer: item.answer,
        derived: item.derived,
        confirmedOn: item.confirmedOn,
        targetOn: item.targetOn,
        remarks: item.derived ? DERIVED_REMARK : item.remarks,
      };
    }),
    derivations: dto.items.flatMap((item) =>
      item.derivation
        ? [
            {
              itemId: item.itemId,
              itemText: item.text,
              answer: item.derivation.answer,
              reason: item.derivation.reason,
              contracts: item.derivation.contracts.map((c) => ({ vendorName: c.vendorName, satisfied: c.satisfied, missing: c.missing.map((gap) => gap.label) })),
            },
          ]
        : [],
    ),
  };
}

/**
 * The cover's statement of the form versions in the pack: the 薬局確認用 answered (or to use), the
 * 事業者確認用 that applies to the 年度, and each version the received ones were answered on with
 * how many (carried forward said plainly, 旧様式 flagged).
 */
export function formsOf(data: Pick<InspectionPackData, 'own' | 'vendorChecklistForm' | 'sheets'>, label: string): InspectionFact[] {
  const own = data.own?.checklist.formUse;
  const facts: InspectionFact[] = [
    { label: '薬局確認用', value: own?.label ?? `${label}: 様式未登録`, flagged: !own || own.outdated },
    { label: '事業者確認用（この年度に適用）', value: data.vendorChecklistForm?.label ?? `${label}: 様式未登録` },
  ];
  const received = new Map<string, { count: number; outdated: boolean }>();
  for (const { checklist } of data.sheets.values()) {
    const entry = received.get(checklist.formUse.label) ?? { count: 0, outdated: checklist.formUse.outdated };
    entry.count += 1;
    received.set(checklist.formUse.label, entry);
  }
  for (const [use, { count, outdated }] of received) {
    facts.push({ label: '事業者確認用（受領分）', value: `${use}：${count}件${outdated ? '（再提出が必要）' : ''}`, flagged: outdated });
  }
  return facts;
}

const noFormFor = (label: string) => `${label}の薬局確認用チェックリストの様式はまだ登録されていません（様式が追加されると回答できます）。`;

function summaryOfOwn(dto: FacilityChecklistDto | null, label: string): InspectionFact[] {
  if (!dto) return [{ label: '薬局確認用', value: noFormFor(label), flagged: true }];
  const answered = dto.items.filter((item) => item.answer !== null).length;
  const facts: InspectionFact[] = [
    {
      label: '薬局確認用',
      value: `回答 ${answered}/${dto.items.length}項目、いいえ ${dto.noCount}件${dto.missingItems.length ? `、未回答 ${dto.missingItems.length}項目（${dto.missingItems.join('、')}）` : ''}`,
      flagged: dto.noCount > 0 || dto.missingItems.length > 0,
    },
  ];
  for (const item of dto.items) {
    if (!item.derivation) continue;
    facts.push({ label: `${item.itemId}（算出）`, value: `${item.derivation.answer}\u3000${item.derivation.reason}`, flagged: item.derivation.answer === 'いいえ' });
  }
  return facts;
}

function standingOf(contract: StandingContractRow): ChecklistStanding {
  if (!owesVendorDocuments(contract)) return 'not_required';
  if (contract.checklist_id === null) return 'missing';
  return contract.newer_form_id !== null ? 'form_outdated' : 'received';
}

function summaryOfVendors(contracts: StandingContractRow[]): InspectionFact {
  const count = (status: ChecklistStanding) => contracts.filter((c) => standingOf(c) === status).length;
  const required = contracts.length - count('not_required');
  const problems = count('missing') + count('form_outdated');
  return {
    label: '事業者確認用',
    value: `受領 ${count('received') + count('form_outdated')}件／必要 ${required}件（未提出 ${count('missing')}件、旧様式 ${count('form_outdated')}件、売買契約のみで不要 ${count('not_required')}件）`,
    flagged: problems > 0,
  };
}

function vendorStatus(contract: StandingContractRow): InspectionVendorStatus {
  const status = standingOf(contract);
  const received = contract.checklist_id !== null;
  const requested = status === 'missing' && contract.open_requests > 0 ? `（依頼中 ${contract.open_requests}件）` : '';
  return {
    vendorName: contract.vendor_name,
    agentName: contract.agent_name,
    contractKindLabel: CONTRACT_KIND_LABELS[contract.kind],
    statusLabel: `${CHECKLIST_STANDING_LABELS[status]}${requested}`,
    flagged: status === 'missing' || status === 'form_outdated',
    revisionLabel: received && contract.checklist_revision !== null ? revisionLabel(contract.checklist_revision) : null,
    submittedOn: received && contract.checklist_submitted_at ? new Date(contract.checklist_submitted_at).toISOString() : null,
    noCount: received ? contract.no_count : null,
    overdueCount: received ? contract.overdue_count : null,
  };
}

function vendorSheets(data: InspectionPackData): InspectionVendorSheet[] {
  return data.contracts.flatMap((contract) => {
    const sheet = data.sheets.get(contract.contract_id);
    if (!sheet) return [];
    const notes: string[] = [];
    if (contract.newer_form_id !== null) notes.push(`旧様式で回答されています（${sheet.checklist.formUse.label}）。最新様式での再提出を事業者に依頼してください。`);
    if (contract.overdue_count > 0) notes.push(`目標日を過ぎた「いいえ」の回答が${contract.overdue_count}件あります。対応状況を事業者に確認してください。`);
    return [
      {
        heading: `${contract.vendor_name}（${CONTRACT_KIND_LABELS[contract.kind]}）`,
        sheet: { ...checklistPdfView(sheet.checklist, sheet.form), formUseLabel: sheet.checklist.formUse.label },
        notes,
      },
    ];
  });
}
