/**
 * A form version as catalogued: the checklists of a 年度 and the MDS/SDS forms of a guideline
 * version. Definitions are data (one JSON file per version in ./catalog, or registered by the
 * operator through the API) and never change once answers refer to them.
 */

/** What a form is for. */
export type FormKind =
  /** 事業者確認用: a vendor answers it per customer facility and 年度. */
  | 'vendor_checklist'
  /** 薬局確認用 / 医療機関確認用: the facility's own checklist. */
  | 'facility_checklist'
  /** JAHIS/JIRA 製造業者/サービス事業者による医療情報セキュリティ開示書 (MDS/SDS/RM-SDS). */
  | 'security_disclosure';

/**
 * The kind of customer facility a checklist is written for. 'any' is a combined version that serves
 * every kind (令和8年度 「医療機関・薬局確認用」, MDS/SDS forms): lookups for a pharmacy or a medical
 * institution find it as they find a version written for that kind alone.
 */
export type FormAudience = 'pharmacy' | 'medical' | 'any';

/** The customer facility kinds Kaiji models; a form serves one of them or, as 'any', all. */
export type CustomerKind = 'pharmacy' | 'medical';

/**
 * What Kaiji does with an item beyond recording its answer. Data, so that a renumbered or reworded
 * item keeps its behaviour:
 *  - derived_remote_maintenance: the facility's item answered from Kaiji's data — remote
 *    maintenance confirmed with every vendor (薬局 2-② in 令和7年度);
 *  - derived_security_disclosure: likewise — MDS/SDS (and RM-SDS) received from every vendor (2-③).
 */
export const FORM_ITEM_ROLES = ['derived_remote_maintenance', 'derived_security_disclosure'] as const;
export type FormItemRole = (typeof FORM_ITEM_ROLES)[number];

export const CHECKLIST_ANSWERS = ['はい', 'いいえ'] as const;
export const DISCLOSURE_ANSWERS = ['はい', 'いいえ', '対象外'] as const;
export const APPLICABILITY_ANSWERS = ['該当', '非該当'] as const;
export type Answer = (typeof CHECKLIST_ANSWERS)[number] | (typeof DISCLOSURE_ANSWERS)[number] | (typeof APPLICABILITY_ANSWERS)[number];

export interface FormSection {
  id: string;
  title: string;
  titleEn?: string;
}

export interface FormItem {
  /** As printed: "2-③", "1.1", "2(4)-server". */
  id: string;
  sectionId: string;
  /** Scope heading printed above the item (組織, 医療情報システム全般, サーバ, 端末PC, ネットワーク…). */
  scope?: string;
  /** Japanese text verbatim from the source. */
  text: string;
  /** An English gloss, for readers who do not read Japanese. */
  textEn: string;
  /** Allowed answers, as the form prints them. */
  answers: Answer[];
  /** Must be answered before the form can be submitted or published (R5/R6 参考項目 are not). */
  required: boolean;
  /** Printed condition under which the item (or what follows it) need not be answered (※事業者と契約していない場合には、記入不要). */
  condition?: string;
  /**
   * The 年度 by which this item should read はい, when it is not the form's own: the 目標日 of an
   * いいえ may fall up to the end of that 年度 (R5 参考項目: 令和6年度中).
   */
  targetFiscalYear?: number;
  /**
   * はい may mean "planned": the item counts as はい when the measure is to be in place by the end of
   * this 年度 (令和7年度 2-⑩ / vendor 2-⑨: 「…または令和9年度までに実装予定」 → 2027). Such an answer
   * records the planned date (plannedOn).
   */
  plannedBy?: number;
  /** What Kaiji does with the item (see FormItemRole); none for an item that is only answered. */
  role?: FormItemRole;
  /** The same question on the other side's form (vendor 2-① ↔ pharmacy 2-② in 令和7年度). */
  counterpart?: { formId: string; itemId: string };
  note?: string;
  /** The checklist manual's explanation of the item, verbatim; none when the source has none. */
  manual?: FormItemManual;
}

/**
 * What the checklist manual says about an item, copied verbatim (only layout removed: line wraps,
 * list markers), so that a person answering without IT staff reads the official explanation beside
 * the item. Catalog files keep it in catalog/manual/<form id>.json; the loader puts it on the item.
 */
export interface FormItemManual {
  /** The manual's section heading as printed ("1-①【体制構築】 医療情報システム安全管理責任者を設置している。"). */
  section: string;
  /** 考え方・確認方法: the manual's paragraphs, in order. */
  explanation: string[];
  /** （用語の解説）, one term a paragraph. */
  terms?: string[];
  /** （補足）: among others, when to answer はい. */
  notes?: string[];
  /** The guideline sections the item rests on (▶経営管理編 3.1.2②), as "経営管理編 3.1.2②". */
  guidelineRefs?: string[];
  /** Where the text was copied from: the file, the manual's title and edition. */
  source: string;
}

export interface FormRules {
  /** Answers that require a 目標日 (checklists: いいえ). */
  targetDateRequiredFor?: Answer[];
  /** The 目標日 must fall within the 年度 (April 1 – March 31). */
  targetDateWithinFiscalYear?: boolean;
  /** Every answer carries a 確認日 (not in the future). */
  confirmationDateRequired?: boolean;
  /** Answers that call for risk communication (MDS/SDS: いいえ, 対象外). */
  riskAnswers?: Answer[];
}

export interface FormDefinition {
  /** Stable id, e.g. "vendor-checklist-pharmacy-r7". */
  id: string;
  kind: FormKind;
  audience: FormAudience;
  /**
   * Versions of one series replace each other: the newest (highest fiscalYear, then revision)
   * makes answers on older ones outdated. E.g. "vendor-checklist/pharmacy", "security-disclosure".
   */
  series: string;
  /** Gregorian year the 年度 starts in (2025 = 令和7年度); null for forms not tied to a 年度. */
  fiscalYear: number | null;
  /** Orders versions within a series after fiscalYear (guideline 6.0 → 60, 7.0 → 70). */
  revision: number;
  /** As people name it: "令和7年度版", "第6.0版". */
  versionLabel: string;
  title: string;
  titleEn: string;
  /** Only part of the source's items are catalogued: answers to unlisted items are accepted. */
  partial: boolean;
  source: string;
  sections: FormSection[];
  items: FormItem[];
  rules: FormRules;
  /** The instructions printed above the items, verbatim. */
  instructions?: string[];
  /** The notes printed below the items (● lines, disclaimers), verbatim. */
  footnotes?: string[];
  /** How the catalog entry was made: derivations, OCR readings, layout the data does not carry. */
  note?: string;
}
