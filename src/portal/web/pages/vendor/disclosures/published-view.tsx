import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { vendorDisclosures } from '../../../api/disclosure-editor';
import type { DisclosureDto } from '../../../api/schema';
import { useMe } from '../../../auth/auth-context';
import { AnswersTable } from '../../../components/answers-table';
import { Badge } from '../../../components/badges';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { ErrorMessage, Notice } from '../../../components/feedback';
import { formatDateTime } from '../../../lib/format';
import { AttachmentSection } from './attachment-section';

/**
 * A revision as your customers read it (or a draft, read only, for whoever may not change it). The
 * published one can be withdrawn (with a reason they are shown); from the latest revision you start
 * the next one with its answers. Only the author's members who may write are offered either.
 */
export function PublishedView({ disclosure: d, onChanged }: { disclosure: DisclosureDto; onChanged: (next: DisclosureDto) => void }) {
  const id = useId();
  const navigate = useNavigate();
  // An agent's RM-SDS of your product reads here too; only its author changes it.
  const me = useMe();
  const yours = me.organization.id === d.author.id;
  const canChange = yours && me.role !== 'viewer';
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const nextRevision = () =>
    run(async () => {
      const draft = await vendorDisclosures.create({ productId: d.product.id, productVersion: d.productVersion, kind: d.kind, formId: d.newerFormId ?? undefined, copyFrom: 'previous' });
      void navigate(`/vendor/disclosures/${draft.id}`);
    });

  const withdraw = () =>
    run(async () => {
      onChanged(await vendorDisclosures.withdraw(d.id, reason.trim()));
      setWithdrawing(false);
    });

  return (
    <>
      <section className="card">
        {d.status === 'published' && <Notice tone="success">公開中です（{formatDateTime(d.publishedAt)}）。公開先の顧客が閲覧できます。</Notice>}
        {d.status === 'superseded' && <Notice>この版は改訂済みです。顧客には新しい版が表示されます。</Notice>}
        {d.status === 'withdrawn' && (
          <Notice tone="warning">
            取り下げました（{formatDateTime(d.withdrawnAt)}）。理由: {d.withdrawnReason}
          </Notice>
        )}
        {d.status === 'draft' && <Notice>下書きです。顧客にはまだ公開されていません。</Notice>}
        {yours && !canChange && <p className="muted">閲覧のみの権限では、改訂・取り下げはできません。</p>}
        {!yours && <p className="muted">この開示書は{d.author.name}が作成しました。変更・取り下げは作成者が行います。</p>}
        <div className="actions">
          {canChange && (d.status === 'published' || d.status === 'withdrawn') && (
            <button type="button" className="button" disabled={busy} onClick={() => void nextRevision()}>
              この版をもとに改訂版を作成
            </button>
          )}
          {canChange && d.status === 'published' && (
            <button type="button" className="button danger" disabled={busy} onClick={() => setWithdrawing(true)}>
              公開を取り下げる
            </button>
          )}
        </div>
        <ErrorMessage error={error} />
      </section>
      <AttachmentSection disclosureId={d.id} attachment={d.attachment ?? null} editable={false} onAttached={() => undefined} />
      <section className="card" aria-labelledby={`${id}-answers`}>
        <h2 id={`${id}-answers`}>
          あなたの回答 <span className="en">Your answers</span> {d.reviewCount > 0 && <Badge tone="warn">いいえ・対象外 {d.reviewCount}件</Badge>}
        </h2>
        <AnswersTable documentType="disclosure" documentId={d.id} rows={d.answers ?? []} canOpenThreads={false} caption={`${d.kind} のあなたの回答`} />
      </section>
      {withdrawing && (
        <ConfirmDialog title="公開を取り下げますか" confirmLabel="取り下げる" busy={busy} disabled={!reason.trim()} onConfirm={() => void withdraw()} onCancel={() => setWithdrawing(false)}>
          <p>
            {d.product.name} {d.productVersion} の{d.kind}（第{d.revision}版）の公開を取り下げます。顧客には取り下げたことと理由が表示されます。取り下げは元に戻せません（改めて公開するには改訂版を作成します）。
          </p>
          <div className="field">
            <label htmlFor={`${id}-reason`}>取り下げの理由（必須・顧客に表示されます）</label>
            <textarea id={`${id}-reason`} required maxLength={1000} rows={3} value={reason} onChange={(event) => setReason(event.target.value)} />
          </div>
          <ErrorMessage error={error} />
        </ConfirmDialog>
      )}
    </>
  );
}
