import { useId, useState } from 'react';
import { audit } from '../../api/endpoints';
import type { AuditVerificationDto } from '../../api/schema';
import { Badge } from '../../components/badges';
import { DownloadButton } from '../../components/download-button';
import { Empty, ErrorMessage, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { formatDateTime } from '../../lib/format';
import { ACTOR_TYPE_LABELS, AUDIT_ACTION_LABELS, labelOf, TARGET_TYPE_LABELS } from '../../lib/labels';
import { usePaged } from '../../lib/use-async';

/** The organization's append-only, hash-chained access log (2-⑪): filters, CSV, chain verification. */
export function AuditPage() {
  const id = useId();
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [filters, setFilters] = useState({ action: '', from: '', to: '' });
  const query = { action: filters.action || undefined, from: filters.from || undefined, to: filters.to || undefined };
  const list = usePaged((cursor) => audit.list({ ...query, cursor, limit: 50 }), [filters.action, filters.from, filters.to]);
  const [verification, setVerification] = useState<AuditVerificationDto>();
  const [error, setError] = useState<unknown>();

  return (
    <>
      <PageHeader title="監査ログ" en="Audit log">
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            setError(undefined);
            audit.verify({}).then(setVerification, setError);
          }}
        >
          改ざんの検証
        </button>
        <DownloadButton label="CSVをダウンロード" download={() => audit.csv(query)} />
      </PageHeader>
      {verification &&
        (verification.valid ? (
          <Notice tone="success">ハッシュチェーンは正常です（{verification.checked}件を検証）。</Notice>
        ) : (
          <div className="alert alert-error" role="alert">
            改ざんまたは欠落の可能性があります: {verification.firstBroken?.reason}（連番 {verification.firstBroken?.sequence}）
          </div>
        ))}
      <ErrorMessage error={error} />
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters({ action: action.trim(), from: from ? new Date(`${from}T00:00:00+09:00`).toISOString() : '', to: to ? new Date(`${to}T23:59:59+09:00`).toISOString() : '' });
        }}
      >
        <span className="field-inline">
          <label htmlFor={`${id}-action`}>操作 (action)</label>
          <input id={`${id}-action`} value={action} placeholder="auth.login" onChange={(event) => setAction(event.target.value)} />
        </span>
        <span className="field-inline">
          <label htmlFor={`${id}-from`}>開始日</label>
          <input id={`${id}-from`} type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </span>
        <span className="field-inline">
          <label htmlFor={`${id}-to`}>終了日</label>
          <input id={`${id}-to`} type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </span>
        <button type="submit" className="button secondary">
          絞り込む
        </button>
      </form>
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>該当する記録はありません。</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">日時</th>
                <th scope="col">操作</th>
                <th scope="col">実行者</th>
                <th scope="col">対象</th>
                <th scope="col">接続元</th>
                <th scope="col">結果</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((event) => (
                <tr key={event.id} className={event.outcome === 'failure' ? 'row-no' : ''}>
                  <td>{formatDateTime(event.occurredAt)}</td>
                  <th scope="row">
                    {labelOf(AUDIT_ACTION_LABELS, event.action)}
                    <div className="muted small">
                      <code>{event.action}</code>
                    </div>
                  </th>
                  <td>
                    {event.actorLabel ?? '—'}
                    <div className="muted small">{labelOf(ACTOR_TYPE_LABELS, event.actorType)}</div>
                  </td>
                  <td className="small">
                    {labelOf(TARGET_TYPE_LABELS, event.targetType)}
                    {event.targetId && <div className="muted">{event.targetId.slice(0, 8)}…</div>}
                  </td>
                  <td className="small">{event.sourceIp ?? '—'}</td>
                  <td>{event.outcome === 'success' ? <Badge tone="ok">成功</Badge> : <Badge tone="bad">失敗</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager state={list} />
    </>
  );
}
