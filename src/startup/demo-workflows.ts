import { Injectable } from '@nestjs/common';
import { DocumentRequestsService } from '../document-requests/document-requests.service';
import { RemoteMaintenanceService } from '../remote-maintenance/remote-maintenance.service';
import { RiskThreadsService } from '../risk-threads/risk-threads.service';
import type { DemoActors, DemoDocumentIds } from './demo-documents';

/**
 * What a pharmacy works on: an open request for a checklist, a risk thread on the SDS's いいえ
 * answer with the vendor's first reply, and a remote-maintenance disclosure whose gateway firmware
 * is overdue for patching (so the risk flag shows).
 */
@Injectable()
export class DemoWorkflows {
  constructor(
    private readonly requests: DocumentRequestsService,
    private readonly threads: RiskThreadsService,
    private readonly remoteMaintenance: RemoteMaintenanceService,
  ) {}

  async load({ vendorAdmin, storeAdmins }: DemoActors, documents: DemoDocumentIds): Promise<void> {
    const [honcho, ekimae] = storeAdmins;
    const [maintenanceContract, operationContract] = documents.contractIds;

    await this.requests.create(ekimae, {
      contractId: operationContract,
      kind: 'checklist',
      fiscalYear: documents.fiscalYear,
      message: '立入検査に向けて、令和7年度の事業者確認用チェックリストのご提出をお願いします。',
    });

    const thread = await this.threads.open(honcho, {
      documentType: 'disclosure',
      documentId: documents.sdsId,
      itemId: '7',
      message: '項目7が「いいえ」となっています。契約書の安全管理条項の追加時期と、それまでの運用上の対策を教えてください。',
    });
    await this.threads.message(vendorAdmin, thread.id, {
      body: '次回の契約更新（令和8年4月）で安全管理条項を追加いたします。それまでは保守作業ごとに作業記録を提出いたします。',
    });

    await this.remoteMaintenance.disclose(vendorAdmin, maintenanceContract, {
      productId: documents.sdsProductId,
      inUse: true,
      devices: 'レセコンサーバ 1台、受付端末 2台',
      connectionMethod: 'internet_vpn',
      gateway: { maker: 'ヤマハ', model: 'RTX1300', firmwareVersion: 'Rev.23.00.05', lastPatchedOn: '2025-03-01' },
      twoFactor: true,
      sourceRestricted: true,
      sessionLogging: true,
      availability: 'on_demand',
      uniqueCredentials: true,
      notes: '保守作業時のみ薬局側の許可を得て接続します。',
    });
  }
}
