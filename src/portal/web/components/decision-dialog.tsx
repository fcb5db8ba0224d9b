import { useId, useState, type ReactNode } from 'react';
import { ConfirmDialog } from './confirm-dialog';
import { ErrorMessage } from './feedback';

interface DecisionDialogProps<T> {
  approving: boolean;
  title: string;
  confirmLabel: string;
  /** What is decided, and what approving or rejecting does (shown above the reason). */
  children: ReactNode;
  /** Sends the decision; a rejection carries its reason. */
  decide: (reason?: string) => Promise<T>;
  onDone: (decided: T) => void;
  onCancel: () => void;
}

/**
 * The operator's approve / reject confirmation: approving asks for nothing more, rejecting for a
 * reason (required, told to the requester). Neither can be undone, so both go through a dialog.
 */
export function DecisionDialog<T>({ approving, title, confirmLabel, children, decide, onDone, onCancel }: DecisionDialogProps<T>) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const reasonId = useId();
  const missingReason = !approving && reason.trim() === '';

  async function confirm() {
    if (missingReason) return;
    setBusy(true);
    setError(undefined);
    try {
      onDone(await decide(approving ? undefined : reason.trim()));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <ConfirmDialog title={title} confirmLabel={confirmLabel} tone={approving ? 'primary' : 'danger'} busy={busy} disabled={missingReason} onConfirm={() => void confirm()} onCancel={onCancel}>
      {children}
      {!approving && (
        <div className="field">
          <label htmlFor={reasonId}>却下の理由（必須）</label>
          <textarea id={reasonId} rows={3} maxLength={500} required value={reason} onChange={(event) => setReason(event.target.value)} />
        </div>
      )}
      <ErrorMessage error={error} />
    </ConfirmDialog>
  );
}
