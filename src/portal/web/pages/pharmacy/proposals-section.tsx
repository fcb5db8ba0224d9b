import { useState } from 'react';
import { contracts } from '../../api/endpoints';
import type { ContractDto } from '../../api/schema';
import { ErrorMessage } from '../../components/feedback';
import { formatDate } from '../../lib/format';
import { useAsync } from '../../lib/use-async';

/** Contracts a vendor proposed and the pharmacy has not answered: nothing is shown to the vendor until accepted. */
export function ProposalsSection({ onDecided }: { onDecided: () => void }) {
  const state = useAsync(() => contracts.list({ status: 'proposed', limit: 50 }).then((page) => page.items.filter((c) => c.proposedBy === 'vendor')), []);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  if (!state.data || state.data.length === 0) return null;

  const decide = (contract: ContractDto, accept: boolean) => {
    setBusy(contract.id);
    setError(undefined);
    (accept ? contracts.accept(contract.id, {}) : contracts.decline(contract.id)).then(
      () => {
        setBusy(undefined);
        state.reload();
        onDecided();
      },
      (reason: unknown) => {
        setBusy(undefined);
        setError(reason);
      },
    );
  };

  return (
    <section className="card" aria-labelledby="proposals-title">
      <h2 id="proposals-title">
        契約の承認依頼 <span className="en">Contracts to accept</span>
      </h2>
      <ul className="plain-list">
        {state.data.map((contract) => (
          <li key={contract.id}>
            <strong>{contract.vendor.name}</strong> ・ {contract.kindLabel} ・ {contract.products.map((p) => p.name).join('、')} ・ {formatDate(contract.startsOn)}〜
            <span className="actions">
              <button type="button" className="button small" disabled={busy === contract.id} onClick={() => decide(contract, true)}>
                承認する
              </button>
              <button type="button" className="button small secondary" disabled={busy === contract.id} onClick={() => decide(contract, false)}>
                辞退する
              </button>
            </span>
          </li>
        ))}
      </ul>
      <ErrorMessage error={error} />
    </section>
  );
}
