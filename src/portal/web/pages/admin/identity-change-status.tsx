import type { IdentityChangeDto } from '../../api/schema';
import { Badge } from '../../components/badges';
import { formatDateTime } from '../../lib/format';

/**
 * A vendor's latest name / 法人番号 change request as its admins see it: pending until the
 * operator approves (with a way to withdraw it), or what the operator decided and why.
 */
export function IdentityChangeStatus({ change, busy, onWithdraw }: { change: IdentityChangeDto; busy: boolean; onWithdraw: () => void }) {
  const asked = (
    <dl className="facts">
      <dt>申請した名称</dt>
      <dd>{change.requestedName}</dd>
      <dt>申請した法人番号</dt>
      <dd>{change.requestedCorporateNumber ?? '—'}</dd>
      <dt>申請日時</dt>
      <dd>{formatDateTime(change.requestedAt)}</dd>
    </dl>
  );
  switch (change.status) {
    case 'pending':
      return (
        <section className="alert alert-warning" aria-labelledby="identity-change-title" data-testid="identity-change">
          <p className="alert-title" id="identity-change-title">
            名称・法人番号の変更を申請中です <Badge tone="warn">{change.statusLabel}</Badge>
          </p>
          <p>運営者が承認すると反映されます。それまでは現在の名称・法人番号が薬局などに表示されます。</p>
          {asked}
          <button type="button" className="button small secondary" onClick={onWithdraw} disabled={busy}>
            申請を取り下げる
          </button>
        </section>
      );
    case 'rejected':
      return (
        <section className="alert alert-error" aria-labelledby="identity-change-title" data-testid="identity-change">
          <p className="alert-title" id="identity-change-title">
            名称・法人番号の変更申請は却下されました <Badge tone="bad">{change.statusLabel}</Badge>
          </p>
          <p>理由: {change.reason ?? '記載なし'}（{formatDateTime(change.decidedAt)}）</p>
          {asked}
        </section>
      );
    case 'approved':
      return (
        <p className="muted" data-testid="identity-change">
          直近の名称・法人番号の変更は {formatDateTime(change.decidedAt)} に承認され、反映されています。
        </p>
      );
    case 'withdrawn':
      return null;
  }
}
