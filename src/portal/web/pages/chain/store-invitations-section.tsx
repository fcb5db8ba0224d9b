import { useId, useState, type FormEvent } from 'react';
import { pendingPharmacies, type PendingPharmacy } from '../../api/pending-pharmacies';
import { Badge } from '../../components/badges';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Empty, ErrorMessage, Notice } from '../../components/feedback';
import { Pager } from '../../components/pager';
import { formatDateTime } from '../../lib/format';
import { usePaged } from '../../lib/use-async';

interface Invitation {
  pharmacyCode: string;
  pharmacyName: string;
  email: string;
}

const EMPTY: Invitation = { pharmacyCode: '', pharmacyName: '', email: '' };

/**
 * Chain HQ invites a store not yet on Kaiji (issue 15). A 保険薬局コード is public, so the invitation
 * of the store's first admin is mailed only after the Kaiji operator has checked the address; until
 * then the request is 承認待ち here, and a rejection shows the operator's reason.
 */
export function StoreInvitationsSection({ chainId }: { chainId: string }) {
  const id = useId();
  const [form, setForm] = useState<Invitation>(EMPTY);
  const [confirming, setConfirming] = useState<Invitation>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [version, setVersion] = useState(0);
  // The API lists a chain's own requests only (another organization's are not visible).
  const list = usePaged((cursor) => pendingPharmacies.list({ cursor, limit: 20 }), [chainId, version]);
  const filled = /^\d{10}$/.test(form.pharmacyCode.trim()) && form.pharmacyName.trim() !== '' && form.email.trim() !== '';

  function review(event: FormEvent) {
    event.preventDefault();
    if (!filled) return;
    setError(undefined);
    setConfirming({ pharmacyCode: form.pharmacyCode.trim(), pharmacyName: form.pharmacyName.trim(), email: form.email.trim() });
  }

  async function send(invitation: Invitation) {
    setBusy(true);
    setError(undefined);
    try {
      const sent = await pendingPharmacies.inviteStore(chainId, invitation);
      setNotice(`「${sent.pharmacyName}」の招待を申請しました。運営者の確認後に ${sent.email} へ招待メールが送られます。`);
      setForm(EMPTY);
      setVersion((value) => value + 1);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      setConfirming(undefined);
    }
  }

  const set = (field: keyof Invitation) => (value: string) => setForm((previous) => ({ ...previous, [field]: value }));

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>店舗を招待</h2>
      <form className="card" onSubmit={review} aria-label="店舗を招待">
        <p className="help">
          Kaijiに未登録の店舗を、最初の管理者になる方のメールアドレスで招待します。保険薬局コードは公開情報のため、Kaijiの運営者がそのアドレスが店舗のものであることを確認してから招待メールを送ります（確認前には送られません）。
        </p>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-code`}>保険薬局コード（10桁）</label>
            <input id={`${id}-code`} required inputMode="numeric" pattern="\d{10}" maxLength={10} value={form.pharmacyCode} onChange={(event) => set('pharmacyCode')(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>店舗名</label>
            <input id={`${id}-name`} required maxLength={200} value={form.pharmacyName} onChange={(event) => set('pharmacyName')(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-email`}>管理者のメールアドレス</label>
            <input id={`${id}-email`} type="email" required maxLength={320} autoComplete="off" value={form.email} onChange={(event) => set('email')(event.target.value)} />
          </div>
        </div>
        {notice && <Notice tone="success">{notice}</Notice>}
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={!filled || busy}>
            招待を申請する…
          </button>
        </div>
      </form>
      {confirming && (
        <ConfirmDialog title="この店舗を招待しますか？" confirmLabel="招待を申請する" tone="primary" busy={busy} onConfirm={() => void send(confirming)} onCancel={() => setConfirming(undefined)}>
          <p style={{ overflowWrap: 'anywhere' }}>
            {confirming.pharmacyName}（{confirming.pharmacyCode}）の管理者として {confirming.email} を招待します。運営者がアドレスを確認してから招待メールが送られます。
          </p>
        </ConfirmDialog>
      )}
      <h3>招待の申請</h3>
      <ErrorMessage error={list.error} />
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>招待した店舗はありません。</Empty>
      ) : (
        <ul className="card-list" aria-label="招待の申請">
          {list.items.map((pending) => (
            <li key={pending.id}>
              <InvitationCard pending={pending} />
            </li>
          ))}
        </ul>
      )}
      <Pager state={list} />
    </section>
  );
}

function InvitationCard({ pending }: { pending: PendingPharmacy }) {
  const tone = pending.status === 'pending' ? 'warn' : pending.status === 'approved' ? 'ok' : 'bad';
  return (
    <article className="card" aria-label={`${pending.pharmacyName}の招待`}>
      <p>
        <strong>{pending.pharmacyName}</strong> <Badge tone={tone}>{pending.statusLabel}</Badge>
      </p>
      {/* Addresses are long and unbroken: let them wrap at 390 px rather than widen the card. */}
      <p className="muted small" style={{ overflowWrap: 'anywhere' }}>
        {pending.pharmacyCode} ／ {pending.email} ／ 申請: {formatDateTime(pending.createdAt)}
        {pending.decidedAt && ` ／ 判断: ${formatDateTime(pending.decidedAt)}`}
      </p>
      {pending.reason && <p className="small">却下の理由: {pending.reason}</p>}
    </article>
  );
}
