import { useId, useState } from 'react';
import { Link } from 'react-router';
import { requestFulfilment } from '../api/disclosure-editor';
import { requests } from '../api/endpoints';
import type { DocumentRequestDto } from '../api/schema';
import { useMe } from '../auth/auth-context';
import { formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';
import { ConfirmDialog } from './confirm-dialog';
import { ErrorMessage, Loading } from './feedback';

/** Where to create what a request asks for: the MDS/SDS editor for the product, or the contract's 事業者確認用. */
export function createPathFor(request: DocumentRequestDto): string {
  if (request.kind === 'checklist') return `/contracts/${encodeURIComponent(request.contractId)}${request.fiscalYear ? `?fy=${request.fiscalYear}` : ''}`;
  const query = new URLSearchParams({ requestId: request.id, kind: request.kind, ...(request.product ? { productId: request.product.id } : {}) });
  return `/vendor/disclosures/new?${query.toString()}`;
}

/**
 * You answer a request with only what can succeed: 「提出済みの書類で対応」 when a document you
 * published or submitted matches it (the API lists them: GET …/candidates, by the same rules as
 * fulfilling), otherwise 「書類を作成して対応」, which opens the editor for what it asks; and
 * declining with a reason.
 */
export function AddresseeActions(props: { request: DocumentRequestDto; onChanged: (request: DocumentRequestDto) => void }) {
  // The viewer role reads only (the API answers 403 read_only_role): nothing to offer it.
  if (useMe().role === 'viewer') return <p className="small muted">閲覧のみの権限では、依頼への対応・辞退はできません。</p>;
  return <AddresseeActionsForm {...props} />;
}

function AddresseeActionsForm({ request, onChanged }: { request: DocumentRequestDto; onChanged: (request: DocumentRequestDto) => void }) {
  const id = useId();
  const candidates = useAsync(() => requestFulfilment.candidates(request.id), [request.id]);
  const items = candidates.data?.items ?? [];
  const [chosen, setChosen] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const document = items.find((item) => item.id === chosen) ?? items[0];

  async function run(action: () => Promise<DocumentRequestDto>) {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await action());
      setConfirming(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const fulfil = () => {
    if (!document) return;
    void run(() => requestFulfilment.fulfil(request.id, document.type === 'checklist' ? { checklistId: document.id } : { disclosureId: document.id }));
  };

  return (
    <div className="addressee-actions">
      {candidates.loading && <Loading label="対応できる書類を確認しています…" />}
      {!candidates.loading && items.length > 1 && (
        <div className="field">
          <label htmlFor={`${id}-document`}>対応に使う書類</label>
          <select id={`${id}-document`} value={document?.id ?? ''} onChange={(event) => setChosen(event.target.value)}>
            {items.map((item) => (
              <option key={item.id} value={item.id}>
                {item.label}（{formatDateTime(item.issuedAt)}）
              </option>
            ))}
          </select>
        </div>
      )}
      {!candidates.loading && items.length === 1 && document && <p className="small">対応に使う書類: {document.label}</p>}
      <div className="actions">
        {!candidates.loading && document && (
          <button type="button" className="button small" disabled={busy} onClick={() => setConfirming(true)}>
            提出済みの書類で対応
          </button>
        )}
        {!candidates.loading && !document && (
          <Link className="button small" to={createPathFor(request)}>
            書類を作成して対応
          </Link>
        )}
        <button type="button" className="button small secondary" disabled={busy} aria-expanded={declining} onClick={() => setDeclining(!declining)}>
          辞退する
        </button>
      </div>
      {!candidates.loading && !document && (
        <p className="small muted">
          {request.kind === 'checklist'
            ? 'この契約の事業者確認用チェックリストを提出すると、依頼は自動で対応済みになります。'
            : `${request.product?.name ?? '製品'}の${request.kind}を作成して公開すると、依頼は対応済みになります。`}
        </p>
      )}
      {candidates.error ? <ErrorMessage error={candidates.error} onRetry={candidates.reload} /> : null}
      {declining && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => requests.decline(request.id, reason.trim()));
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-decline`}>辞退の理由（薬局に表示されます）</label>
            <input id={`${id}-decline`} required maxLength={2000} value={reason} onChange={(event) => setReason(event.target.value)} />
          </div>
          <button type="submit" className="button small danger" disabled={busy || !reason.trim()}>
            辞退を送信
          </button>
        </form>
      )}
      {!confirming && <ErrorMessage error={error} />}
      {confirming && document && (
        <ConfirmDialog title="この書類で依頼に対応しますか" confirmLabel="対応済みにする" tone="primary" busy={busy} onConfirm={fulfil} onCancel={() => setConfirming(false)}>
          <p>
            {request.customer.name}からの依頼（{request.kindLabel}
            {request.fiscalYearLabel ? ` ${request.fiscalYearLabel}` : ''}）に「{document.label}」で対応します。薬局に通知され、依頼は対応済みになります。
          </p>
          <ErrorMessage error={error} />
        </ConfirmDialog>
      )}
    </div>
  );
}
