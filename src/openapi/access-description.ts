import type { AuthRule } from '../auth/authenticated.decorator';
import type { ApiScope } from '../auth/scopes';

/** What each API scope allows, as the oauth2 scheme lists it (reads need no scope). */
export const API_SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  'products:write': '製品の登録・変更 (create and change products).',
  'contracts:write': '契約の提案・承諾・終了 (propose, accept, decline, withdraw and end contracts).',
  'disclosures:write': 'MDS/SDS/RM-SDS の作成・公開と原本 PDF (write, publish and attach disclosures).',
  'checklists:write': '事業者確認用チェックリストの保存・提出・一括提出 (save, submit and bulk-submit checklists).',
  'threads:write': '問い合わせスレッドへの回答 (write in risk threads and answer follow-ups).',
  'requests:write': '書類依頼への対応 (fulfil or decline document requests).',
  'remote-maintenance:write': 'リモート保守の開示 (disclose remote maintenance).',
  'webhooks:manage': 'Webhook の購読の管理 (create, change, test and delete webhook subscriptions).',
};

/**
 * Who may call an operation, in words, from the same rule the guard enforces (src/auth/auth.guard.ts),
 * so the document cannot say otherwise than the server does.
 */
export function accessDescription(rule: AuthRule, writing: boolean): string {
  if (rule.public) return '**呼び出せる人 (who may call):** 認証不要 (public: no token needed).';
  const callers: string[] = [];
  if (rule.selfService) {
    callers.push('ログイン中の本人 (the signed-in user, for their own account; any role, also while a password change or 2FA enrolment is pending)');
  } else if (rule.roles?.length) {
    callers.push(`ポータルのユーザー、ロール ${rule.roles.join(' / ')} (portal users with the role ${rule.roles.join(' or ')})`);
  } else if (writing) {
    callers.push('ポータルのユーザー (portal users; the viewer role may not)');
  } else {
    callers.push('ポータルのユーザー (portal users of any role)');
  }
  if (rule.clients) {
    callers.push(
      writing && rule.scope
        ? `API クライアント、スコープ \`${rule.scope}\` が必要 (API clients with the scope \`${rule.scope}\`)`
        : 'API クライアント、スコープ不要 (API clients; no scope needed)',
    );
  } else {
    callers.push('API クライアントは不可 (not API clients: 403 users_only)');
  }
  return `**呼び出せる人 (who may call):** ${callers.join('; ')}.`;
}
