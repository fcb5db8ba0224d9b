import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsRFC3339, MaxLength } from 'class-validator';

export const UPDATED_SINCE_DESCRIPTION =
  'Incremental sync: only records changed after this instant (RFC 3339 date-time with an offset, e.g. 2026-04-01T09:00:00+09:00). ' +
  'With it the list is ordered by (updatedAt, id) ascending and nextCursor continues in that order, so a poller pages to the end and ' +
  'keeps the greatest updatedAt it saw for the next poll. A change committed by a transaction that started before your previous poll can carry an ' +
  'earlier updatedAt: poll again from a minute before that greatest value and de-duplicate by id and updatedAt.';

/** The `updatedSince` query parameter of the lists vendor systems poll; an invalid value is a 400 validation problem. */
export function UpdatedSince(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, format: 'date-time', description: UPDATED_SINCE_DESCRIPTION, example: '2026-04-01T09:00:00+09:00' }),
    IsOptional(),
    MaxLength(40),
    IsRFC3339({ message: 'updatedSince must be an RFC 3339 date-time with an offset, e.g. 2026-04-01T09:00:00+09:00' }),
  );
}
