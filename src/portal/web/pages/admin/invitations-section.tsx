import { useState, type FormEvent } from 'react';
import { INVITATION_STATUS_LABELS, invitations, ROLE_LABELS, type Invitation } from '../../api/invitations';
import type { CreateInvitationDto } from '../../api/schema';
import { Badge } from '../../components/badges';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Empty, ErrorMessage, Notice } from '../../components/feedback';
import { Pager } from '../../components/pager';
import { formatDateTime } from '../../lib/format';
import { usePaged } from '../../lib/use-async';

const STATUS_TONES: Record<Invitation['status'], 'ok' | 'warn' | 'neutral'> = { pending: 'warn', accepted: 'ok', revoked: 'neutral', expired: 'neutral' };

/**
 * The users page's invitations (issue 15): invite by e-mail with a role, see who has not joined
 * yet, resend a link (the old one stops working) or revoke it after a confirmation.
 */
export function InvitationsSection({ orgId }: { orgId: string }) {
  const [version, setVersion] = useState(0);
  const [pendingOnly, setPendingOnly] = useState(true);
  const list = usePaged((cursor) => invitations.list(orgId, { cursor, limit: 25, status: pendingOnly ? 'pending' : undefined }), [orgId, pendingOnly, version]);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [revoking, setRevoking] = useState<Invitation>();
  const [busy, setBusy] = useState(false);
  const reload = () => setVersion((v) => v + 1);

  const resend = (invitation: Invitation) => {
    setError(undefined);
    setNotice(undefined);
    invitations.resend(orgId, invitation.id).then(() => {
      setNotice(`${invitation.email} に招待メールを再送しました。以前のリンクは使えなくなりました。`);
      reload();
    }, setError);
  };

  const revoke = (invitation: Invitation) => {
    setBusy(true);
    invitations
      .revoke(orgId, invitation.id)
      .then(() => {
        setNotice(`${invitation.email} への招待を取り消しました。`);
        reload();
      }, setError)
      .finally(() => {
        setBusy(false);
        setRevoking(undefined);
      });
  };

  return (
    <section className="card" aria-labelledby="invitations-title">
      <h2 id="invitations-title">招待 (Invitations)</h2>
      <InviteForm
        orgId={orgId}
        onInvited={(invitation) => {
          setNotice(`${invitation.email} に招待メールを送りました。リンクの有効期限は ${formatDateTime(invitation.expiresAt)} です。`);
          reload();
        }}
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      <ErrorMessage error={error} />
      {revoking && (
        <ConfirmDialog title="招待を取り消しますか？" confirmLabel="取り消す" busy={busy} onConfirm={() => revoke(revoking)} onCancel={() => setRevoking(undefined)}>
          <p>{revoking.email} への招待リンクは使えなくなります。あとで改めて招待することはできます。</p>
        </ConfirmDialog>
      )}
      <label className="checkbox-inline">
        <input type="checkbox" checked={pendingOnly} onChange={(event) => setPendingOnly(event.target.checked)} /> 承諾待ちのみ
      </label>
      {!list.loading && !list.error && list.items.length === 0 ? (
        <Empty>{pendingOnly ? '承諾待ちの招待はありません。' : '招待はまだありません。'}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">メール</th>
                <th scope="col">権限</th>
                <th scope="col">状態</th>
                <th scope="col">有効期限</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((invitation) => {
                const open = invitation.status === 'pending' || invitation.status === 'expired';
                return (
                  <tr key={invitation.id}>
                    <th scope="row">
                      {invitation.email}
                      {invitation.displayName && <div className="muted small">{invitation.displayName}</div>}
                    </th>
                    <td>{ROLE_LABELS[invitation.role]}</td>
                    <td>
                      <Badge tone={STATUS_TONES[invitation.status]}>{INVITATION_STATUS_LABELS[invitation.status]}</Badge>
                      {invitation.sentCount > 1 && <div className="muted small">送信 {invitation.sentCount} 回</div>}
                    </td>
                    <td>{formatDateTime(invitation.expiresAt)}</td>
                    <td>
                      {open && (
                        <span className="actions">
                          <button type="button" className="button small secondary" aria-label={`${invitation.email} に再送`} onClick={() => resend(invitation)}>
                            再送
                          </button>
                          <button type="button" className="button small danger" aria-label={`${invitation.email} への招待を取り消す`} onClick={() => setRevoking(invitation)}>
                            取り消す…
                          </button>
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager state={list} />
    </section>
  );
}

function InviteForm({ orgId, onInvited }: { orgId: string; onInvited: (invitation: Invitation) => void }) {
  const empty: CreateInvitationDto = { email: '', role: 'member', displayName: '' };
  const [form, setForm] = useState<CreateInvitationDto>(empty);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const displayName = form.displayName?.trim();
      onInvited(await invitations.create(orgId, { email: form.email.trim(), role: form.role, ...(displayName ? { displayName } : {}) }));
      setForm(empty);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-grid" onSubmit={(event) => void submit(event)} aria-label="メールで招待する">
      <div className="field">
        <label htmlFor="invite-email">メールアドレス</label>
        <input id="invite-email" type="email" required autoComplete="off" value={form.email} onChange={(event) => setForm({ ...form, email: event.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="invite-name">名前（任意）</label>
        <input id="invite-name" value={form.displayName ?? ''} onChange={(event) => setForm({ ...form, displayName: event.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="invite-role">権限</label>
        <select id="invite-role" value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value as Invitation['role'] })}>
          {(Object.keys(ROLE_LABELS) as Invitation['role'][]).map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      </div>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? '送信中…' : '招待メールを送る'}
        </button>
      </div>
    </form>
  );
}
