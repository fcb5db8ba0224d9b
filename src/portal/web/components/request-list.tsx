import { useState } from 'react';
import { Link } from 'react-router';
import { requests } from '../api/endpoints';
import type { DocumentRequestDto } from '../api/schema';
import type { Query } from '../api/client';
import { formatDate, formatDateTime } from '../lib/format';
import { usePaged } from '../lib/use-async';
import { RequestStatusBadge } from './badges';
import { Empty } from './feedback';
import { Pager } from './pager';
import { AddresseeActions } from './request-actions';

export { AddresseeActions } from './request-actions';

/** Document requests, paginated; the addressee (vendor) can fulfil or decline open ones here. */
export function RequestList({ query, version = 0, compact = false }: { query: Query; version?: number; compact?: boolean }) {
  const state = usePaged((cursor) => requests.list({ ...query, cursor, limit: 25 }), [JSON.stringify(query), version]);
  const [updated, setUpdated] = useState<Record<string, DocumentRequestDto>>({});
  if (!state.loading && !state.error && state.items.length === 0) return <Empty>依頼はありません。</Empty>;
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">書類</th>
              {!compact && <th scope="col">薬局</th>}
              {!compact && <th scope="col">依頼先</th>}
              <th scope="col">状態</th>
              <th scope="col">期限</th>
              <th scope="col">依頼日時</th>
              <th scope="col">メッセージ・結果</th>
            </tr>
          </thead>
          <tbody>
            {state.items.map((original) => {
              const request = updated[original.id] ?? original;
              return (
                <tr key={request.id} data-request={request.id}>
                  <th scope="row">
                    {request.kindLabel}
                    {request.fiscalYearLabel && <div className="muted small">{request.fiscalYearLabel}</div>}
                    {request.product && <div className="muted small">{request.product.name}</div>}
                  </th>
                  {!compact && (
                    <td>
                      {request.customer.name}
                      {request.customer.pharmacyCode && <div className="muted small">{request.customer.pharmacyCode}</div>}
                    </td>
                  )}
                  {!compact && <td>{request.addressee.name}</td>}
                  <td>
                    <RequestStatusBadge status={request.status} label={request.statusLabel} overdue={request.overdue} />
                  </td>
                  <td>{formatDate(request.dueOn)}</td>
                  <td>{formatDateTime(request.createdAt)}</td>
                  <td>
                    {request.message && <p className="small">{request.message}</p>}
                    {request.status === 'fulfilled' && <FulfilledLink request={request} />}
                    {request.status === 'declined' && <p className="small text-bad">辞退: {request.declineReason}</p>}
                    {request.status === 'open' && request.yourRole === 'addressee' && (
                      <AddresseeActions request={request} onChanged={(next) => setUpdated((all) => ({ ...all, [next.id]: next }))} />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager state={state} />
    </>
  );
}

export function FulfilledLink({ request }: { request: DocumentRequestDto }) {
  const document = request.fulfilledDocument;
  if (!document) return <p className="small text-ok">対応済み</p>;
  // The addressee opens its own document in its editor; the customer reads it.
  const disclosurePath = request.yourRole === 'addressee' ? `/vendor/disclosures/${document.id}` : `/disclosures/${document.id}`;
  const to = document.type === 'disclosure' ? disclosurePath : `/contracts/${request.contractId}${request.fiscalYear ? `?fy=${request.fiscalYear}` : ''}`;
  return (
    <p className="small text-ok">
      提出済み（第{document.revision}版{document.automatically ? '、自動で対応' : ''}）: <Link to={to}>書類を見る</Link>
    </p>
  );
}
