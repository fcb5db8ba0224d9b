import { useId, useState } from 'react';
import { pendingPharmacies, type PendingPharmacy } from '../../api/pending-pharmacies';
import { Badge } from '../../components/badges';
import { DecisionDialog } from '../../components/decision-dialog';
import { Empty, ErrorMessage, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { formatDateTime } from '../../lib/format';
import { usePaged } from '../../lib/use-async';

type Status = PendingPharmacy['status'];
const STATUSES: { value: Status; label: string }[] = [
  { value: 'pending', label: '承認待ち' },
  { value: 'approved', label: '承認済み' },
  { value: 'rejected', label: '却下' },
];

interface Decision {
  pending: PendingPharmacy;
  kind: 'approve' | 'reject';
}

/**
 * The operator's review of pharmacies invited before they are on Kaiji (issue 15). A 保険薬局コード
 * is public, so the invitation of the first admin is mailed only after the operator has checked that
 * the address really is the pharmacy's; rejecting mails nothing and declines the vendor's proposal.
 */
export function PendingPharmaciesPage() {
  const id = useId();
  const [status, setStatus] = useState<Status>('pending');
  const [version, setVersion] = useState(0);
  const list = usePaged((cursor) => pendingPharmacies.list({ status, cursor, limit: 25 }), [status, version]);
  const [deciding, setDeciding] = useState<Decision>();
  const [notice, setNotice] = useState<string>();

  return (
    <>
      <PageHeader title="招待された薬局の承認" en="Invited pharmacies" />
      <p className="muted">
        事業者・法人本部が、Kaijiに未登録の薬局を招待しました。保険薬局コードは公開情報のため、招待メールは承認するまで送られません。メールアドレスがその薬局のものであることを確認してから承認してください。
      </p>
      {notice && <Notice tone="success">{notice}</Notice>}
      <div className="filters">
        <span className="field-inline">
          <label htmlFor={`${id}-status`}>状態</label>
          <select id={`${id}-status`} value={status} onChange={(event) => setStatus(event.target.value as Status)}>
            {STATUSES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </span>
      </div>
      <ErrorMessage error={list.error} />
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>{status === 'pending' ? '承認待ちの薬局はありません。' : '該当する薬局はありません。'}</Empty>
      ) : (
        <ul className="card-list" aria-label="招待された薬局">
          {list.items.map((pending) => (
            <li key={pending.id}>
              <PendingCard pending={pending} onDecide={(kind) => setDeciding({ pending, kind })} />
            </li>
          ))}
        </ul>
      )}
      <Pager state={list} />
      {deciding && (
        <PendingDecisionDialog
          decision={deciding}
          onCancel={() => setDeciding(undefined)}
          onDone={(decided) => {
            setDeciding(undefined);
            setNotice(
              decided.status === 'approved'
                ? `「${decided.pharmacyName}」を承認し、${decided.email} に招待メールを送りました。`
                : `「${decided.pharmacyName}」を却下しました。提案は辞退扱いになり、理由は招待した組織に通知されます。`,
            );
            setVersion((value) => value + 1);
          }}
        />
      )}
    </>
  );
}

function PendingCard({ pending, onDecide }: { pending: PendingPharmacy; onDecide: (kind: Decision['kind']) => void }) {
  const titleId = `pending-${pending.id}`;
  return (
    <article className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {pending.pharmacyName} <Badge tone={pending.status === 'pending' ? 'warn' : pending.status === 'approved' ? 'ok' : 'neutral'}>{pending.statusLabel}</Badge>
      </h2>
      {/* Addresses are long and unbroken: let them wrap at 390 px rather than widen the card. */}
      <dl className="facts" style={{ overflowWrap: 'anywhere' }}>
        <dt>保険薬局コード</dt>
        <dd>{pending.pharmacyCode}</dd>
        <dt>管理者のメールアドレス</dt>
        <dd>{pending.email}</dd>
        <dt>招待した組織</dt>
        <dd>
          {pending.requestedByOrganizationName}（{pending.requestedByKind === 'chain' ? '法人本部・店舗として' : '事業者・契約の提案あり'}）
        </dd>
      </dl>
      <p className="muted small">
        招待: {formatDateTime(pending.createdAt)}
        {pending.decidedAt && ` ／ 判断: ${formatDateTime(pending.decidedAt)}`}
        {pending.reason && ` ／ 理由: ${pending.reason}`}
      </p>
      {pending.status === 'pending' && (
        <div className="actions">
          <button type="button" className="button" onClick={() => onDecide('approve')} aria-label={`「${pending.pharmacyName}」を承認する`}>
            承認する…
          </button>
          <button type="button" className="button danger" onClick={() => onDecide('reject')} aria-label={`「${pending.pharmacyName}」を却下する`}>
            却下する…
          </button>
        </div>
      )}
    </article>
  );
}

function PendingDecisionDialog({ decision, onDone, onCancel }: { decision: Decision; onDone: (decided: PendingPharmacy) => void; onCancel: () => void }) {
  const { pending, kind } = decision;
  const approving = kind === 'approve';
  return (
    <DecisionDialog
      approving={approving}
      title={approving ? 'この薬局を承認し、招待メールを送りますか？' : 'この薬局の招待を却下しますか？'}
      confirmLabel={approving ? '承認してメールを送る' : '却下する'}
      decide={(reason) => (approving ? pendingPharmacies.approve(pending.id) : pendingPharmacies.reject(pending.id, { reason: reason ?? '' }))}
      onDone={onDone}
      onCancel={onCancel}
    >
      <p>
        {pending.pharmacyName}（{pending.pharmacyCode}）／ {pending.email}
      </p>
      {approving ? (
        <p>承認すると薬局がKaijiに登録され、このアドレスに管理者としての招待メールが送られます。アドレスが薬局のものであることを確認済みの場合だけ承認してください。</p>
      ) : (
        <p>却下するとメールは送られず、提案は辞退扱いになります。理由は招待した組織に通知されます。</p>
      )}
    </DecisionDialog>
  );
}
