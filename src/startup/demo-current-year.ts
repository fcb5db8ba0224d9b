import { Injectable, Logger } from '@nestjs/common';
import type { UserPrincipal } from '../access/principal';
import { ChecklistsService } from '../checklists/checklists.service';
import type { ChecklistAnswerInputDto } from '../checklists/checklists.dto';
import { fiscalYearRange, todayInJapan } from '../common/fiscal-year';
import { FacilityChecklistsService } from '../facility-checklists/facility-checklists.service';
import type { FormDefinition } from '../forms/form-definition';
import { FormsService } from '../forms/forms.service';
import type { RegisterFormDto } from '../forms/forms.dto';
import type { DemoChainContract } from './demo-chain';
import type { DemoActors, DemoDocumentIds } from './demo-documents';

/** 令和8年度, the 年度 the demo shows both states in. */
export const DEMO_CURRENT_YEAR = 2026;
/** The demo's stand-in for a 令和8年度 事業者確認用: a copy of the 令和7年度 items, never an MHLW text. */
export const DEMO_R8_FORM_ID = 'vendor-checklist-r8-demo';

/**
 * 令和8年度 as a person meets it before and after the operator registers a form version:
 *  1. the main vendor submits its 令和8年度 事業者確認用 to 本町店 on the carried-forward 令和7年度版;
 *  2. 本町店 saves its own 令和8年度 薬局確認用 on the carried-forward 令和7年度版 (no 令和8年度 薬局
 *     version is registered, so it stays 「令和8年度: 令和7年度版で回答（令和8年度版は未登録）」);
 *  3. the operator registers a 令和8年度 事業者確認用 through FormsService.register, as it would the
 *     official one — here a copy plainly labelled as a demo and not an MHLW form;
 *  4. the chain's other vendors submit 令和8年度 on it (受領済み), while the main vendor's answer of
 *     step 1 now reads 旧様式.
 * Dates obey the 年度 rules: 確認日 within 令和8年度 and not in the future, 目標日 not before it.
 */
@Injectable()
export class DemoCurrentYear {
  private readonly logger = new Logger(DemoCurrentYear.name);

  constructor(
    private readonly checklists: ChecklistsService,
    private readonly facilityChecklists: FacilityChecklistsService,
    private readonly forms: FormsService,
  ) {}

  async load(operator: UserPrincipal, { vendorAdmin, storeAdmins }: DemoActors, documents: DemoDocumentIds, chainContracts: DemoChainContract[]): Promise<void> {
    const fiscalYear = DEMO_CURRENT_YEAR;
    const today = todayInJapan();
    const { from, to } = fiscalYearRange(fiscalYear);
    if (today < from) {
      this.logger.warn(`demo data: today (${today}) is before 令和8年度; its documents are left out`);
      return;
    }
    // A day of the 年度 that has come: the preferred one, or today while that is still ahead.
    const dayOf = (preferred: string) => (preferred < today ? preferred : today);
    const [honcho] = storeAdmins;

    const carried = await this.forms.vendorChecklistFor('pharmacy', fiscalYear);
    await this.submit(vendorAdmin, documents.contractIds[0], carried, {
      managerName: '佐藤 健',
      confirmedOn: dayOf(`${fiscalYear}-06-15`),
      no: { itemId: '2-⑤', targetOn: to, remarks: 'ルータのファームウェア更新を年度内の保守訪問時に実施予定' },
    });

    const own = await this.forms.facilityChecklistFor('pharmacy', fiscalYear);
    const confirmedOn = dayOf(`${fiscalYear}-07-01`);
    await this.facilityChecklists.save(honcho, honcho.organizationId, fiscalYear, {
      // Items Kaiji derives (2-②, 2-③) are answered from the vendors' documents, not by hand.
      answers: own.items
        .filter((item) => item.role === undefined)
        .map((item): ChecklistAnswerInputDto => {
          if (item.id === '3-③') return { itemId: item.id, answer: 'いいえ', confirmedOn, targetOn: to, remarks: 'BCPのサイバー攻撃編を本部と策定中' };
          if (item.plannedBy !== undefined) return { itemId: item.id, answer: 'はい', confirmedOn, plannedOn: `${item.plannedBy}-09-30`, remarks: 'レセコン更新時に二要素認証を導入予定' };
          return { itemId: item.id, answer: 'はい', confirmedOn };
        }),
    });

    await this.forms.register(operator, demoVersion(await this.forms.get('vendor-checklist-pharmacy-r7'), fiscalYear));

    const onDemoVersion = await this.forms.vendorChecklistFor('pharmacy', fiscalYear);
    // Half of the chain's checklists of last 年度 come in again, 本町店's from オンライン資格ネット among them.
    for (const contract of chainContracts.filter((c) => c.submitted && (c.storeIndex + c.vendorIndex) % 2 === 0)) {
      await this.submit(contract.vendorAdmin, contract.contractId, onDemoVersion, {
        managerName: `${contract.vendorName.slice(0, 4)} 責任者`,
        confirmedOn: dayOf(`${fiscalYear}-11-${String(10 + contract.storeIndex).padStart(2, '0')}`),
      });
    }
  }

