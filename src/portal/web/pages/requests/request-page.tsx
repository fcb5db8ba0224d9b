import { Link, useLocation, useParams } from 'react-router';
import { requests } from '../../api/endpoints';
import { RequestStatusBadge } from '../../components/badges';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { AddresseeActions, FulfilledLink } from '../../components/request-list';
import { formatDate, formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';

/** One document request (notifications link here). */
export function RequestPage() {
  const { requestId = '' } = useParams();
  const state = useAsync(() => requests.get(requestId), [requestId]);
  const request = state.data;
  // Back from the editor (書類を作成して対応): the document just published.
  const published = (useLocation().state as { published?: string } | null)?.published;
  return (
    <>
      <PageHeader title={request ? `${request.kindLabel}の依頼` : '書類の依頼'} en="Document request">
        <Link className="button secondary" to="/requests">
          依頼の一覧へ
        </Link>
      </PageHeader>
      {state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null}
      {published && request?.status === 'fulfilled' && request.fulfilledDocument?.id === published && <Notice tone="success">書類を公開し、この依頼に対応しました。</Notice>}
      {state.loading && !request && <Loading />}
      {request && (
        <section className="card">
          <dl className="facts">
            <dt>状態</dt>
            <dd>
              <RequestStatusBadge status={request.status} label={request.statusLabel} overdue={request.overdue} />
            </dd>
            <dt>書類</dt>
            <dd>
              {request.kindLabel} {request.fiscalYearLabel ?? ''} {request.product?.name ?? ''}
            </dd>
            <dt>薬局</dt>
            <dd>{request.customer.name}</dd>
            <dt>依頼元</dt>
            <dd>{request.requestedBy.name}</dd>
            <dt>依頼先</dt>
            <dd>{request.addressee.name}</dd>
            <dt>期限</dt>
            <dd>{formatDate(request.dueOn)}</dd>
            <dt>依頼日時</dt>
            <dd>{formatDateTime(request.createdAt)}</dd>
            <dt>メッセージ</dt>
            <dd>{request.message ?? '—'}</dd>
            {request.declineReason && (
              <>
                <dt>辞退の理由</dt>
                <dd>{request.declineReason}</dd>
              </>
            )}
          </dl>
          {request.status === 'fulfilled' && <FulfilledLink request={request} />}
          {request.status === 'open' && request.yourRole === 'addressee' && <AddresseeActions request={request} onChanged={state.setData} />}
          {request.yourRole === 'customer' && (
            <p>
              <Link to={`/contracts/${request.contractId}${request.fiscalYear ? `?fy=${request.fiscalYear}` : ''}`}>事業者の書類を見る</Link>
            </p>
          )}
        </section>
      )}
    </>
  );
}
