import { Matches } from 'class-validator';
import { IsCorporateNumber } from '../common/validators';

export class PharmacyLookupQueryDto {
  /** The pharmacy's 保険薬局コード (10 digits), as the vendor will send it in POST /v1/contracts. */
  @Matches(/^\d{10}$/, { message: '保険薬局コードは10桁の数字です (must be a 10-digit 保険薬局コード)' })
  pharmacyCode: string;
}

/** What a vendor sees of a pharmacy before proposing: what the 地方厚生局's public list of 保険薬局 shows, no id. */
export class PharmacyLookupDto {
  pharmacyCode: string;
  name: string;
}

export class VendorLookupQueryDto {
  /** The vendor's 法人番号 (13 digits with the check digit). */
  @IsCorporateNumber({ message: '法人番号は検査用数字を含む13桁です (must be a 13-digit 法人番号 with a valid check digit)' })
  corporateNumber: string;
}

/** A vendor found by 法人番号: its id is what POST /v1/contracts takes as agentId (or vendorId). */
export class VendorLookupDto {
  id: string;
  name: string;
  corporateNumber: string;
}
