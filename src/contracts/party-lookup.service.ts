import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { consumeRateLimit, RateLimit } from '../common/rate-limit';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PharmacyLookupDto, VendorLookupDto } from './party-lookup.dto';

/**
 * Naming the other party of a proposal, shown back before it is sent: a pharmacy by 保険薬局コード
 * (for vendors), a vendor or an agent (代理店) by 法人番号.
 *
 * What this tells, and why it may: a pharmacy's code and name, and a company's 法人番号 and name,
 * are public (the 地方厚生局 lists every 保険薬局 with its code; the 国税庁 publishes 法人番号). What
 * Kaiji adds is only that the party is registered here, which a proposal tells as well (it is
 * created or refused as unknown). So a lookup answers no more than a proposal would, nothing of the
 * relationship (DESIGN.md: nothing of a pharmacy beyond that before it agrees), no pharmacy id, and
 * it is limited and recorded like a proposal: every attempt counts, unknown codes included, against
 * KAIJI_CONTRACT_PROPOSALS_PER_HOUR per organization and hour (a bucket of its own, so looking a
 * party up does not use up the proposals), and each lands in the caller's own audit log.
 */
@Injectable()
export class PartyLookupService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async pharmacy(principal: Principal, pharmacyCode: string): Promise<PharmacyLookupDto> {
    if (principal.organizationKind !== 'vendor') {
      throw AppError.forbidden('保険薬局コードで薬局を探せるのは事業者だけです (only vendors look pharmacies up by 保険薬局コード).', 'vendor_required');
    }
    await consumeRateLimit(this.db, this.limit(principal.organizationId));
    const [pharmacy]: { id: string; name: string }[] = await this.db.query(`SELECT id, name FROM organizations WHERE pharmacy_code = $1 AND kind = 'pharmacy'`, [pharmacyCode]);
    await this.audit.record({
      actor: principal,
      organizationId: principal.organizationId,
      action: 'pharmacy.lookup',
      ...(pharmacy ? { target: { type: 'organization', id: pharmacy.id } } : {}),
      details: { pharmacyCode, found: Boolean(pharmacy) },
    });
    if (!pharmacy) {
      throw new AppError(404, 'pharmacy_not_found', 'Not found', 'この保険薬局コードの薬局はKaijiに登録されていません。コードをご確認ください (no pharmacy with this 保険薬局コード is registered on Kaiji: check the code).');
    }
    return { pharmacyCode, name: pharmacy.name };
  }

  async vendor(principal: Principal, corporateNumber: string): Promise<VendorLookupDto> {
    if (!['vendor', 'pharmacy', 'chain'].includes(principal.organizationKind)) {
      throw AppError.forbidden('事業者を探せるのは契約の当事者（事業者・薬局・法人本部）だけです (only parties to contracts look vendors up).', 'not_a_party');
    }
    await consumeRateLimit(this.db, this.limit(principal.organizationId));
    // Unique among vendors (a unique index); should two ever hold it, neither is answered rather than whichever came first.
    const vendors: { id: string; name: string }[] = await this.db.query(`SELECT id, name FROM organizations WHERE corporate_number = $1 AND kind = 'vendor' LIMIT 2`, [corporateNumber]);
    const vendor = vendors.length === 1 ? vendors[0] : undefined;
    await this.audit.record({
      actor: principal,
      organizationId: principal.organizationId,
      action: 'vendor.lookup',
      ...(vendor ? { target: { type: 'organization', id: vendor.id } } : {}),
      details: { corporateNumber, found: Boolean(vendor) },
    });
    if (!vendor) {
      throw new AppError(404, 'vendor_not_found', 'Not found', 'この法人番号の事業者はKaijiに登録されていません。番号をご確認ください (no vendor with this 法人番号 is registered on Kaiji: check the number).');
    }
    return { id: vendor.id, name: vendor.name, corporateNumber };
  }

  private limit(organizationId: string): RateLimit {
    const perHour = this.config.contractProposalsPerHour;
    return {
      bucket: 'party-lookup',
      subject: organizationId,
      limit: perHour,
      windowSeconds: 3600,
      code: 'party_lookups_rate_limited',
      detail: `相手先の照会は1時間に${perHour}件までです。時間をおいて再度お試しください (at most ${perHour} look-ups an hour: try again later).`,
    };
  }
}
