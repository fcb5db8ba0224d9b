import { EVENT_TYPES } from '../events/events.service';
import { FAMILY_DEFINITIONS, familyOf } from './mail-families';

const UUID = `'^[0-9a-fA-F-]{36}$'`;
const uuidIn = (key: string) => `CASE WHEN e.payload->>'${key}' ~ ${UUID} THEN (e.payload->>'${key}')::uuid END`;

/** A notification to mail, with who it is about: the vendor and the store, from the event's payload, contract or thread. */
export interface MailableRow {
  id: string;
  user_id: string;
  email: string;
  display_name: string;
  organization_id: string;
  family: string;
  title: string;
  body: string | null;
  link: string | null;
  created_at: Date;
  vendor_name: string | null;
  store_id: string | null;
  store_name: string | null;
}

/** Every mailed event type with its family and default mode, as the statements' `$1` (jsonb). */
export function familyMapping(types: readonly string[] = EVENT_TYPES): string {
  return JSON.stringify(
    types.flatMap((type) => {
      const family = familyOf(type);
      return family ? [{ type, family, default_mode: FAMILY_DEFINITIONS[family].defaultMode }] : [];
    }),
  );
}

/**
 * Notifications not yet mailed whose user's mode for the family is `$2`, with the vendor and the store
 * named. `where` narrows them (a publication's events, or a digest hour's day); `$1` is familyMapping().
 * The store: the event's customer, else the thread's or contract's customer, else the user's own pharmacy.
 */
export function mailableNotifications(where: string, lock = false): string {
  return `
  SELECT n.id, n.user_id, u.email, u.display_name, u.organization_id, x.family, n.title, n.body, n.link, n.created_at,
         v.name AS vendor_name, s.id AS store_id, s.name AS store_name
    FROM notifications n
    JOIN jsonb_to_recordset($1::jsonb) AS x(type text, family text, default_mode text) ON x.type = n.type
    JOIN users u ON u.id = n.user_id AND u.disabled_at IS NULL
    JOIN organizations own ON own.id = u.organization_id
    JOIN domain_events e ON e.id = n.event_id
    LEFT JOIN notification_mail_preferences p ON p.user_id = n.user_id AND p.family = x.family
    LEFT JOIN contracts c ON c.id = ${uuidIn('contractId')}
    LEFT JOIN risk_threads rt ON e.subject_type = 'risk_thread' AND rt.id = e.subject_id
    LEFT JOIN organizations v ON v.id = coalesce(${uuidIn('vendorId')}, rt.vendor_id, c.vendor_id)
    LEFT JOIN organizations s ON s.id = coalesce(${uuidIn('customerId')}, rt.customer_id, c.customer_id, CASE WHEN own.kind = 'pharmacy' THEN own.id END)
   WHERE n.mailed_at IS NULL AND coalesce(p.mode, x.default_mode) = $2 AND ${where}
   ORDER BY n.user_id, n.created_at, n.id
   ${lock ? 'FOR UPDATE OF n SKIP LOCKED' : ''}`;
}
