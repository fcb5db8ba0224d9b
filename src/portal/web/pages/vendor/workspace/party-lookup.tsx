import { useId, useState } from 'react';
import { ErrorMessage } from '../../../components/feedback';
import { isNotFound } from '../../../lib/use-async';

/**
 * A code typed by hand (保険薬局コード, 法人番号) and the party it names, shown back before anything is
 * sent. Typing again forgets the party found, so what is sent is always what was shown.
 */
export function PartyLookup<T>({
  label,
  help,
  digits,
  value,
  found,
  foundLabel,
  notFoundText,
  onChange,
  onFound,
  lookup,
}: {
  label: string;
  help: string;
  digits: number;
  value: string;
  found: T | undefined;
  /** The party as shown back, e.g. its name. */
  foundLabel: (found: T) => string;
  notFoundText: string;
  onChange: (value: string) => void;
  onFound: (found: T | undefined) => void;
  lookup: (code: string) => Promise<T>;
}) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [missing, setMissing] = useState(false);
  const valid = new RegExp(`^\\d{${digits}}$`).test(value);

  async function check() {
    setBusy(true);
    setError(undefined);
    setMissing(false);
    try {
      onFound(await lookup(value));
    } catch (reason) {
      if (isNotFound(reason)) setMissing(true);
      else setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="field">
      <label htmlFor={`${id}-code`}>{label}</label>
      <div className="inline-form">
        <input
          id={`${id}-code`}
          inputMode="numeric"
          autoComplete="off"
          maxLength={digits}
          value={value}
          aria-describedby={`${id}-help ${id}-result`}
          aria-invalid={missing || undefined}
          onChange={(event) => {
            onChange(event.target.value.normalize('NFKC').replace(/[^\d]/g, ''));
            onFound(undefined);
            setMissing(false);
          }}
        />
        <button type="button" className="button small" disabled={!valid || busy} onClick={() => void check()}>
          {busy ? '確認中…' : '名称を確認'}
        </button>
      </div>
      <p id={`${id}-help`} className="help">
        {help}
      </p>
      <div id={`${id}-result`} aria-live="polite">
        {found !== undefined && (
          <p className="text-ok" data-testid="party-found">
            <strong>{foundLabel(found)}</strong>
          </p>
        )}
        {missing && <p className="field-error">{notFoundText}</p>}
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}
