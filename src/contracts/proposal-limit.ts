import type { RateLimit } from '../common/rate-limit';

/**
 * Contract proposals per proposing organization and hour (KAIJI_CONTRACT_PROPOSALS_PER_HOUR).
 * A proposal tells whether a 保険薬局コード or 法人番号 is on Kaiji (it is created, or refused as
 * unknown) and notifies the other side's users, so every attempt counts, refused ones included:
 * probing codes or flooding a pharmacy with proposals stops at the limit (issue 13, finding 11).
 */
export function contractProposalLimit(organizationId: string, perHour: number): RateLimit {
  return {
    bucket: 'contract-proposal',
    subject: organizationId,
    limit: perHour,
    windowSeconds: 3600,
    code: 'contract_proposals_rate_limited',
    detail: `契約の提案は1時間に${perHour}件までです。時間をおいて再度お試しください (at most ${perHour} contract proposals an hour: try again later).`,
  };
}
