import { useId, useState, type FormEvent } from 'react';
import { pendingPharmacies, type PendingPharmacy } from '../../../api/pending-pharmacies';
import type { ProposeContractDto } from '../../../api/schema';
import { ErrorMessage } from '../../../components/feedback';

/**
 * A pharmacy not on Kaiji, invited with the proposal being written (issue 15): its name and its
 * first admin's e-mail address. A 保険薬局コード is public, so the Kaiji operator checks the address
 * is the pharmacy's before the invitation is mailed; the proposal waits for the pharmacy to join.
 */
export function InvitePharmacyForm({
  pharmacyCode,
  contract,
  ready,
  onSent,
}: {
  pharmacyCode: string;
  contract: Pick<ProposeContractDto, 'kind' | 'productIds' | 'startsOn' | 'agentId'>;
  /** The products and start are filled in (and an agent confirmed, if one is named). */
  ready: boolean;
  onSent: (pending: PendingPharmacy) => void;
}) {
  const id = useId();
  const [pharmacyName, setPharmacyName] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(undefined);
    try {
      const { kind, productIds, startsOn, agentId } = contract;
      onSent(await pendingPharmacies.inviteWithProposal({ pharmacyCode, pharmacyName: pharmacyName.trim(), email: email.trim(), contract: { kind, productIds: productIds ?? [], startsOn, ...(agentId ? { agentId } : {}) } }));
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`} data-testid="invite-pharmacy">
      <h3 id={`${id}-title`}>Kaijiに未登録の薬局を招待して提案する</h3>
      <p className="help">
        保険薬局コード {pharmacyCode} の薬局の名称と、最初の管理者になる方のメールアドレスを入力してください。Kaijiの運営者がそのアドレスが薬局のものであることを確認してから招待メールを送ります（確認前には送られません）。薬局が参加した後、この提案の承認を依頼します。
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>薬局の名称</label>
          <input id={`${id}-name`} required maxLength={200} value={pharmacyName} onChange={(event) => setPharmacyName(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>管理者のメールアドレス</label>
          <input id={`${id}-email`} type="email" required maxLength={320} autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />
        </div>
      </div>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={!ready || busy || pharmacyName.trim() === '' || email.trim() === ''}>
          {busy ? '送信中…' : '招待して提案する'}
        </button>
      </div>
      {!ready && <p className="help">先に製品を1つ以上選び、契約開始日を入力してください。</p>}
    </form>
  );
}
