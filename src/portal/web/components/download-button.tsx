import { useState } from 'react';
import { ErrorMessage } from './feedback';

/** A button that fetches a file with the user's token and saves it; shows the problem when it fails. */
export function DownloadButton({ label, download, className = 'button secondary' }: { label: string; download: () => Promise<unknown>; className?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <span className="download">
      <button
        type="button"
        className={className}
        disabled={busy}
        aria-busy={busy}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          download().then(
            () => setBusy(false),
            (reason: unknown) => {
              setError(reason);
              setBusy(false);
            },
          );
        }}
      >
        {busy ? 'ダウンロード中…' : label}
      </button>
      {error ? <ErrorMessage error={error} /> : null}
    </span>
  );
}
