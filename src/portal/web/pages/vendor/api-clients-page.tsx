import { useState, type FormEvent } from 'react';
import { organizations } from '../../api/endpoints';
import type { ApiClientDto, CreateApiClientDto, CreatedApiClientDto } from '../../api/schema';
import { useMe } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { Empty, ErrorMessage, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { formatDateTime } from '../../lib/format';
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
            <table className="table">
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
                      <td className="small">{client.allowedCidrs.join(', ')}</td>
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

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const allowedCidrs = cidrs
        .split(/[\s,、]+/)
        .map((value) => value.trim())
        .filter(Boolean);
      onCreated(await organizations.createApiClient(orgId, { name: name.trim(), scopes, allowedCidrs }));
      setName('');
      setCidrs('');
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="new-client-title">
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
        <textarea id="client-cidrs" rows={2} required value={cidrs} onChange={(event) => setCidrs(event.target.value)} placeholder="203.0.113.0/24" />
      </div>
      <ErrorMessage error={error} />
      <button type="submit" className="button primary" disabled={busy || scopes.length === 0}>
        作成する
      </button>
    </form>
  );
}
