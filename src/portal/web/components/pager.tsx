import type { PagedState } from '../lib/use-async';
import { ErrorMessage, Loading } from './feedback';

/** The foot of a paginated list: more pages on demand (the API's nextCursor), errors, loading. */
export function Pager<T>({ state }: { state: PagedState<T> }) {
  return (
    <div className="pager">
      {state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {state.loading && <Loading />}
      {!state.loading && state.hasMore && (
        <button type="button" className="button secondary" onClick={state.loadMore}>
          さらに表示 (Load more)
        </button>
      )}
      {!state.loading && state.items.length > 0 && <p className="pager-count">{state.items.length}件を表示中{state.hasMore ? '' : '（すべて）'}</p>}
    </div>
  );
}
