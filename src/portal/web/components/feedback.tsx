import type { ReactNode } from 'react';
import { describeError } from '../lib/messages';

/** A problem from the API: Japanese wording for its code, then its own `detail` and request id. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  const text = describeError(error);
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{text.title}</p>
      {text.detail && <p className="alert-detail">{text.detail}</p>}
      {text.fields.length > 0 && (
        <ul className="alert-fields">
          {text.fields.map((field) => (
            <li key={field}>{field}</li>
          ))}
        </ul>
      )}
      {text.requestId && <p className="alert-meta">リクエストID (request id): {text.requestId}</p>}
      {onRetry && (
        <button type="button" className="button secondary small" onClick={onRetry}>
          再読み込み (Retry)
        </button>
      )}
    </div>
  );
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'success' | 'warning' }) {
  return (
    <div className={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}

export function Loading({ label = '読み込み中…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
