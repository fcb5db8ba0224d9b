import type { ContactChartView } from './contact-chart-pdf';
import type { ChecklistPdfItem, ChecklistPdfView } from './pdf.types';

/**
 * View model of the inspection pack (立入検査資料): one document per pharmacy and 年度 with
 * everything the health centre's inspector checks. Built by src/inspection-pack/ from the
 * database; the renderer only lays it out (plain strings, dates as `YYYY-MM-DD`).
 */

/** A row of a checklist laid out like the official sheet; derived items may read 記入不要. */
export interface InspectionSheetItem extends Omit<ChecklistPdfItem, 'answer'> {
  answer: string | null;
  /** Answered from Kaiji's data (2-②, 2-③), not by hand. */
  derived?: boolean;
}

/** A label and its value, e.g. on the cover's summary; `flagged` prints the value in red. */
export interface InspectionFact {
  label: string;
  value: string;
  flagged?: boolean;
}

export interface InspectionDerivationContract {
  vendorName: string;
  satisfied: boolean;
  /** What the contract still lacks, one line each (empty when satisfied). */
  missing: string[];
}

/** Why a derived item (2-②, 2-③) reads as it does. */
export interface InspectionDerivation {
  itemId: string;
  itemText: string;
  answer: string;
  reason: string;
  contracts: InspectionDerivationContract[];
}

export interface InspectionOwnChecklist {
  title: string;
  /** The form version answered on (or to use), carried forward or 旧様式, said plainly: 「令和8年度: 令和7年度版で回答（令和8年度版は未登録）」. */
  formUseLabel: string;
  updatedOn: string | null;
  instructions: string[];
  items: InspectionSheetItem[];
  derivations: InspectionDerivation[];
  /** Notes printed under the title (unanswered items, an outdated form version). */
  notes: InspectionFact[];
}

/** One line of the overview of the vendors' 事業者確認用 (received, missing, not required). */
export interface InspectionVendorStatus {
  vendorName: string;
  agentName: string | null;
  contractKindLabel: string;
  statusLabel: string;
  /** Missing or outdated: printed in red. */
  flagged: boolean;
  revisionLabel: string | null;
  submittedOn: string | null;
  noCount: number | null;
  overdueCount: number | null;
}

/** A received 事業者確認用, printed like the official sheet. */
export interface InspectionVendorSheet {
  /** The table of contents entry, e.g. "株式会社A（保守契約）". */
  heading: string;
  sheet: ChecklistPdfView;
  /** Printed above the sheet in red (e.g. answered on an older form version). */
  notes: string[];
}

export interface InspectionDisclosureRow {
  vendorName: string;
  /** The author when it is not the vendor (an agent's RM-SDS). */
  authorName: string | null;
  productName: string;
  productVersion: string;
  kind: string;
  revisionLabel: string;
  publishedOn: string | null;
  /** いいえ / 対象外 answers. */
  riskAnswerCount: number;
}

export interface InspectionMissingDocument {
  vendorName: string;
  productName: string;
  what: string;
}

export interface InspectionRemoteMaintenance {
  vendorName: string;
  productName: string;
  /** 'none' | 'low' | 'medium' | 'high'; null when nothing was disclosed. */
  riskLevel: string | null;
  riskLevelLabel: string | null;
  /** Status line: 確認済み 2025-06-01（山田）, 未確認, 未開示. */
  statusLabel: string;
  flagged: boolean;
  facts: InspectionFact[];
  risks: string[];
}

export interface InspectionRiskRow {
  vendorName: string;
  documentLabel: string;
  itemId: string;
  itemText: string;
  answer: string;
  statusLabel: string;
  dueOn: string | null;
  overdue: boolean;
  openedOn: string;
}

export interface InspectionPackView {
  pharmacyName: string;
  pharmacyCode: string | null;
  fiscalYearLabel: string;
  /** "2025-04-01〜2026-03-31" */
  fiscalYearPeriod: string;
  issuedOn: string;
  /** The organization the pack was issued to (the pharmacy, or its chain's headquarters). */
  issuedTo: string;
  manager: { name: string | null; source: string };
  /**
   * Which form versions the pack uses, for the cover: the 薬局確認用 answered, the 事業者確認用 that
   * applies to the 年度 and the versions the received ones were answered on (carried forward, 旧様式 flagged).
   */
  forms: InspectionFact[];
  summary: InspectionFact[];
  /** Documents the inspector checks in person (現物確認), as the manual lists them. */
  onSiteDocuments: string[];
  /** Null when no 薬局確認用 form is catalogued for the 年度: `ownChecklistMissing` says so. */
  ownChecklist: InspectionOwnChecklist | null;
  ownChecklistMissing: string | null;
  vendorStatuses: InspectionVendorStatus[];
  vendorSheets: InspectionVendorSheet[];
  disclosures: InspectionDisclosureRow[];
  missingDisclosures: InspectionMissingDocument[];
  remoteMaintenance: InspectionRemoteMaintenance[];
  risks: InspectionRiskRow[];
  /** The 連絡体制図 (3-①); absent only in views built without it (layout checks). */
  contactChart?: ContactChartView;
  /** Evidence files of the 年度 (BCP, 規程類, access-log reviews); absent only in views built without them. */
  evidenceDocuments?: InspectionEvidenceRow[];
}

/** One evidence document listed in the pack; its PDF travels beside the pack in the chain's ZIP. */
export interface InspectionEvidenceRow {
  kindLabel: string;
  title: string;
  documentDate: string;
  reviewDueOn: string | null;
  /** 見直し時期 (within 30 days) or 見直し期限超過, flagged; null when nothing is due. */
  reviewNote: string | null;
  filename: string | null;
}
