import { fiscalYearLabel } from '../common/fiscal-year';
import type { FormDefinition } from './form-definition';
import type { FormDto, FormSummaryDto } from './forms.dto';

/** Where a version stands among the versions of its series. */
export interface VersionKey {
  id: string;
  fiscalYear: number | null;
  revision: number;
}

export interface Standing {
  latest: boolean;
  supersededBy: string | null;
}

/** SQL order of a series' versions, newest first; the same order as forms_series_idx. */
export const NEWEST_FIRST = 'fiscal_year DESC NULLS LAST, revision DESC, created_at DESC, id DESC';

/** Positive when `a` is newer than `b`: a later 年度 first (none counts as earliest), then a higher revision. */
export function compareVersions(a: Omit<VersionKey, 'id'>, b: Omit<VersionKey, 'id'>): number {
  const years = (a.fiscalYear ?? 0) - (b.fiscalYear ?? 0);
  return years !== 0 ? years : a.revision - b.revision;
}

/** A version is superseded only by a strictly newer one: two files of equal rank both stay "latest". */
export function standingOf(form: VersionKey, newest: VersionKey | undefined): Standing {
  const newer = newest && newest.id !== form.id && compareVersions(newest, form) > 0 ? newest.id : null;
  return { latest: newer === null, supersededBy: newer };
}

export const labelOf = (form: FormDefinition): string | null => (form.fiscalYear === null ? null : fiscalYearLabel(form.fiscalYear));

export function toFormDto(form: FormDefinition, standing: Standing): FormDto {
  return { ...form, fiscalYearLabel: labelOf(form), ...standing };
}

export function toSummaryDto(form: FormDefinition, standing: Standing): FormSummaryDto {
  return {
    id: form.id,
    kind: form.kind,
    audience: form.audience,
    series: form.series,
    fiscalYear: form.fiscalYear,
    fiscalYearLabel: labelOf(form),
    versionLabel: form.versionLabel,
    title: form.title,
    titleEn: form.titleEn,
    partial: form.partial,
    itemCount: form.items.length,
    ...standing,
  };
}

/** Cached definitions are shared by every caller: freezing makes an accidental edit fail loudly. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
