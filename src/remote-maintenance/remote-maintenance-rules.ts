import type { FieldError } from '../common/app-error';
import { todayInJapan } from '../common/fiscal-year';
import type { PutRemoteMaintenanceDto } from './remote-maintenance.dto';
import { GATEWAY_OPTIONAL_FOR, REQUIRED_WHEN_IN_USE } from './remote-maintenance-risks';

// The input rules; the risk flags live in remote-maintenance-risks.ts, which the portal's form shares.

/** What only makes sense when remote maintenance is in use. */
const ONLY_WHEN_IN_USE = ['devices', 'connectionMethod', 'connectionNote', 'gateway', 'twoFactor', 'sourceRestricted', 'sessionLogging', 'availability', 'uniqueCredentials', 'rmSdsDisclosureId'] as const;

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.getUTCFullYear() >= 1 && parsed.toISOString().slice(0, 10) === date;
}

/** A field the caller did not give: absent, or null (which @IsOptional lets through unvalidated). */
const missing = (value: unknown) => value === undefined || value === null;

/** The rules of the body beyond its shape: every missing field listed at once. Pure. */
export function remoteMaintenanceInputErrors(input: PutRemoteMaintenanceDto, today = todayInJapan()): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.inUse) {
    for (const field of ONLY_WHEN_IN_USE) {
      if (!missing(input[field])) errors.push({ field, message: 'is only for remote maintenance in use (inUse: true)' });
    }
    return errors;
  }
  for (const field of REQUIRED_WHEN_IN_USE) {
    if (missing(input[field])) errors.push({ field, message: 'is required when remote maintenance is in use' });
  }
  if (!input.gateway) {
    if (input.connectionMethod && !GATEWAY_OPTIONAL_FOR.includes(input.connectionMethod)) {
      for (const part of ['maker', 'model', 'firmwareVersion', 'lastPatchedOn']) {
        errors.push({ field: `gateway.${part}`, message: 'is required: describe the VPN or gateway device the connection goes through' });
      }
    }
  } else if (!isRealDate(input.gateway.lastPatchedOn)) {
    errors.push({ field: 'gateway.lastPatchedOn', message: 'is not a real date' });
  } else if (input.gateway.lastPatchedOn > today) {
    errors.push({ field: 'gateway.lastPatchedOn', message: 'must not be in the future' });
  }
  return errors;
}
