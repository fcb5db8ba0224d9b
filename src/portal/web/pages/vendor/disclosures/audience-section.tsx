import { useId } from 'react';
import { contracts } from '../../../api/endpoints';
import { Empty } from '../../../components/feedback';
import { Pager } from '../../../components/pager';
import { usePaged } from '../../../lib/use-async';

export interface AudienceChoice {
  audience: 'all_customers' | 'selected_contracts';
  contractIds: string[];
}

/**
 * Who may read the disclosure once published: every customer whose active contract covers the
 * product, or only the contracts you choose (e.g. a version only some customers run).
 */
export function AudienceSection({ productId, value, disabled, onChange }: { productId: string; value: AudienceChoice; disabled: boolean; onChange: (value: AudienceChoice) => void }) {
  const id = useId();
  const selected = new Set(value.contractIds);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        公開先 <span className="en">Audience</span>
      </h2>
      <fieldset className="de-audience">
        <legend className="visually-hidden">公開先</legend>
        <label className="radio">
          <input type="radio" name={`${id}-audience`} checked={value.audience === 'all_customers'} disabled={disabled} onChange={() => onChange({ ...value, audience: 'all_customers' })} />
          <span>この製品のすべての顧客（有効な契約で対象になっている薬局）</span>
        </label>
        <label className="radio">
          <input type="radio" name={`${id}-audience`} checked={value.audience === 'selected_contracts'} disabled={disabled} onChange={() => onChange({ ...value, audience: 'selected_contracts' })} />
          <span>選んだ契約の顧客だけ</span>
        </label>
      </fieldset>
      {value.audience === 'selected_contracts' && (
        <CoveringContracts
          productId={productId}
          selected={selected}
          disabled={disabled}
          onToggle={(contractId, on) => onChange({ ...value, contractIds: on ? [...value.contractIds, contractId] : value.contractIds.filter((other) => other !== contractId) })}
        />
      )}
    </section>
  );
}

function CoveringContracts({ productId, selected, disabled, onToggle }: { productId: string; selected: Set<string>; disabled: boolean; onToggle: (contractId: string, on: boolean) => void }) {
  const state = usePaged((cursor) => contracts.list({ status: 'active', cursor, limit: 100 }), []);
  const covering = state.items.filter((contract) => contract.yourRole !== 'customer' && contract.products.some((product) => product.id === productId));
  return (
    <>
      {!state.loading && covering.length === 0 && <Empty>この製品を対象にした有効な契約がありません。</Empty>}
      <div className="checkbox-list">
        {covering.map((contract) => (
          <label key={contract.id}>
            <input type="checkbox" checked={selected.has(contract.id)} disabled={disabled} onChange={(event) => onToggle(contract.id, event.target.checked)} />
            {contract.customer.name ?? '（名称未公開）'}
            {contract.customer.pharmacyCode && <span className="muted small"> {contract.customer.pharmacyCode}</span>}
          </label>
        ))}
      </div>
      <Pager state={state} />
    </>
  );
}
