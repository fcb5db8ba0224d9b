import type { ReactNode } from 'react';
import { describeError, type DescribeOptions } from '../lib/messages';

/**
 * A problem from the API: Japanese wording for its code, then each problem (answer errors named by
 * item, which may link to their row), the API's own `detail` and the request id.
 */
export function ErrorMessage({
  error,
  onRetry,
  options,
  onItem,
}: {
  error: unknown;
  onRetry?: () => void;
  options?: DescribeOptions;
  /** Moves to the row of an item named by an error. */
  onItem?: (itemId: string) => void;
}) {
  if (!error) return null;
  const text = describeError(error, options);
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{text.title}</p>
      {text.items.length > 0 && (
        <ul className="alert-fields">
          {text.items.map((item, index) => (
            <li key={`${index}-${item.text}`}>
              {item.itemId && onItem ? (
                <a
                  href={`#item-${item.itemId}`}
                  onClick={(event) => {
                    event.preventDefault();
                    onItem(item.itemId ?? '');
                  }}
                >
                  {item.text}
                </a>
              ) : (
                item.text
              )}
            </li>
          ))}
        </ul>
      )}
      {text.detail && <p className="alert-detail">{text.detail}</p>}
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
