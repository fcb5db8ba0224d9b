import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';

/**
 * A modal confirmation before an action that cannot be undone (a credentials reset, an identity
 * decision, a client open to any source). A native <dialog>: focus moves into it and stays there,
 * Escape cancels, and what it asks is its accessible name and description.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  tone = 'danger',
  busy = false,
  disabled = false,
  onConfirm,
  onCancel,
}: {
  title: string;
  /** What happens, in plain words; may hold the form fields the action needs. */
  children: ReactNode;
  confirmLabel: string;
  tone?: 'danger' | 'primary';
  busy?: boolean;
  /** The action cannot be confirmed yet (a required choice is missing). */
  disabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    onConfirm();
  }

  return (
    <dialog
      ref={dialog}
      className={`confirm-dialog confirm-dialog-${tone}`}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form method="dialog" onSubmit={submit}>
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-body`} className="confirm-dialog_body">
          {children}
        </div>
        <div className="actions">
          <button type="submit" className={`button ${tone}`} disabled={busy || disabled}>
            {busy ? '処理中…' : confirmLabel}
          </button>
          <button type="button" className="button secondary" onClick={onCancel} disabled={busy}>
            キャンセル
          </button>
        </div>
      </form>
    </dialog>
  );
}
