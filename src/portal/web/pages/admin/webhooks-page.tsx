import { useState, type FormEvent } from 'react';
import type { CreateWebhookDto, WebhookDto, WebhookWithSecretDto } from '../../api/schema';
import { EVENT_LABELS, webhooks } from '../../api/webhooks';
import { useMe } from '../../auth/auth-context';
import { Badge } from '../../components/badges';
import { Empty, ErrorMessage, Notice } from '../../components/feedback';
import { PageHeader } from '../../components/layout';
import { Pager } from '../../components/pager';
import { formatDateTime } from '../../lib/format';
import { usePaged } from '../../lib/use-async';
import { SecretOnce, WebhookPanel } from './webhook-panel';

type EventType = CreateWebhookDto['events'][number];
const EVENT_TYPES = Object.keys(EVENT_LABELS) as EventType[];

/**
 * The organization's webhook subscriptions (admins): subscribe a URL, see the secret once, test it
 * (テスト送信), read the delivery log and redeliver, rotate the secret with an overlap.
 */
export function WebhooksPage() {
  const me = useMe();
  const [version, setVersion] = useState(0);
  const list = usePaged((cursor) => webhooks.list({ cursor, limit: 25 }), [version]);
  const [created, setCreated] = useState<WebhookWithSecretDto>();
  const [selectedId, setSelectedId] = useState<string>();
  const [changed, setChanged] = useState<Record<string, WebhookDto>>({});
  const subscriptions = list.items.map((item) => changed[item.id] ?? item);
  const selected = subscriptions.find((item) => item.id === selectedId);

  return (
    <>
      <PageHeader title="Webhook" en="Webhooks" />
      <p className="muted">
        契約の提案や書類の公開などの出来事を、自社システムのURLへ署名付きで通知します（Standard Webhooks 形式）。受信側は <code>webhook-signature</code>{' '}
        ヘッダーの署名を検証してください。
      </p>
      <SecretFormat />
      {me.role !== 'admin' ? (
        <Notice tone="warning">Webhook の設定は組織の管理者だけが行えます。</Notice>
      ) : (
        <>
          {created && <SecretOnce title={`「${created.url}」を登録しました。`} secret={created.secret} />}
          <CreateWebhookForm
            onCreated={(subscription) => {
              setCreated(subscription);
              setSelectedId(subscription.id);
              setVersion((v) => v + 1);
            }}
          />
          <section className="card" aria-labelledby="webhooks-title">
            <h2 id="webhooks-title">登録済みの Webhook</h2>
            {!list.loading && !list.error && subscriptions.length === 0 ? (
              <Empty>Webhook はまだ登録されていません。</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table webhooks-table">
                  <thead>
                    <tr>
                      <th scope="col">送信先URL</th>
                      <th scope="col">イベント</th>
                      <th scope="col">状態</th>
                      <th scope="col">登録日時</th>
                      <th scope="col">操作</th>
                    </tr>
                  </thead>
                  <tbody>
                    {subscriptions.map((subscription) => (
                      <tr key={subscription.id} aria-current={subscription.id === selectedId ? 'true' : undefined}>
                        <th scope="row" className="break-all">
                          <code>{subscription.url}</code>
                          {subscription.description && <div className="small muted">{subscription.description}</div>}
                        </th>
                        <td className="small">{subscription.events.length}種類</td>
                        <td>{subscription.active ? <Badge tone="ok">有効</Badge> : <Badge tone="neutral">停止中</Badge>}</td>
                        <td>{formatDateTime(subscription.createdAt)}</td>
                        <td>
                          <button type="button" className="button small secondary" onClick={() => setSelectedId(subscription.id)} aria-label={`詳細・テスト送信（${subscription.url}）`}>
                            詳細・テスト送信
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager state={list} />
          </section>
          {selected && <WebhookPanel key={selected.id} subscription={selected} onChanged={(next) => setChanged((all) => ({ ...all, [next.id]: next }))} />}
        </>
      )}
    </>
  );
}

/** What the secret is and how a receiver uses it (shown before any secret is). */
function SecretFormat() {
  return (
    <details className="card">
      <summary>署名シークレットの形式と検証のしかた</summary>
      <ul>
        <li>
          シークレットは <code>whsec_</code> で始まり、続く部分は32バイトの乱数の base64 です。署名の鍵は base64 を復号したバイト列です。
        </li>
        <li>
          各配信には <code>webhook-id</code>（イベントID。再試行・再送でも同じなので重複排除に使えます）、<code>webhook-timestamp</code>、
          <code>webhook-signature</code>（<code>v1,…</code>。鍵の更新直後は空白区切りで2つ）が付きます。
        </li>
        <li>
          検証は Standard Webhooks のライブラリ（npm <code>standardwebhooks</code> の <code>new Webhook(secret).verify(body, headers)</code> など）にシークレットをそのまま渡してください。
        </li>
        <li>
          以前に発行された <code>-</code> や <code>_</code> を含むシークレットも引き続き使えます。ライブラリに渡す前に <code>-</code>→<code>+</code>、<code>_</code>→<code>/</code>{' '}
          に置き換え、長さが4の倍数になるよう <code>=</code> を補ってください（または鍵を更新してください）。
        </li>
      </ul>
    </details>
  );
}

function CreateWebhookForm({ onCreated }: { onCreated: (subscription: WebhookWithSecretDto) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<EventType[]>(['contract.proposed', 'disclosure.published']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onCreated(await webhooks.create({ url: url.trim(), events, ...(description.trim() ? { description: description.trim() } : {}) }));
      setUrl('');
      setDescription('');
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="new-webhook-title">
      <h2 id="new-webhook-title">新しい Webhook</h2>
      <div className="field">
        <label htmlFor="webhook-url">送信先URL</label>
        <input id="webhook-url" type="url" required value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://hooks.example.jp/kaiji" aria-describedby="webhook-url-help" />
        <p id="webhook-url-help" className="help">
          https のURLを指定してください。社内ネットワークのアドレスには送信できません（デモでは手元の受信プログラム <code>http://127.0.0.1:4000/kaiji</code> を指定できます）。
        </p>
      </div>
      <div className="field">
        <label htmlFor="webhook-description">説明（任意）</label>
        <input id="webhook-description" value={description} maxLength={500} onChange={(event) => setDescription(event.target.value)} placeholder="レセコン連携" />
      </div>
      <fieldset>
        <legend>受け取るイベント</legend>
        <div className="checkbox-list">
          {EVENT_TYPES.map((type) => (
            <label key={type}>
              <input type="checkbox" checked={events.includes(type)} onChange={(event) => setEvents(event.target.checked ? [...events, type] : events.filter((t) => t !== type))} />
              {EVENT_LABELS[type]} <code className="small">{type}</code>
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorMessage error={error} />
      <button type="submit" className="button primary" disabled={busy || events.length === 0}>
        {busy ? '登録中…' : '登録する'}
      </button>
    </form>
  );
}
