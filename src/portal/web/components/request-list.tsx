import { useState } from 'react';
import { Link } from 'react-router';
import { contracts, disclosures, requests } from '../api/endpoints';
import type { DocumentRequestDto } from '../api/schema';
import type { Query } from '../api/client';
import { formatDate, formatDateTime } from '../lib/format';
import { usePaged } from '../lib/use-async';
import { RequestStatusBadge } from './badges';
import { Empty, ErrorMessage } from './feedback';
import { Pager } from './pager';

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
  const to = document.type === 'disclosure' ? `/disclosures/${document.id}` : `/contracts/${request.contractId}${request.fiscalYear ? `?fy=${request.fiscalYear}` : ''}`;
  return (
    <p className="small text-ok">
      提出済み（第{document.revision}版{document.automatically ? '、自動で対応' : ''}）: <Link to={to}>書類を見る</Link>
    </p>
  );
}

/** The vendor answers a request: point at the submitted checklist or a published disclosure, or decline. */
export function AddresseeActions({ request, onChanged }: { request: DocumentRequestDto; onChanged: (request: DocumentRequestDto) => void }) {
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function run(action: () => Promise<DocumentRequestDto>) {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await action());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function fulfil(): Promise<DocumentRequestDto> {
    if (request.kind === 'checklist') {
      const checklist = await contracts.checklist(request.contractId, request.fiscalYear ?? 0);
      return requests.fulfil(request.id, { checklistId: checklist.id });
    }
    const page = await disclosures.list({ kind: request.kind, productId: request.product?.id, status: 'published', limit: 1 });
    const latest = page.items[0];
    if (!latest) throw new Error('公開済みの書類がありません。先に公開してください。 (Publish the document first.)');
    return requests.fulfil(request.id, { disclosureId: latest.id });
  }

  return (
    <div className="addressee-actions">
      <div className="actions">
        <button type="button" className="button small" disabled={busy} onClick={() => void run(fulfil)}>
          提出済みの書類で対応
        </button>
        <button type="button" className="button small secondary" disabled={busy} aria-expanded={declining} onClick={() => setDeclining(!declining)}>
          辞退する
        </button>
      </div>
      {declining && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => requests.decline(request.id, reason.trim()));
          }}
        >
          <div className="field">
            <label htmlFor={`decline-${request.id}`}>辞退の理由</label>
            <input id={`decline-${request.id}`} required value={reason} onChange={(event) => setReason(event.target.value)} />
          </div>
          <button type="submit" className="button small danger" disabled={busy}>
            辞退を送信
          </button>
        </form>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
