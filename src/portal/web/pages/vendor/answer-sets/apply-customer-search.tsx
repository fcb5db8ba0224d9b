import { useId, useState, type FormEvent } from 'react';
import type { TargetCustomerDto } from '../../../api/schema';
import { Empty, ErrorMessage } from '../../../components/feedback';

/** Customers a search lists (the API's preview lists at most this many). */
const SEARCH_LIMIT = 50;

/**
 * Finding any targeted customer by 保険薬局コード or name, to change single items for it: the
 * preview lists only the first 50 by name, and a vendor with thousands of customers needs the others too.
 * `search` asks the API for a preview narrowed to the query (nothing is written).
 */
export function CustomerSearch({ search, onPick }: { search: (query: string) => Promise<TargetCustomerDto[]>; onPick: (customer: TargetCustomerDto) => void }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState('');
  const [results, setResults] = useState<TargetCustomerDto[]>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = query.trim();
    if (!text) return;
    setBusy(true);
    setError(undefined);
    try {
      setResults(await search(text));
      setSearched(text);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="customer-search" data-testid="customer-search">
      <h3 id={`${id}-title`}>
        一覧にない顧客を探す <span className="en">Find a customer</span>
      </h3>
      <p className="muted small">対象の顧客を保険薬局コードまたは顧客名で探して、その顧客だけ回答を変えられます。</p>
      <form className="filters" role="search" aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)}>
        <span className="field-inline">
          <label htmlFor={`${id}-query`}>保険薬局コードまたは顧客名</label>
          <input id={`${id}-query`} type="search" value={query} maxLength={100} onChange={(event) => setQuery(event.target.value)} />
        </span>
        <button type="submit" className="button secondary" disabled={busy || query.trim() === ''}>
          探す
        </button>
      </form>
      <ErrorMessage error={error} />
      {results &&
        (results.length === 0 ? (
          <Empty>「{searched}」に当たる対象の顧客はいません。</Empty>
        ) : (
          <ul className="compact-list" aria-label={`「${searched}」で見つかった顧客`}>
            {results.map((customer) => (
              <li key={customer.contractId} data-testid="found-customer">
                {customer.customerName}（{customer.pharmacyCode ?? '保険薬局コードなし'}）{' '}
                <button type="button" className="button secondary small" aria-label={`この顧客だけ変える（${customer.customerName}）`} onClick={() => onPick(customer)}>
                  この顧客だけ変える
                </button>
              </li>
            ))}
          </ul>
        ))}
      {results?.length === SEARCH_LIMIT && <p className="muted small">先頭の{SEARCH_LIMIT}件です。見つからないときは、保険薬局コードや顧客名をもっと詳しく入力してください。</p>}
    </div>
  );
}
