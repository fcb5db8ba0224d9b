import { useId, useState } from 'react';
import { identityChanges } from '../../api/endpoints';
import type { IdentityChangeReviewDto } from '../../api/schema';
import { Badge } from '../../components/badges';
import { DecisionDialog } from '../../components/decision-dialog';
import { Empty, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { formatDateTime } from '../../lib/format';
import { usePaged } from '../../lib/use-async';

type Status = 'pending' | 'approved' | 'rejected' | 'withdrawn';
const STATUSES: { value: Status; label: string }[] = [
  { value: 'pending', label: '承認待ち' },
  { value: 'approved', label: '承認済み' },
  { value: 'rejected', label: '却下' },
  { value: 'withdrawn', label: '取り下げ' },
];

interface Decision {
  change: IdentityChangeReviewDto;
  kind: 'approve' | 'reject';
}

/**
 * The operator's review of vendors' name / 法人番号 changes (issue 13, finding 8): each request
 * beside the vendors it could be mistaken for, approved or rejected (with a reason told to the
 * vendor) after a confirmation. The decision is recorded in the vendor's audit log.
 */
export function IdentityChangesPage() {
  const id = useId();
  const [status, setStatus] = useState<Status>('pending');
  const [version, setVersion] = useState(0);
  const list = usePaged((cursor) => identityChanges.list({ status, cursor, limit: 25 }), [status, version]);
  const [deciding, setDeciding] = useState<Decision>();
  const [notice, setNotice] = useState<string>();

  return (
    <>
      <PageHeader title="名称・法人番号の変更申請" en="Vendor identity changes" />
      <p className="muted">
        事業者の名称と法人番号は、薬局が契約を申し出るときの手がかりです。別の事業者になりすます変更でないかを、似た名称・同じ法人番号の事業者と見比べてから承認してください。
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
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>{status === 'pending' ? '承認待ちの変更申請はありません。' : '該当する変更申請はありません。'}</Empty>
      ) : (
        <ul className="card-list" aria-label="変更申請">
          {list.items.map((change) => (
            <li key={change.id}>
              <ChangeCard change={change} onDecide={(kind) => setDeciding({ change, kind })} />
            </li>
          ))}
        </ul>
      )}
      <Pager state={list} />
      {deciding && (
        <IdentityDecisionDialog
          decision={deciding}
          onCancel={() => setDeciding(undefined)}
          onDone={(decided) => {
            setDeciding(undefined);
            setNotice(
              decided.status === 'approved'
                ? `「${decided.requestedName}」への変更を承認しました。事業者の名称・法人番号は変更されました。`
                : `「${decided.requestedName}」への変更申請を却下しました。理由は事業者に通知されます。`,
            );
            setVersion((value) => value + 1);
          }}
        />
      )}
    </>
  );
}

function ChangeCard({ change, onDecide }: { change: IdentityChangeReviewDto; onDecide: (kind: Decision['kind']) => void }) {
  const titleId = `change-${change.id}`;
  return (
    <article className="card identity-change" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {change.previousName} <Badge tone={change.status === 'pending' ? 'warn' : change.status === 'approved' ? 'ok' : 'neutral'}>{change.statusLabel}</Badge>
      </h2>
      <div className="change-row">
        <span className="muted">名称</span>
        {change.requestedName === change.previousName ? (
          <span>{change.previousName}（変更なし）</span>
        ) : (
          <>
            <span className="visually-hidden">現在:</span>
            <del>{change.previousName}</del>
            <span aria-hidden="true">→</span>
            <span className="visually-hidden">申請:</span>
            <ins>{change.requestedName}</ins>
          </>
        )}
      </div>
      <div className="change-row">
        <span className="muted">法人番号</span>
        {change.requestedCorporateNumber === change.previousCorporateNumber ? (
          <span>{change.previousCorporateNumber ?? '—'}（変更なし）</span>
        ) : (
          <>
            <span className="visually-hidden">現在:</span>
            <del>{change.previousCorporateNumber ?? '—'}</del>
            <span aria-hidden="true">→</span>
            <span className="visually-hidden">申請:</span>
            <ins>{change.requestedCorporateNumber ?? '—'}</ins>
          </>
        )}
      </div>
      <p className="muted small">
        申請: {formatDateTime(change.requestedAt)}
        {change.decidedAt && ` ／ 判断: ${formatDateTime(change.decidedAt)}`}
        {change.reason && ` ／ 理由: ${change.reason}`}
      </p>
      <Lookalikes change={change} />
      {change.status === 'pending' && (
        <div className="actions">
          <button type="button" className="button" onClick={() => onDecide('approve')} aria-label={`「${change.requestedName}」への変更を承認する`}>
            承認する…
          </button>
          <button type="button" className="button danger" onClick={() => onDecide('reject')} aria-label={`「${change.requestedName}」への変更を却下する`}>
            却下する…
          </button>
        </div>
      )}
    </article>
  );
}

function Lookalikes({ change }: { change: IdentityChangeReviewDto }) {
  if (change.lookalikes.length === 0) return <p className="small">似た名称・同じ法人番号の事業者: なし</p>;
  return (
    <div className="alert alert-warning" data-testid="lookalikes">
      <p className="alert-title">似た名称・同じ法人番号の事業者が {change.lookalikes.length}件あります（なりすましのおそれ）</p>
      <ul className="lookalikes">
        {change.lookalikes.map((vendor) => (
          <li key={vendor.id}>
            {vendor.name}（法人番号: {vendor.corporateNumber ?? '—'}）
            {vendor.corporateNumber !== null && vendor.corporateNumber === change.requestedCorporateNumber && <Badge tone="bad">同じ法人番号</Badge>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function IdentityDecisionDialog({ decision, onDone, onCancel }: { decision: Decision; onDone: (decided: IdentityChangeReviewDto) => void; onCancel: () => void }) {
  const { change, kind } = decision;
  const approving = kind === 'approve';
  return (
    <DecisionDialog
      approving={approving}
      title={approving ? '名称・法人番号の変更を承認しますか？' : '名称・法人番号の変更申請を却下しますか？'}
      confirmLabel={approving ? '承認する' : '却下する'}
      decide={(reason) => (approving ? identityChanges.approve(change.id) : identityChanges.reject(change.id, { reason: reason ?? '' }))}
      onDone={onDone}
      onCancel={onCancel}
    >
      <p>
        「{change.previousName}」→「{change.requestedName}」（法人番号 {change.previousCorporateNumber ?? '—'} → {change.requestedCorporateNumber ?? '—'}）
      </p>
      {approving ? (
        <p>承認すると直ちに反映され、薬局の画面と法人番号による契約の申し出に使われます。この判断は取り消せません。事業者の監査ログに記録され、管理者に通知されます。</p>
      ) : (
        <p>却下すると申請は閉じられ、事業者の名称・法人番号は変わりません。この判断は取り消せません。理由は事業者の管理者に通知されます。</p>
      )}
      {change.lookalikes.length > 0 && approving && (
        <p className="field-error">似た名称・同じ法人番号の事業者が {change.lookalikes.length}件あります。なりすましでないことを確認してから承認してください。</p>
      )}
    </DecisionDialog>
  );
}
