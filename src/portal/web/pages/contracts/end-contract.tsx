import { useState } from 'react';
import { contracts } from '../../api/endpoints';
import type { ContractDto } from '../../api/schema';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorMessage } from '../../components/feedback';
import { todayInJapan } from '../../lib/format';

/**
 * Ending a contract (POST /v1/contracts/{id}/end), for either party: irreversible, so it asks first
 * and says what changes — the other side stops seeing new data after the last day, and both keep
 * what they exchanged while it was in force.
 */
export function EndContractAction({ contract, onEnded }: { contract: ContractDto; onEnded: (contract: ContractDto) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [endsOn, setEndsOn] = useState(todayInJapan());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  // The agent maintains systems under the contract but is not a party to it (403 not_a_party).
  if (contract.status !== 'active' || contract.termination || contract.yourRole === 'agent') return null;

  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      onEnded(await contracts.end(contract.id, { reason: reason.trim(), endsOn }));
      setOpen(false);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button danger" onClick={() => setOpen(true)}>
        契約を終了する…
      </button>
      {open && (
        <ConfirmDialog title="契約を終了しますか" confirmLabel="契約を終了する" busy={busy} disabled={reason.trim() === ''} onConfirm={() => void confirm()} onCancel={() => setOpen(false)}>
          <p>
            {contract.yourRole === 'vendor'
              ? '終了日の翌日から、あなた（と代理店）はこの顧客の新しい情報を見られなくなり、チェックリストや開示の提出もできなくなります。それまでにやり取りした書類は、双方とも引き続き閲覧できます。この操作は取り消せません。'
              : '終了日の翌日から、相手側（事業者と代理店）はこの契約に関する新しい情報を見られなくなり、チェックリストや開示の提出もできなくなります。それまでに受け取った書類は、双方とも引き続き閲覧できます。この操作は取り消せません。'}
          </p>
          <label>
            終了日（最終日）
            <input type="date" value={endsOn} min={todayInJapan()} onChange={(event) => setEndsOn(event.target.value)} required />
          </label>
          <label>
            終了の理由（相手側に通知され、監査ログに残ります）
            <textarea value={reason} maxLength={1000} onChange={(event) => setReason(event.target.value)} required />
          </label>
          {error !== undefined && <ErrorMessage error={error} />}
        </ConfirmDialog>
      )}
    </>
  );
}
