import type { ContractDto } from '../api/schema';

/**
 * The customer of a contract as its vendor (or agent) may see it: its name once it has agreed (or
 * proposed itself), before that the 保険薬局コード the vendor typed (DESIGN.md: nothing of a
 * pharmacy before it agrees).
 */
export function customerLabel(contract: Pick<ContractDto, 'customer'>): string {
  return contract.customer.name ?? (contract.customer.pharmacyCode ? `保険薬局コード ${contract.customer.pharmacyCode}` : '顧客（承認前は非表示）');
}
