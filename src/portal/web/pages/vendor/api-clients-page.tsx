import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { organizations } from '../../api/endpoints';
import type { ApiClientDto, CreateApiClientDto, CreatedApiClientDto } from '../../api/schema';
import { useMe } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Empty, ErrorMessage, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { formatDateTime } from '../../lib/format';
import { anySourceRanges, splitRanges } from '../../lib/source-ranges';
import { usePaged } from '../../lib/use-async';

type Scope = CreateApiClientDto['scopes'][number];
const SCOPES: { value: Scope; label: string }[] = [
  { value: 'checklists:write', label: '事業者確認用チェックリストの提出' },
  { value: 'disclosures:write', label: 'MDS/SDSの作成・公開' },
  { value: 'products:write', label: '製品の登録' },
  { value: 'contracts:write', label: '契約の申し出・承認' },
  { value: 'threads:write', label: 'スレッドへの回答' },
  { value: 'requests:write', label: '依頼への対応' },
  { value: 'remote-maintenance:write', label: 'リモートメンテナンスの開示' },
  { value: 'webhooks:manage', label: 'Webhookの管理' },
];

/** Vendor systems' API clients (client credentials): create with scopes and source ranges, see the secret once, revoke. */
export function ApiClientsPage() {
  const me = useMe();
  const orgId = me.organization.id;
  const [version, setVersion] = useState(0);
  const list = usePaged((cursor) => organizations.apiClients(orgId, { cursor, limit: 25 }), [orgId, version]);
  const [created, setCreated] = useState<CreatedApiClientDto>();
  const [revoked, setRevoked] = useState<Record<string, ApiClientDto>>({});
  const [error, setError] = useState<unknown>();
  const isAdmin = me.role === 'admin';

  return (
    <>
      <PageHeader title="APIクライアント" en="API clients" />
      <p className="muted">
        レセコンなどの自社システムから Kaiji の API を呼び出すための認証情報です（OAuth 2.0 クライアントクレデンシャル）。接続元のIPアドレス範囲を制限できます（チェックリスト 2-⑬）。
      </p>
      {created && (
        <Notice tone="success">
          <p>
            <strong>{created.name}</strong> を作成しました。シークレットは今だけ表示されます。安全な場所に保管してください。
          </p>
          <dl className="facts">
            <dt>client_id</dt>
            <dd>
              <code>{created.clientId}</code>
            </dd>
            <dt>client_secret</dt>
            <dd>
              <code data-testid="client-secret">{created.clientSecret}</code>
            </dd>
          </dl>
        </Notice>
      )}
      {isAdmin && (
        <CreateClientForm
          orgId={orgId}
          onCreated={(client) => {
            setCreated(client);
            setVersion((v) => v + 1);
          }}
        />
      )}
      <ErrorMessage error={error} />
      <section className="card" aria-labelledby="clients-title">
        <h2 id="clients-title">登録済みのクライアント</h2>
        {!list.loading && !list.error && list.items.length === 0 ? (
          <Empty>APIクライアントはまだありません。</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table api-clients-table">
              <thead>
                <tr>
                  <th scope="col">名前</th>
                  <th scope="col">client_id</th>
                  <th scope="col">権限 (scopes)</th>
                  <th scope="col">接続元</th>
                  <th scope="col">最終利用</th>
                  <th scope="col">状態</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((original) => {
                  const client = revoked[original.id] ?? original;
                  return (
                    <tr key={client.id}>
                      <th scope="row">{client.name}</th>
                      <td>
                        <code>{client.clientId}</code>
                      </td>
                      <td className="small">{client.scopes.join(', ')}</td>
                      <td className="small">
                        {client.allowedCidrs.join(', ')}
                        {client.risks.length > 0 && (
                          <div data-testid="client-risk">
                            <Badge tone="bad">リスク: 接続元の制限なし</Badge>
                            <ul className="risk-list">
                              {client.risks.map((risk) => (
                                <li key={risk.code}>{risk.message}</li>
                              ))}
                            </ul>
                          </div>
                        )}
                      </td>
                      <td>{formatDateTime(client.lastUsedAt)}</td>
                      <td>
                        {client.revoked ? (
                          <Badge tone="neutral">失効</Badge>
                        ) : (
                          <>
                            <Badge tone="ok">有効</Badge>
                            {isAdmin && (
                              <button
                                type="button"
                                className="button small danger"
                                onClick={() => {
                                  if (!window.confirm(`「${client.name}」を失効させますか？このクライアントのトークンはすぐに使えなくなります。`)) return;
                                  organizations.revokeApiClient(orgId, client.id).then((next) => setRevoked((all) => ({ ...all, [next.id]: next })), setError);
                                }}
                              >
                                失効させる
                              </button>
                            )}
                          </>
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
    </>
  );
}

function CreateClientForm({ orgId, onCreated }: { orgId: string; onCreated: (client: CreatedApiClientDto) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['checklists:write', 'disclosures:write']);
  const [cidrs, setCidrs] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  /** Ranges that admit (nearly) any source, waiting for the admin's explicit confirmation. */
  const [confirming, setConfirming] = useState<string[]>();

  async function create(allowAnySource: boolean) {
    setBusy(true);
    setError(undefined);
    const allowedCidrs = splitRanges(cidrs);
    try {
      onCreated(await organizations.createApiClient(orgId, { name: name.trim(), scopes, allowedCidrs, ...(allowAnySource ? { allowAnySource } : {}) }));
      setName('');
      setCidrs('');
      setConfirming(undefined);
    } catch (reason) {
      // The API spotted a range this screen did not: ask, as for the others.
      if (!allowAnySource && reason instanceof ApiError && reason.fieldErrors.some((problem) => problem.field === 'allowedCidrs' && problem.message?.includes('allowAnySource'))) {
        setConfirming(anySourceRanges(allowedCidrs).length > 0 ? anySourceRanges(allowedCidrs) : allowedCidrs);
      } else {
        setError(reason);
        setConfirming(undefined);
      }
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const wide = anySourceRanges(splitRanges(cidrs));
    // allowAnySource is sent only after the admin confirms, in the dialog below.
    if (wide.length > 0) setConfirming(wide);
    else void create(false);
  }

  return (
    <>
      <form className="card" onSubmit={submit} aria-labelledby="new-client-title">
        <h2 id="new-client-title">新しいクライアント</h2>
        <div className="field">
          <label htmlFor="client-name">名前</label>
          <input id="client-name" required value={name} onChange={(event) => setName(event.target.value)} placeholder="レセコン連携" />
        </div>
        <fieldset>
          <legend>権限 (Scopes)</legend>
          <div className="checkbox-list">
            {SCOPES.map((scope) => (
              <label key={scope.value}>
                <input
                  type="checkbox"
                  checked={scopes.includes(scope.value)}
                  onChange={(event) => setScopes(event.target.checked ? [...scopes, scope.value] : scopes.filter((s) => s !== scope.value))}
                />
                {scope.label} <code className="small">{scope.value}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="client-cidrs">接続元のIPアドレス範囲（CIDR、カンマまたは改行区切り）</label>
          <textarea
            id="client-cidrs"
            rows={2}
            required
            value={cidrs}
            onChange={(event) => setCidrs(event.target.value)}
            placeholder="203.0.113.0/24"
            aria-describedby="client-cidrs-help"
          />
          <p id="client-cidrs-help" className="help">
            自社システムの接続元だけを指定してください。/8（IPv6 は /16）より広い範囲は、ほぼすべての接続元を許可するため、確認のうえでのみ登録できます。
          </p>
        </div>
        <ErrorMessage error={error} />
        <button type="submit" className="button primary" disabled={busy || scopes.length === 0}>
          作成する
        </button>
      </form>
      {confirming && (
        <ConfirmDialog
          title="接続元をほぼ制限しないクライアントを作成しますか？"
          confirmLabel="リスクを理解して作成する"
          busy={busy}
          onConfirm={() => void create(true)}
          onCancel={() => setConfirming(undefined)}
        >
          <p>
            次の範囲は、インターネット上のほぼすべての接続元を許可します: <strong>{confirming.join(', ')}</strong>
          </p>
          <ul>
            <li>チェックリスト 2-⑬（接続元の制限）が実質的に無効になります。</li>
            <li>client_secret が漏れると、どこからでもこのクライアントとして API を使われるおそれがあります。</li>
            <li>作成後もこのクライアントは「リスク」として一覧に表示され、監査ログに記録されます。</li>
          </ul>
          <p>できるだけ自社システムの接続元のアドレス範囲に絞ってください。</p>
        </ConfirmDialog>
      )}
    </>
  );
}
