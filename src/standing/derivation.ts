import { todayInJapan } from '../common/fiscal-year';
import type { StandingContractRow, StandingProductRow } from './standing.queries';

/** What Kaiji's data answers on the pharmacy's own checklist: 2-② (remote maintenance) and 2-③ (MDS/SDS). */
export type DerivedItemKind = 'remote_maintenance' | 'security_disclosure';
export type DerivedAnswer = 'はい' | 'いいえ' | '記入不要';

/** Something a product still lacks; the same codes make the standing's "what is missing" list. */
export type ProductGapCode = 'remote_maintenance_undisclosed' | 'remote_maintenance_unconfirmed' | 'security_disclosure_missing' | 'rm_sds_missing';

export interface ProductGap {
  code: ProductGapCode;
  label: string;
  productId: string;
  productName: string;
}

export interface ContractDerivation {
  contractId: string;
  vendorId: string;
  vendorName: string;
  satisfied: boolean;
  missing: ProductGap[];
}

export interface Derivation {
  answer: DerivedAnswer;
  reason: string;
  /** はい: the day the last piece came in (JST): a confirmation, or a publication received. */
  confirmedOn: string | null;
  contracts: ContractDerivation[];
}

/** Contracts that owe the vendor's side of 2-② and 2-③: maintenance and operation, not sale-only (売買契約のみ). */
export const owesVendorDocuments = (contract: Pick<StandingContractRow, 'kind'>): boolean => contract.kind !== 'sale_only';

const ITEM_GAPS: Record<DerivedItemKind, readonly ProductGapCode[]> = {
  remote_maintenance: ['remote_maintenance_undisclosed', 'remote_maintenance_unconfirmed'],
  security_disclosure: ['security_disclosure_missing', 'rm_sds_missing'],
};

/**
 * What a covered product lacks under a maintenance or operation contract: a current
 * remote-maintenance disclosure, confirmed by the pharmacy (2-②); an MDS or SDS received, and where
 * remote maintenance is in use the RM-SDS of whoever performs it (2-③; the manual: 「リモートメンテナンスに
 * 関するSDSも必要です」).
 */
export function productGaps(contract: StandingContractRow, product: StandingProductRow): ProductGap[] {
  const gaps: ProductGap[] = [];
  const gap = (code: ProductGapCode, label: string) => gaps.push({ code, label, productId: product.product_id, productName: product.product_name });
  const maintainer = contract.agent_name ? `${contract.vendor_name}（代理店 ${contract.agent_name}）` : contract.vendor_name;
  if (product.rm_id === null) {
    gap('remote_maintenance_undisclosed', `${maintainer}から「${product.product_name}」のリモートメンテナンス（保守）の利用有無の開示を受けていません`);
  } else if (product.rm_confirmed_at === null) {
    gap('remote_maintenance_unconfirmed', `${product.rm_author_name}による「${product.product_name}」のリモートメンテナンス開示（第${product.rm_revision}版）を確認してください`);
  }
  if (product.sds_id === null) gap('security_disclosure_missing', `${contract.vendor_name}から「${product.product_name}」のMDS/SDS（医療情報セキュリティ開示書）が提出されていません`);
  if (product.rm_in_use === true && product.rm_sds_id === null) {
    gap('rm_sds_missing', `${product.rm_author_name}から「${product.product_name}」のリモートメンテナンスに関するSDS（RM-SDS）が提出されていません`);
  }
  return gaps;
}

const japanDate = (at: Date) => todayInJapan(at);

/** The derived answer of 2-② or 2-③ with the reason, per contract. Pure. */
export function deriveItem(kind: DerivedItemKind, contracts: StandingContractRow[], products: StandingProductRow[]): Derivation {
  const owing = contracts.filter(owesVendorDocuments);
  if (owing.length === 0) {
    return {
      answer: '記入不要',
      reason:
        contracts.length === 0
          ? '事業者との契約がないため記入不要です。'
          : `保守・運用契約がなく、売買契約のみ（${contracts.length}件）のため記入不要です。`,
      confirmedOn: null,
      contracts: [],
    };
  }
  const codes = ITEM_GAPS[kind];
  const dates: Date[] = [];
  const perContract = owing.map((contract): ContractDerivation => {
    const covered = products.filter((product) => product.contract_id === contract.contract_id);
    const missing = covered.flatMap((product) => productGaps(contract, product)).filter((gap) => codes.includes(gap.code));
    for (const product of covered) {
      const at = kind === 'remote_maintenance' ? [product.rm_confirmed_at] : [product.sds_published_at, product.rm_in_use ? product.rm_sds_published_at : null];
      for (const date of at) if (date) dates.push(new Date(date));
    }
    return { contractId: contract.contract_id, vendorId: contract.vendor_id, vendorName: contract.vendor_name, satisfied: missing.length === 0, missing };
  });
  const unsatisfied = perContract.filter((contract) => !contract.satisfied).length;
  const what = kind === 'remote_maintenance' ? 'リモートメンテナンス（保守）の利用有無の開示を確認済み' : '対象製品のMDS/SDS（リモートメンテナンスを利用する製品はRM-SDSも）を受領済み';
  if (unsatisfied === 0) {
    const latest = dates.reduce<Date | null>((max, date) => (max === null || date > max ? date : max), null);
    return {
      answer: 'はい',
      reason: `保守・運用契約のある${owing.length}件の契約すべてについて、${what}です。`,
      confirmedOn: latest ? japanDate(latest) : null,
      contracts: perContract,
    };
  }
  const pending = kind === 'remote_maintenance' ? 'リモートメンテナンスの開示が未受領または未確認' : 'MDS/SDSまたはRM-SDSが未受領';
  return {
    answer: 'いいえ',
    reason: `保守・運用契約${owing.length}件のうち${unsatisfied}件で、${pending}の製品があります。`,
    confirmedOn: null,
    contracts: perContract,
  };
}
