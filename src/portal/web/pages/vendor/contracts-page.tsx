import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { ContractDto } from '../../api/schema';
import { proposals } from '../../api/vendor-workspace';
import { useMe } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Empty, ErrorMessage, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { customerLabel } from '../../lib/contract-labels';
import { formatDate } from '../../lib/format';
import { usePaged } from '../../lib/use-async';
import { ProposeForm } from './workspace/propose-form';

const STATUSES = [
  { value: '', label: 'すべて' },
  { value: 'proposed', label: '承認待ち' },
  { value: 'active', label: '有効' },
  { value: 'declined', label: '辞退された' },
  { value: 'withdrawn', label: '取り下げた' },
  { value: 'ended', label: '終了' },
];

const TONES: Record<string, 'ok' | 'warn' | 'neutral'> = { active: 'ok', proposed: 'warn' };

/** Your contracts and proposals: filter by status, propose a new one, withdraw a proposal not yet answered. */
export function ContractsPage() {
  const id = useId();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const [version, setVersion] = useState(0);
  const list = usePaged((cursor) => proposals.list({ status: status || undefined, cursor, limit: 25 }), [status, version]);
  const [proposing, setProposing] = useState(false);
  const [sent, setSent] = useState<string>();
  const [withdrawing, setWithdrawing] = useState<ContractDto>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const canWrite = me.role !== 'viewer';

  async function withdraw(contract: ContractDto) {
    setBusy(true);
    setError(undefined);
    try {
      await proposals.withdraw(contract.id);
      setSent(`${customerLabel(contract)}への提案を取り下げました。`);
      setVersion((v) => v + 1);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
      setWithdrawing(undefined);
    }
  }

  return (
    <>
      <PageHeader title="あなたの契約と提案" en="Your contracts and proposals">
        {canWrite && !proposing && (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setProposing(true);
              setSent(undefined);
            }}
          >
            契約を提案する
          </button>
        )}
      </PageHeader>
      {sent && <Notice tone="success">{sent}</Notice>}
      {proposing && (
        <ProposeForm
          onCancel={() => setProposing(false)}
          onSent={(_contract, pharmacyName) => {
            setProposing(false);
            setSent(`${pharmacyName}に契約の提案を送りました。薬局が承認すると契約が有効になり、通知が届きます。`);
            setVersion((v) => v + 1);
          }}
        />
      )}
      <div className="filters">
        <span className="field-inline">
          <label htmlFor={`${id}-status`}>状態</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(event) =>
              setParams((previous) => {
                const next = new URLSearchParams(previous);
                if (event.target.value) next.set('status', event.target.value);
                else next.delete('status');
                return next;
              })
            }
          >
            {STATUSES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </span>
      </div>
      <ErrorMessage error={error} />
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>該当する契約・提案はありません。</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table stack-on-phone">
            <caption className="visually-hidden">あなたの契約と提案</caption>
            <thead>
              <tr>
                <th scope="col">顧客</th>
                <th scope="col">契約</th>
                <th scope="col">製品・サービス</th>
                <th scope="col">開始日</th>
                <th scope="col">
                  <span className="visually-hidden">操作</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((contract) => (
                <tr key={contract.id}>
                  <th scope="row">
                    <Link to={`/contracts/${contract.id}`}>{customerLabel(contract)}</Link>
                    {contract.customer.name && contract.customer.pharmacyCode && <div className="muted small">{contract.customer.pharmacyCode}</div>}
                    {contract.yourRole === 'agent' && <Badge tone="info">代理店として（事業者: {contract.vendor.name}）</Badge>}
                  </th>
                  <td data-label="契約">
                    {contract.kindLabel} <Badge tone={TONES[contract.status] ?? 'neutral'}>{contract.statusLabel}</Badge>
                    {contract.status === 'proposed' && (
                      <div className="muted small">{contract.proposedBy === 'customer' ? '顧客からの申し出（あなたの承認待ち）' : 'あなたからの提案（顧客の承認待ち）'}</div>
                    )}
                  </td>
                  <td data-label="製品・サービス">{contract.products.map((product) => product.name).join('、') || '—'}</td>
                  <td data-label="開始日">{formatDate(contract.startsOn)}</td>
                  <td>
                    {canWrite && contract.status === 'proposed' && contract.proposedBy === 'vendor' && contract.yourRole === 'vendor' && (
                      <button type="button" className="button small danger" onClick={() => setWithdrawing(contract)}>
                        提案を取り下げる
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager state={list} />
      {withdrawing && (
        <ConfirmDialog title="この提案を取り下げますか？" confirmLabel="取り下げる" busy={busy} onConfirm={() => void withdraw(withdrawing)} onCancel={() => setWithdrawing(undefined)}>
          <p>
            {customerLabel(withdrawing)}への{withdrawing.kindLabel}の提案を取り下げます。取り下げた提案は元に戻せません（必要なら改めて提案してください）。薬局には取り下げたことが通知されます。
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
