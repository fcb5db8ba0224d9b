import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { remoteMaintenance } from '../../api/remote-maintenance';
import type { ContractDto } from '../../api/schema';
import { Badge, RiskBadge } from '../../components/badges';
import { Empty, ErrorMessage } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { customerLabel } from '../../lib/contract-labels';
import { formatDate } from '../../lib/format';
import { useAsync, usePaged } from '../../lib/use-async';

type Role = '' | 'vendor' | 'agent';

/**
 * The contracts whose systems you maintain, as their vendor or as the agent (代理店) named on them,
 * with where each product's remote-maintenance disclosure stands. An agent sees exactly the
 * contracts it maintains (GET /v1/contracts?role=agent); each row opens the contract's page,
 * where the disclosure form is.
 */
export function RemoteMaintenancePage() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const role = (params.get('role') ?? '') as Role;
  const list = usePaged((cursor) => remoteMaintenance.contracts({ status: 'active', role: role || undefined, cursor, limit: 25 }), [role]);

  return (
    <>
      <PageHeader title="リモートメンテナンスの開示" en="Remote maintenance" />
      <p className="help">
        あなたが保守する契約（事業者として、または代理店として）の一覧です。製品ごとのリモートメンテナンスの利用有無と安全対策を、契約の画面から薬局に開示してください。代理店として開示するリモートメンテナンスのRM-SDSも、あなたが作成・公開します（<Link to="/vendor/disclosures/new?kind=RM-SDS">RM-SDSを作成する</Link>）。
      </p>
      <div className="filters">
        <span className="field-inline">
          <label htmlFor={`${id}-role`}>あなたの立場</label>
          <select
            id={`${id}-role`}
            value={role}
            onChange={(event) =>
              setParams((previous) => {
                const next = new URLSearchParams(previous);
                next.set('role', event.target.value);
                return next;
              })
            }
          >
            <option value="">すべて</option>
            <option value="vendor">事業者として</option>
            <option value="agent">代理店として</option>
          </select>
        </span>
      </div>
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>{role === 'agent' ? '代理店として保守を担当している有効な契約はありません。' : '保守している有効な契約はありません。'}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table stack-on-phone">
            <caption className="visually-hidden">あなたが保守する契約とリモートメンテナンスの開示状況</caption>
            <thead>
              <tr>
                <th scope="col">顧客</th>
                <th scope="col">契約</th>
                <th scope="col">リモートメンテナンス（製品ごと）</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((contract) => (
                <tr key={contract.id}>
                  <th scope="row">
                    <Link to={`/contracts/${contract.id}`}>{customerLabel(contract)}</Link>
                    {contract.yourRole === 'agent' ? (
                      <div className="small">
                        <Badge tone="info">代理店として</Badge> {contract.vendor.name}の製品
                      </div>
                    ) : (
                      contract.agent && <div className="muted small">代理店: {contract.agent.name}</div>
                    )}
                  </th>
                  <td data-label="契約">
                    {contract.kindLabel} <Badge tone="ok">{contract.statusLabel}</Badge>
                    <div className="muted small">{formatDate(contract.startsOn)}〜</div>
                  </td>
                  <td data-label="リモートメンテナンス">
                    <DisclosureStatus contract={contract} />
                  </td>
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

/** Per product: not disclosed yet, awaiting the pharmacy's confirmation, or confirmed, with its risk. */
function DisclosureStatus({ contract }: { contract: ContractDto }) {
  const state = useAsync(() => remoteMaintenance.get(contract.id), [contract.id]);
  if (state.error) return <ErrorMessage error={state.error} />;
  if (!state.data) return <span className="muted">…</span>;
  return (
    <ul className="compact-list small">
      {state.data.products.map(({ product, current }) => (
        <li key={product.id}>
          {product.name}:{' '}
          {!current ? (
            <Badge tone="bad">未開示</Badge>
          ) : (
            <>
              {current.inUse ? '利用あり' : '利用なし'} <RiskBadge level={current.riskLevel} label={`リスク: ${current.riskLevelLabel}`} />{' '}
              {current.confirmation ? <Badge tone="ok">薬局が確認済み</Badge> : <Badge tone="warn">薬局の確認待ち</Badge>}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
