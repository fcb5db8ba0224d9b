import { parseCidr } from '../common/source-address';
import type { ApiClientRiskDto } from './accounts.dto';

/**
 * Checklist 2-⑬ restricts where a vendor system may connect from. A range this wide admits
 * (nearly) the whole internet, so it is no restriction: 0.0.0.0/0 and ::/0, and also the halves
 * and quarters that add up to them (0.0.0.0/1 + 128.0.0.0/1).
 */
const WIDEST_RESTRICTING_PREFIX = { ipv4: 8, ipv6: 16 } as const;

export function anySourceRanges(cidrs: string[]): string[] {
  return cidrs.filter((cidr) => {
    const range = parseCidr(cidr);
    return range !== null && range[1] < WIDEST_RESTRICTING_PREFIX[range[0].kind()];
  });
}

export function apiClientRisks(cidrs: string[]): ApiClientRiskDto[] {
  const open = anySourceRanges(cidrs);
  if (open.length === 0) return [];
  return [
    {
      code: 'any_source',
      message: `接続元がほぼ制限されていません (${open.join(', ')})。チェックリスト 2-⑬ のとおり接続元を絞ってください (the client may connect from (nearly) anywhere: restrict its source ranges, checklist 2-⑬).`,
      allowedCidrs: open,
    },
  ];
}
