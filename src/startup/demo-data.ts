import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UsersService } from '../accounts/users.service';
import type { UserPrincipal } from '../access/principal';
import type { OrganizationKind } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { DemoChain } from './demo-chain';
import { DemoCurrentYear } from './demo-current-year';
import { DemoDocuments } from './demo-documents';
import { DemoWorkflows } from './demo-workflows';
import { OperatorBootstrap } from './operator-bootstrap';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

const SYSTEM = { type: 'system' as const, label: 'demo-data' };
export const DEMO_PASSWORD = 'Kaiji-demo-2025!';
export const DEMO_OPERATOR = { email: 'operator@kaiji.example', password: DEMO_PASSWORD };

/**
 * A small, believable dataset for `npm run demo`, loaded only into an empty database: a vendor,
 * a chain with three pharmacies, an admin for each, and their documents (see DemoDocuments), and
 * 令和8年度 documents on carried-forward and newly registered form versions (see DemoCurrentYear).
 */
@Injectable()
export class DemoData {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly operator: OperatorBootstrap,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly documents: DemoDocuments,
    private readonly workflows: DemoWorkflows,
    private readonly chain: DemoChain,
    private readonly currentYear: DemoCurrentYear,
  ) {}

  logins(): DemoLogin[] {
    return [
      { role: '運営者 (operator)', ...DEMO_OPERATOR },
      { role: '事業者 管理者 (vendor admin)', email: 'admin@sakura-medical.example', password: DEMO_PASSWORD },
      { role: '法人本部 管理者 (chain HQ admin)', email: 'hq@midori-pharmacy.example', password: DEMO_PASSWORD },
      { role: '薬局 管理者 (pharmacy admin, 本町店)', email: 'honcho@midori-pharmacy.example', password: DEMO_PASSWORD },
      { role: '薬局 管理者 (pharmacy admin, 駅前店)', email: 'ekimae@midori-pharmacy.example', password: DEMO_PASSWORD },
      { role: '薬局 管理者 (pharmacy admin, 緑ヶ丘店)', email: 'midorigaoka@midori-pharmacy.example', password: DEMO_PASSWORD },
    ];
  }

  /** Loads the dataset when no vendor exists yet; returns whether it did. */
  async loadIfEmpty(): Promise<boolean> {
    const [row]: { count: string }[] = await this.db.query(`SELECT count(*) FROM organizations WHERE kind <> 'operator'`);
    if (Number(row.count) > 0) return false;
    await this.operator.ensureOperator(DEMO_OPERATOR);
    const [, vendorLogin, hqLogin, ...storeLogins] = this.logins();

    const vendor = await this.organizations.createOrganization(SYSTEM, { kind: 'vendor', name: 'さくらメディカルシステム株式会社', corporateNumber: '7000012050002' });
    const vendorAdmin = await this.admin(vendor.id, 'vendor', vendorLogin, '佐藤 健 (事業者 管理責任者)');

    const chain = await this.organizations.createOrganization(SYSTEM, { kind: 'chain', name: 'みどり薬局ホールディングス株式会社' });
    await this.admin(chain.id, 'chain', hqLogin, '高橋 美咲 (本部 情報システム)');

    const stores = [
      { name: 'みどり薬局 本町店', pharmacyCode: '1341234567', manager: '田中 一郎 (管理薬剤師)' },
      { name: 'みどり薬局 駅前店', pharmacyCode: '1341234575', manager: '鈴木 花子 (管理薬剤師)' },
      { name: 'みどり薬局 緑ヶ丘店', pharmacyCode: '1341234583', manager: '伊藤 誠 (管理薬剤師)' },
    ];
    const storeAdmins: UserPrincipal[] = [];
    for (const [index, store] of stores.entries()) {
      const pharmacy = await this.organizations.createOrganization(SYSTEM, { kind: 'pharmacy', name: store.name, pharmacyCode: store.pharmacyCode, chainId: chain.id });
      storeAdmins.push(await this.admin(pharmacy.id, 'pharmacy', storeLogins[index], store.manager));
    }
    const documents = await this.documents.load({ vendorAdmin, storeAdmins }, stores.map((store) => store.pharmacyCode));
    await this.workflows.load({ vendorAdmin, storeAdmins }, documents);
    const chainContracts = await this.chain.load(
      chain.id,
      (organizationId, kind, email, displayName) => this.admin(organizationId, kind, { role: '', email, password: DEMO_PASSWORD }, displayName),
      storeAdmins.map((admin, index) => ({ admin, pharmacyCode: stores[index].pharmacyCode })),
    );
    await this.currentYear.load(await this.operatorPrincipal(), { vendorAdmin, storeAdmins }, documents, chainContracts);
    return true;
  }

  /** The demo operator, as the principal that registers a form version. */
  private async operatorPrincipal(): Promise<UserPrincipal> {
    const [row]: { id: string; organization_id: string }[] = await this.db.query(
      `SELECT u.id, u.organization_id FROM users u JOIN organizations o ON o.id = u.organization_id WHERE lower(u.email) = lower($1) AND o.kind = 'operator'`,
      [DEMO_OPERATOR.email],
    );
    return this.principal(row.id, DEMO_OPERATOR.email, row.organization_id, 'operator');
  }

  /** Creates an admin and returns them as the principal the demo acts as. */
  private async admin(organizationId: string, organizationKind: OrganizationKind, login: DemoLogin, displayName: string): Promise<UserPrincipal> {
    const user = await this.users.createUser(SYSTEM, organizationId, { email: login.email, displayName, role: 'admin', password: login.password });
    return this.principal(user.id, user.email, organizationId, organizationKind);
  }

  private principal(userId: string, email: string, organizationId: string, organizationKind: OrganizationKind): UserPrincipal {
    return {
      type: 'user',
      userId,
      email,
      role: 'admin',
      sessionId: 'demo-data',
      organizationId,
      organizationKind,
      twoFactorEnrolled: false,
      twoFactorEnrolmentPending: false,
      origin: { ip: '127.0.0.1', userAgent: 'kaiji-demo-data' },
    };
  }
}