  private async submit(
    vendor: UserPrincipal,
    contractId: string,
    form: FormDefinition,
    answers: { managerName: string; confirmedOn: string; no?: { itemId: string; targetOn: string; remarks: string } },
  ): Promise<void> {
    const { confirmedOn, no } = answers;
    await this.checklists.saveDraft(vendor, contractId, DEMO_CURRENT_YEAR, {
      formId: form.id,
      managerName: answers.managerName,
      answers: form.items.map((item) =>
        item.id === no?.itemId ? { itemId: item.id, answer: 'いいえ', confirmedOn, targetOn: no.targetOn, remarks: no.remarks } : { itemId: item.id, answer: 'はい', confirmedOn },
      ),
    });
    await this.checklists.submit(vendor, contractId, DEMO_CURRENT_YEAR);
  }
}

/**
 * The demo's 令和8年度 事業者確認用: the 令和7年度 薬局 items unchanged, under labels no one can take for
 * MHLW's. Revision 0 and a series of its own, so that the operator can still register the official
 * 令和8年度 version in a demo database, and it then applies instead.
 */
function demoVersion(r7: FormDefinition, fiscalYear: number): RegisterFormDto {
  return {
    id: DEMO_R8_FORM_ID,
    kind: 'vendor_checklist',
    audience: 'any',
    series: 'vendor-checklist/demo',
    fiscalYear,
    revision: 0,
    versionLabel: '【デモ用】令和8年度版（公式様式ではありません）',
    title: '【デモ用】令和8年度 事業者確認用（公式様式ではありません：令和7年度版の項目を複製）',
    titleEn: '[DEMO] FY2026 vendor checklist — NOT the official MHLW form: a copy of the FY2025 pharmacy vendor checklist items',
    partial: false,
    source: `Kaiji demo data (npm run demo): a copy of the items of ${r7.id}, registered through POST /v1/forms as the operator registers a version. Not a transcription of any MHLW form.`,
    note:
      'デモ用の複製です。厚生労働省の令和8年度 事業者確認用（001716188.xlsx）の項目ではありません。公式の令和8年度版は、運営者が厚生労働省のワークブックから登録してください。' +
      " / A demo copy, not MHLW's 令和8年度 事業者確認用: the official items must be registered by the operator from MHLW's workbook.",
    sections: r7.sections.map((section) => ({ ...section })),
    items: r7.items.map((item) => ({ ...item, answers: [...item.answers], counterpart: item.counterpart && { ...item.counterpart } })),
    rules: { ...r7.rules, targetDateRequiredFor: r7.rules.targetDateRequiredFor && [...r7.rules.targetDateRequiredFor] },
  };
}
