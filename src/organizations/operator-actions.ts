import { EntityManager } from 'typeorm';
import { actorId, Principal } from '../access/principal';
import { EventsService } from '../events/events.service';

/**
 * What the operator may still do inside a tenant that has admins to tell (DESIGN.md). Registering
 * it and creating its first admin happen while it has none: those are in its audit chain only.
 */
export type OperatorTenantAction = 'organization.update';

const TITLES: Record<OperatorTenantAction, string> = {
  'organization.update': '運営者が組織の登録情報を変更しました',
};

/**
 * Tells a tenant's admins, in the transaction of the change, that the operator acted on their
 * organization; the change itself is in the tenant's audit chain (its organization_id), where the
 * notification links. Also a webhook event (`organization.operator_action`) for the tenant's own
 * systems: ids and the action, never a secret.
 */
export async function tellTenantAdmins(
  events: EventsService,
  manager: EntityManager,
  operator: Principal,
  organizationId: string,
  action: OperatorTenantAction,
  target: { type: string; id: string },
  changed: string[] = [],
): Promise<void> {
  await events.publish(manager, {
    type: 'organization.operator_action',
    recipients: [organizationId],
    audience: { roles: ['admin'] },
    subject: target,
    payload: { organizationId, action, target, changed, operatorId: actorId(operator) },
    notification: {
      title: TITLES[action],
      body: `${changed.length > 0 ? `変更: ${changed.join(', ')}。` : ''}運営者 (${operatorLabel(operator)}) の操作は監査ログに記録されています (the operator's action is in your audit log: ${action}).`,
      link: '/admin/audit',
    },
  });
}

function operatorLabel(operator: Principal): string {
  return operator.type === 'user' ? operator.email : operator.clientName;
}
