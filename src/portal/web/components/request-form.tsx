import { useId, useState, type FormEvent } from 'react';
import { requests } from '../api/endpoints';
import type { CreateDocumentRequestDto, DocumentRequestDto } from '../api/schema';
import { fiscalYearLabel, todayInJapan } from '../lib/format';
import { ErrorMessage } from './feedback';

export type RequestKind = CreateDocumentRequestDto['kind'];

const KIND_LABELS: Record<RequestKind, string> = {
  checklist: '事業者確認用チェックリスト',
  MDS: 'MDS（製造業者による医療情報セキュリティ開示書）',
  SDS: 'SDS（サービス事業者による医療情報セキュリティ開示書）',
  'RM-SDS': 'RM-SDS（リモートメンテナンスのSDS）',
};

export interface RequestTarget {
  contractId: string;
  vendorName: string;
  kind: RequestKind;
  fiscalYear?: number;
  product?: { id: string; name: string };
  /** A chain acting for one of its stores names the store. */
  pharmacyId?: string;
}

/** Asks the vendor (or its agent, for an RM-SDS) of a contract for a document. */
export function RequestForm({ target, onDone, onCancel }: { target: RequestTarget; onDone: (request: DocumentRequestDto) => void; onCancel: () => void }) {
  const id = useId();
  const [kind, setKind] = useState<RequestKind>(target.kind);
  const defaultMessage =
    kind === 'checklist'
      ? `${fiscalYearLabel(target.fiscalYear ?? 0)}の事業者確認用チェックリストのご提出をお願いします。`
      : `「${target.product?.name ?? ''}」の${kind}のご提出をお願いします。`;
  const [message, setMessage] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await requests.create({
        contractId: target.contractId,
        kind,
        fiscalYear: kind === 'checklist' ? target.fiscalYear : undefined,
        productId: kind === 'checklist' ? undefined : target.product?.id,
        pharmacyId: target.pharmacyId,
        message: (message || defaultMessage).trim(),
        dueOn: dueOn || undefined,
      });
      onDone(created);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="request-form card inset" onSubmit={(event) => void submit(event)} aria-label="書類の提出を依頼">
      <p>
        <strong>{target.vendorName}</strong> に提出を依頼します{target.product ? `（製品: ${target.product.name}）` : ''}。
      </p>
      {target.kind !== 'checklist' && (
        <div className="field">
          <label htmlFor={`${id}-kind`}>書類の種類</label>
          <select id={`${id}-kind`} value={kind} onChange={(event) => setKind(event.target.value as RequestKind)}>
            {(['MDS', 'SDS', 'RM-SDS'] as const).map((value) => (
              <option key={value} value={value}>
                {KIND_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
      )}
      {kind === 'checklist' && <p className="muted">書類: {KIND_LABELS.checklist}（{fiscalYearLabel(target.fiscalYear ?? 0)}）</p>}
      <div className="field">
        <label htmlFor={`${id}-message`}>メッセージ (Message)</label>
        <textarea id={`${id}-message`} rows={3} value={message} placeholder={defaultMessage} onChange={(event) => setMessage(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-due`}>期限 (Due date, 任意)</label>
        <input id={`${id}-due`} type="date" min={todayInJapan()} value={dueOn} onChange={(event) => setDueOn(event.target.value)} />
      </div>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          依頼を送信
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          キャンセル
        </button>
      </div>
    </form>
  );
}
