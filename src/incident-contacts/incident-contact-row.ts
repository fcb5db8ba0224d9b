import type { IncidentContactDto, PutIncidentContactDto } from './incident-contacts.dto';

/** The columns an incident 連絡窓口 has, published or per contract. */
export interface IncidentContactRow {
  contact_name: string;
  phone: string;
  email: string | null;
  hours: string | null;
  out_of_hours_phone: string | null;
  notes: string | null;
  updated_at: Date;
}

export const INCIDENT_CONTACT_COLUMNS = 'contact_name, phone, email, hours, out_of_hours_phone, notes, updated_at';

/** The values of a written 連絡窓口, in the order of INCIDENT_CONTACT_COLUMNS (updated_at left to now()). */
export function incidentContactValues(body: PutIncidentContactDto): (string | null)[] {
  return [body.contactName, body.phone, body.email ?? null, body.hours ?? null, body.outOfHoursPhone ?? null, body.notes ?? null];
}

export function toIncidentContactDto(row: IncidentContactRow): IncidentContactDto {
  return {
    contactName: row.contact_name,
    phone: row.phone,
    email: row.email,
    hours: row.hours,
    outOfHoursPhone: row.out_of_hours_phone,
    notes: row.notes,
    updatedAt: row.updated_at.toISOString(),
  };
}
