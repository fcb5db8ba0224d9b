/** How the operator's screen names a kind of form for an audience, as the sheets name themselves. */
export function formKindLabel(kind: string, audience: string): string {
  switch (kind) {
    case 'vendor_checklist':
      return `事業者確認用（${VENDOR_AUDIENCES[audience] ?? audience}）`;
    case 'facility_checklist':
      return FACILITY_SHEETS[audience] ?? `施設の確認用（${audience}）`;
    case 'security_disclosure':
      return 'MDS/SDS 開示書';
    default:
      return kind;
  }
}

const VENDOR_AUDIENCES: Record<string, string> = { pharmacy: '薬局向け', medical: '医療機関向け', any: '医療機関・薬局共通' };
const FACILITY_SHEETS: Record<string, string> = { pharmacy: '薬局確認用', medical: '医療機関確認用', any: '医療機関・薬局確認用' };
