import { useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../api/client';
import type { FormPageDto } from '../api/schema';
import { currentFiscalYear, fiscalYearLabel, fiscalYearRange } from '../lib/format';

let catalogued: Promise<number[]> | null = null;

/** 年度 for which some form is catalogued (newest first): earlier 年度 a screen may be switched to; cached for the tab's life. */
function cataloguedYears(): Promise<number[]> {
  catalogued ??= api
    .get<FormPageDto>('/forms', { limit: 100 })
    .then((page) => [...new Set(page.items.map((form) => form.fiscalYear).filter((year): year is number => year !== null))].sort((a, b) => b - a))
    .catch(() => {
      catalogued = null;
      return [];
    });
  return catalogued;
}

/**
 * The 年度 a screen shows, kept in the address (?fy=2025) so it survives reloads and links.
 * Default: the current 年度, always. A 年度 without a form of its own still works: the API carries
 * the latest earlier version forward and says so (formUse), so the screen never silently opens an
 * earlier 年度.
 */
export function useFiscalYear(): { fiscalYear: number; current: number; setFiscalYear: (year: number) => void; options: number[] } {
  const [params, setParams] = useSearchParams();
  const [years, setYears] = useState<number[]>([]);
  useEffect(() => {
    let live = true;
    void cataloguedYears().then((list) => live && setYears(list));
    return () => {
      live = false;
    };
  }, []);
  const current = currentFiscalYear();
  const fromUrl = Number(params.get('fy'));
  const fiscalYear = Number.isInteger(fromUrl) && fromUrl > 2000 && fromUrl <= current + 1 ? fromUrl : current;
  const oldest = Math.min(current - 1, ...years);
  const options = [...new Set([fiscalYear, ...Array.from({ length: current - oldest + 1 }, (_, index) => current - index)])].sort((a, b) => b - a);
  return {
    fiscalYear,
    current,
    options,
    setFiscalYear: (year) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (year === current) next.delete('fy');
          else next.set('fy', String(year));
          return next;
        },
        { replace: true },
      ),
  };
}

export function FiscalYearPicker({ value, options, onChange }: { value: number | undefined; options: number[]; onChange: (year: number) => void }) {
  const id = useId();
  const current = currentFiscalYear();
  return (
    <span className="field-inline">
      <label htmlFor={id}>年度 (Fiscal year)</label>
      <select id={id} value={value ?? ''} onChange={(event) => onChange(Number(event.target.value))}>
        {options.map((year) => (
          <option key={year} value={year}>
            {fiscalYearLabel(year)} ({year}){year === current ? ' 今年度' : ''}
          </option>
        ))}
      </select>
    </span>
  );
}

/**
 * Says which 年度 the screen shows, with its dates, and whether it is the current one; on an
 * earlier 年度, offers the way back to the current one.
 */
export function FiscalYearShown({ fiscalYear, onCurrent }: { fiscalYear: number; onCurrent?: () => void }) {
  const current = currentFiscalYear();
  const [from, to] = fiscalYearRange(fiscalYear);
  return (
    <p className="fiscal-year-shown" data-testid="fiscal-year-shown">
      <strong>{fiscalYearLabel(fiscalYear)}</strong>（{from}〜{to}）を表示しています
      {fiscalYear === current ? (
        <span className="badge badge-info">今年度</span>
      ) : (
        <>
          <span className="badge badge-neutral">{fiscalYear < current ? '過去の年度' : '来年度'}</span>
          {onCurrent && (
            <button type="button" className="link-button" onClick={onCurrent}>
              今年度（{fiscalYearLabel(current)}）を表示
            </button>
          )}
        </>
      )}
    </p>
  );
}
