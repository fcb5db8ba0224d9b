import { AppError, FieldError } from '../common/app-error';
import { todayInJapan } from '../common/fiscal-year';
import type { ResolveRiskThreadDto } from './risk-threads.dto';

/** Due dates and fix dates name a real day, not before today in Japan. */
export function assertNotPast(dates: { field: string; value: string }[]): void {
  const today = todayInJapan();
  const errors: FieldError[] = [];
  for (const { field, value } of dates) {
    if (!isRealDate(value)) errors.push({ field, message: 'is not a real date' });
    else if (value < today) errors.push({ field, message: `must not be in the past (today is ${today} in Japan)` });
  }
  if (errors.length > 0) throw AppError.invalid(errors);
}

/** Per outcome: mitigated says how (note); fix_planned says by when (fixDueOn); only fix_planned has a fix date. */
export function assertResolution(input: ResolveRiskThreadDto): void {
  const errors: FieldError[] = [];
  if (input.outcome === 'mitigated' && !input.note) errors.push({ field: 'note', message: 'is required for mitigated: say how the risk is mitigated' });
  if (input.outcome === 'fix_planned' && !input.fixDueOn) errors.push({ field: 'fixDueOn', message: 'is required for fix_planned: by when the vendor fixes it' });
  if (input.outcome !== 'fix_planned' && input.fixDueOn) errors.push({ field: 'fixDueOn', message: 'is only for fix_planned' });
  if (errors.length > 0) throw AppError.invalid(errors, 'The resolution is incomplete for its outcome.');
  if (input.fixDueOn) assertNotPast([{ field: 'fixDueOn', value: input.fixDueOn }]);
}

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.getUTCFullYear() >= 1 && parsed.toISOString().slice(0, 10) === date;
}
