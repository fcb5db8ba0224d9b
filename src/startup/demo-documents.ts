import { Injectable } from '@nestjs/common';
import type { UserPrincipal } from '../access/principal';
import { ChecklistsService } from '../checklists/checklists.service';
import { fiscalYearRange } from '../common/fiscal-year';
import { ContractsService } from '../contracts/contracts.service';
import { DisclosuresService } from '../disclosures/disclosures.service';
import { FormsService } from '../forms/forms.service';
import { ProductsService } from '../products/products.service';

/** 令和7年度: the newest 年度 with catalogued forms (令和8年度's texts are not in the catalog; see DemoCurrentYear for its documents). */
const DEMO_FISCAL_YEAR = 2025;

export interface DemoDocumentIds {
  /** One per store: maintenance, operation, sale-only. */
  contractIds: string[];
  sdsId: string;
  sdsProductId: string;
  fiscalYear: number;
}

export interface DemoActors {
  vendorAdmin: UserPrincipal;
  storeAdmins: UserPrincipal[];
}

/**
 * The vendor's products, contracts with the chain's stores, a published SDS with いいえ/対象外
 * answers and a submitted 事業者確認用 checklist with an いいえ and its 目標日.
 */
@Injectable()
export class DemoDocuments {
  constructor(
    private readonly products: ProductsService,
    private readonly contracts: ContractsService,
    private readonly disclosures: DisclosuresService,
    private readonly checklists: ChecklistsService,
    private readonly forms: FormsService,
  ) {}

  async load({ vendorAdmin, storeAdmins }: DemoActors, pharmacyCodes: string[]): Promise<DemoDocumentIds> {
    const recepta = await this.products.create(vendorAdmin, { name: 'さくらレセプト Cloud', category: 'レセコン', deployment: 'cloud', versions: ['5.2', '6.0'] });
    const history = await this.products.create(vendorAdmin, { name: 'さくら電子薬歴', category: '電子薬歴', deployment: 'on-premises', versions: ['3.1'] });

    const fiscalYear = DEMO_FISCAL_YEAR;
    const kinds = ['maintenance', 'operation', 'sale_only'] as const;
    const contractIds: string[] = [];
    for (const [index, code] of pharmacyCodes.entries()) {
      const proposed = await this.contracts.propose(vendorAdmin, {
        kind: kinds[index % kinds.length],
        pharmacyCode: code,
        productIds: index === 2 ? [history.id] : [recepta.id, history.id],
        startsOn: `${fiscalYear}-04-01`,
      });
      await this.contracts.accept(storeAdmins[index], proposed.id, {});
      contractIds.push(proposed.id);
    }

    const form = await this.forms.latestDisclosureForm();
    const answers = form.items.map((item) => {
      if (item.answers.includes('該当')) return { itemId: item.id, answer: '該当' };
      if (item.id === '7') return { itemId: item.id, answer: 'いいえ', remarks: '契約書の安全管理条項は次回更新時に追加予定' };
      if (item.id === '1.1') return { itemId: item.id, answer: '対象外', remarks: '医療機関内での保存は行わない' };
      return { itemId: item.id, answer: 'はい' };
    });
    const sds = await this.disclosures.create(vendorAdmin, { productId: recepta.id, productVersion: '6.0', kind: 'SDS', audience: 'all_customers', answers });
    await this.disclosures.publish(vendorAdmin, sds.id);

    const checklistForm = await this.forms.vendorChecklistFor('pharmacy', fiscalYear);
    const { to } = fiscalYearRange(fiscalYear);
    const confirmedOn = `${fiscalYear}-10-01`;
    await this.checklists.saveDraft(vendorAdmin, contractIds[0], fiscalYear, {
      managerName: '佐藤 健',
      answers: checklistForm.items.map((item, index) =>
        index === 5
          ? { itemId: item.id, answer: 'いいえ', confirmedOn, targetOn: to, remarks: 'ファームウェア更新を保守訪問時に実施予定' }
          : { itemId: item.id, answer: 'はい', confirmedOn },
      ),
    });
    await this.checklists.submit(vendorAdmin, contractIds[0], fiscalYear);
    return { contractIds, sdsId: sds.id, sdsProductId: recepta.id, fiscalYear };
  }
}
