import { useEffect } from 'react';
import { useBlocker } from 'react-router';
import { ConfirmDialog } from './confirm-dialog';

/**
 * Asks before leaving a screen with answers not saved yet: a move inside the portal (the menu, a
 * link, back/forward, another 年度 in the address) shows a dialog; closing the tab or reloading gets
 * the browser's own question (beforeunload), which is all a page may ask there.
 */
export function UnsavedChangesGuard({ dirty }: { dirty: boolean }) {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search));

  useEffect(() => {
    if (!dirty) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium asks only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [dirty]);

  if (blocker.state !== 'blocked') return null;
  return (
    <ConfirmDialog title="保存していない回答があります" confirmLabel="保存せずに移動する" onConfirm={() => blocker.proceed()} onCancel={() => blocker.reset()}>
      <p>このまま移動すると、保存していない回答は失われます。残す場合は「キャンセル」を押してから保存してください。</p>
    </ConfirmDialog>
  );
}
