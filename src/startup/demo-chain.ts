import { Injectable } from '@nestjs/common';
import type { UserPrincipal } from '../access/principal';
import { ChecklistsService } from '../checklists/checklists.service';
import { ContractsService } from '../contracts/contracts.service';
import { DisclosuresService } from '../disclosures/disclosures.service';
import { FormsService } from '../forms/forms.service';
import type { OrganizationKind } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import type { Deployment, ProductCategory } from '../products/products.dto';
import { ProductsService } from '../products/products.service';
import { RemoteMaintenanceService } from '../remote-maintenance/remote-maintenance.service';

export interface DemoStore {
  admin: UserPrincipal;
  pharmacyCode: string;
}

export type CreateAdmin = (organizationId: string, kind: OrganizationKind, email: string, displayName: string) => Promise<UserPrincipal>;

/** A maintenance contract of one of the chain's vendors, for the demo's later 年度 (DemoCurrentYear). */
export interface DemoChainContract {
  vendorAdmin: UserPrincipal;
  vendorName: string;
  contractId: string;
  /** Index of the store among all the chain's stores (0–2: 本町店, 駅前店, 緑ヶ丘店). */
  storeIndex: number;
  vendorIndex: number;
  /** Whether its 令和7年度 事業者確認用 was submitted. */
  submitted: boolean;
}

const SYSTEM = { type: 'system' as const, label: 'demo-data' };
const FISCAL_YEAR = 2025;

const VENDORS: { name: string; product: string; category: ProductCategory; deployment: Deployment; publishes: boolean }[] = [
  { name: '東都調剤機器株式会社', product: '全自動分包機 TX-5', category: '調剤機器', deployment: 'on-premises', publishes: true },
  { name: 'ことぶき電子お薬手帳株式会社', product: 'ことぶき手帳', category: '電子お薬手帳', deployment: 'cloud', publishes: false },
  { name: 'オンライン資格ネット株式会社', product: 'オン資ゲート', category: 'オンライン資格確認', deployment: 'hybrid', publishes: true },
  { name: 'NSIPSリンク株式会社', product: 'NSIPSブリッジ', category: 'NSIPS連携', deployment: 'on-premises', publishes: false },
];

const STORE_NAMES = ['北口店', '南口店', '中央店', '東店', '西店', '桜台店', '若葉店', '港町店', '山手店'];

/**
 * More vendors and stores for the chain, in varied states, so that the store × vendor matrix and its
 * heat map mean something: some checklists in, some missing, some with いいえ; some MDS/SDS published,
 * some not; some remote maintenance confirmed. Deterministic, so every demo looks the same.
 */
@Injectable()
export class DemoChain {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly products: ProductsService,
    private readonly contracts: ContractsService,
    private readonly disclosures: DisclosuresService,
    private readonly checklists: ChecklistsService,
    private readonly remoteMaintenance: RemoteMaintenanceService,
    private readonly forms: FormsService,
  ) {}

  async load(chainId: string, createAdmin: CreateAdmin, existingStores: DemoStore[]): Promise<DemoChainContract[]> {
    const stores = [...existingStores];
    const maintained: DemoChainContract[] = [];
    for (const [index, name] of STORE_NAMES.entries()) {
      const code = `13412346${String(index).padStart(2, '0')}`;
      const pharmacy = await this.organizations.createOrganization(SYSTEM, { kind: 'pharmacy', name: `みどり薬局 ${name}`, pharmacyCode: code, chainId });
      stores.push({ admin: await createAdmin(pharmacy.id, 'pharmacy', `store${index + 4}@midori-pharmacy.example`, `${name} 管理薬剤師`), pharmacyCode: code });
    }
    const checklistForm = await this.forms.vendorChecklistFor('pharmacy', FISCAL_YEAR);
    const disclosureForm = await this.forms.latestDisclosureForm();

    for (const [v, spec] of VENDORS.entries()) {
      const vendor = await this.organizations.createOrganization(SYSTEM, { kind: 'vendor', name: spec.name });
      const admin = await createAdmin(vendor.id, 'vendor', `admin@vendor${v + 2}.example`, `${spec.name} 管理者`);
      const product = await this.products.create(admin, { name: spec.product, category: spec.category, deployment: spec.deployment, versions: ['1.0'] });
      // Each vendor serves a different slice of the chain's stores.
      const served = stores.filter((_, s) => (s + v) % 3 !== 0);
      for (const [i, store] of served.entries()) {
        const saleOnly = (i + v) % 7 === 0;
        const proposed = await this.contracts.propose(admin, {
          kind: saleOnly ? 'sale_only' : 'maintenance',
          pharmacyCode: store.pharmacyCode,
          productIds: [product.id],
          startsOn: `${FISCAL_YEAR}-04-01`,
        });
        await this.contracts.accept(store.admin, proposed.id, {});
        if (saleOnly) continue;
        const submitted = (i + v) % 4 !== 1;
        maintained.push({ vendorAdmin: admin, vendorName: spec.name, contractId: proposed.id, storeIndex: stores.indexOf(store), vendorIndex: v, submitted });
        if (submitted) {
          const noAt = (i * 3 + v) % 5 === 0 ? 4 : -1;
          await this.checklists.saveDraft(admin, proposed.id, FISCAL_YEAR, {
            managerName: `${spec.name.slice(0, 4)} 責任者`,
            answers: checklistForm.items.map((item, k) =>
              k === noAt
                ? { itemId: item.id, answer: 'いいえ', confirmedOn: '2025-09-01', targetOn: '2026-03-31', remarks: '年度内に対応予定' }
                : { itemId: item.id, answer: 'はい', confirmedOn: '2025-09-01' },
            ),
          });
          await this.checklists.submit(admin, proposed.id, FISCAL_YEAR);
        }
        if (v % 2 === 0 && i % 2 === 0) {
          const disclosed = await this.remoteMaintenance.disclose(admin, proposed.id, {
            productId: product.id,
            inUse: true,
            devices: '調剤システムサーバ',
            connectionMethod: i % 4 === 0 ? 'internet_vpn' : 'closed_network',
            gateway: i % 4 === 0 ? { maker: 'ヤマハ', model: 'RTX830', firmwareVersion: 'Rev.15.02.30', lastPatchedOn: '2025-08-01' } : undefined,
            twoFactor: i % 3 !== 0,
            sourceRestricted: true,
            sessionLogging: true,
            availability: 'on_demand',
            uniqueCredentials: i % 5 !== 0,
          });
          if (i % 3 === 0) await this.remoteMaintenance.confirm(store.admin, proposed.id, { productId: product.id, revision: disclosed.revision });
        }
      }
      if (spec.publishes) {
        const answers = disclosureForm.items.map((item, k) =>
          item.answers.includes('該当') ? { itemId: item.id, answer: '該当' } : { itemId: item.id, answer: k % 6 === 5 ? '対象外' : 'はい' },
        );
        const kind = spec.deployment === 'on-premises' ? 'MDS' : 'SDS';
        const draft = await this.disclosures.create(admin, { productId: product.id, productVersion: '1.0', kind, audience: 'all_customers', answers });
        await this.disclosures.publish(admin, draft.id);
      }
    }
    return maintained;
  }

}
