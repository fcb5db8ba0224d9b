import { Link } from 'react-router';
import { requestFulfilment } from '../../../api/disclosure-editor';
import { formatDate } from '../../../lib/format';
import { useAsync } from '../../../lib/use-async';

/** The request this document is being written for: who asked, by when; publishing brings you back to it. */
export function RequestBanner({ requestId }: { requestId: string }) {
  const request = useAsync(() => requestFulfilment.get(requestId), [requestId]).data;
  if (!request) return null;
  return (
    <div className="alert alert-info" role="note">
      <p>
        <strong>{request.customer.name}</strong>からの依頼（{request.kindLabel}
        {request.product ? `、${request.product.name}` : ''}
        {request.dueOn ? `、期限 ${formatDate(request.dueOn)}` : ''}）に対応するための書類です。公開すると依頼は対応済みになり、依頼の画面に戻ります。
      </p>
      <p>
        <Link to={`/requests/${requestId}`}>依頼の画面に戻る</Link>
      </p>
    </div>
  );
}
