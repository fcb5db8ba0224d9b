import { useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import type { FormPageDto } from '../api/schema';
import { currentFiscalYear, fiscalYearLabel } from '../lib/format';

let catalogued: Promise<number[]> | null = null;

/** 年度 for which a 事業者確認用 form is catalogued (newest first); cached for the tab's life. */
function cataloguedYears(): Promise<number[]> {
  catalogued ??= api
    .get<FormPageDto>('/forms', { kind: 'vendor_checklist', audience: 'pharmacy', limit: 100 })
    .then((page) => [...new Set(page.items.map((form) => form.fiscalYear).filter((year): year is number => year !== null))].sort((a, b) => b - a))
    .catch(() => {
      catalogued = null;
      return [];
    });
  return catalogued;
}

/**
 * The 年度 a screen shows, kept in the address (?fy=2025) so it survives reloads and links.
 * Default: the current 年度, or the newest one with a catalogued form when the current one has none yet.
 */
export function useFiscalYear(): { fiscalYear: number | undefined; setFiscalYear: (year: number) => void; options: number[] } {
  const [params, setParams] = useSearchParams();
  const [years, setYears] = useState<number[] | undefined>();
  useEffect(() => {
    let live = true;
    void cataloguedYears().then((list) => live && setYears(list));
    return () => {
      live = false;
    };
  }, []);
  const current = currentFiscalYear();
  const fromUrl = Number(params.get('fy'));
  const fallback = years === undefined ? undefined : years.includes(current) || years.length === 0 ? current : (years.find((year) => year <= current) ?? years[0]);
  const fiscalYear = Number.isInteger(fromUrl) && fromUrl > 2000 ? fromUrl : fallback;
  const options = [...new Set([current, ...(years ?? []), ...(fiscalYear ? [fiscalYear] : [])])].sort((a, b) => b - a);
  return {
    fiscalYear,
    options,
    setFiscalYear: (year) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          next.set('fy', String(year));
          return next;
        },
        { replace: true },
      ),
  };
}

export function FiscalYearPicker({ value, options, onChange }: { value: number | undefined; options: number[]; onChange: (year: number) => void }) {
  const id = useId();
  return (
    <span className="field-inline">
      <label htmlFor={id}>年度 (Fiscal year)</label>
      <select id={id} value={value ?? ''} onChange={(event) => onChange(Number(event.target.value))}>
        {options.map((year) => (
          <option key={year} value={year}>
            {fiscalYearLabel(year)} ({year})
          </option>
        ))}
      </select>
    </span>
  );
}
