import { useEffect, useId, useRef, useState } from 'react';
import type { WebhookDeliveryDto, WebhookDto } from '../../api/schema';
import { EVENT_LABELS, OVERLAP_CHOICES, webhooks } from '../../api/webhooks';
import { Badge } from '../../components/badges';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Empty, ErrorMessage, Notice } from '../../components/feedback';
import { Pager } from '../../components/pager';
import { formatDateTime } from '../../lib/format';
import { EVENT_TYPE_LABELS, labelOf } from '../../lib/labels';
import { usePaged } from '../../lib/use-async';

const KIND_LABELS: Record<WebhookDeliveryDto['kind'], string> = { event: '通常', ping: 'テスト送信', redelivery: '再送' };
/** How long the page waits for a ping's attempt to be logged (deliveries are queued, then tried within seconds). */
const PING_WAIT_MS = 20_000;

/** A secret answered once (creation, rotation): shown now, never again. */
export function SecretOnce({ title, secret, previousSecretExpiresAt }: { title: string; secret: string; previousSecretExpiresAt?: string | null }) {
  return (
    <Notice tone="success">
      <p>
        <strong>{title}</strong> 署名シークレットは今だけ表示されます。受信側に設定し、安全な場所に保管してください。
      </p>
      <p>
        <code data-testid="webhook-secret" className="break-all">
          {secret}
        </code>
      </p>
      {previousSecretExpiresAt && <p>旧シークレットでの署名は {formatDateTime(previousSecretExpiresAt)} まで併記されます。それまでに受信側を新しいシークレットに切り替えてください。</p>}
    </Notice>
  );
}

type PingResult = { state: 'waiting' } | { state: 'done'; delivery: WebhookDeliveryDto } | { state: 'timeout' };

/** One subscription: its facts, テスト送信, secret rotation with an overlap, and its delivery log with 再送. */
export function WebhookPanel({ subscription, onChanged }: { subscription: WebhookDto; onChanged: (next: WebhookDto) => void }) {
  const id = useId();
  const [version, setVersion] = useState(0);
  const deliveries = usePaged((cursor) => webhooks.deliveries(subscription.id, { cursor, limit: 20 }), [subscription.id, version]);
  const [error, setError] = useState<unknown>();
  const [ping, setPing] = useState<PingResult>();
  const [rotating, setRotating] = useState(false);
  const [overlapHours, setOverlapHours] = useState(24);
  const [rotated, setRotated] = useState<{ secret: string; previousSecretExpiresAt: string | null }>();
  const [redelivering, setRedelivering] = useState<WebhookDeliveryDto>();
  const [redelivered, setRedelivered] = useState<string>();
  const [busy, setBusy] = useState(false);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  async function sendPing() {
    setError(undefined);
    setPing({ state: 'waiting' });
    try {
      const queued = await webhooks.ping(subscription.id);
      const deadline = Date.now() + PING_WAIT_MS;
      while (live.current && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const page = await webhooks.deliveries(subscription.id, { eventId: queued.eventId, limit: 1 });
        if (page.items.length > 0) {
          setPing({ state: 'done', delivery: page.items[0] });
          setVersion((v) => v + 1);
          return;
        }
      }
      setPing({ state: 'timeout' });
    } catch (reason) {
      setPing(undefined);
      setError(reason);
    }
  }

  async function rotate() {
    setBusy(true);
    setError(undefined);
    try {
      const next = await webhooks.rotateSecret(subscription.id, { overlapHours });
      const { secret, ...rest } = next;
      setRotated({ secret, previousSecretExpiresAt: next.previousSecretExpiresAt ?? null });
      onChanged(rest);
      setRotating(false);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  }

  async function redeliver(delivery: WebhookDeliveryDto) {
    setBusy(true);
    setError(undefined);
    try {
      await webhooks.redeliver(subscription.id, delivery.id);
      setRedelivered(delivery.eventId);
      setRedelivering(undefined);
      // The attempt is logged within seconds: show it then.
      setTimeout(() => {
        if (live.current) setVersion((v) => v + 1);
      }, 2_000);
    } catch (reason) {
      setError(reason);
      setRedelivering(undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Webhook の詳細</h2>
      <dl className="facts">
        <dt>送信先URL</dt>
        <dd className="break-all">
          <code>{subscription.url}</code>
        </dd>
        <dt>状態</dt>
        <dd>{subscription.active ? '有効' : '停止中（テスト送信・再送はできません）'}</dd>
        <dt>イベント</dt>
        <dd className="small">{subscription.events.map((type) => EVENT_LABELS[type] ?? type).join('、')}</dd>
        <dt>旧シークレット</dt>
        <dd data-testid="previous-secret-expiry">
          {subscription.previousSecretExpiresAt ? `${formatDateTime(subscription.previousSecretExpiresAt)} まで有効（新旧両方の署名を付けて送信中）` : 'なし（現在のシークレットだけで署名）'}
        </dd>
      </dl>
      {rotated && <SecretOnce title="署名シークレットを更新しました。" secret={rotated.secret} previousSecretExpiresAt={rotated.previousSecretExpiresAt} />}
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" className="button primary" onClick={() => void sendPing()} disabled={!subscription.active || ping?.state === 'waiting'}>
          テスト送信
        </button>
        <button type="button" className="button secondary" onClick={() => setRotating(true)}>
          署名シークレットを更新
        </button>
      </div>
      <div role="status" aria-live="polite" data-testid="ping-result">
        {ping?.state === 'waiting' && <p>テスト送信中です（webhook.ping）…</p>}
        {ping?.state === 'timeout' && <p>送信の結果がまだ記録されていません。少し待ってから配信履歴を確認してください。</p>}
        {ping?.state === 'done' &&
          (ping.delivery.status === 'succeeded' ? (
            <Notice tone="success">テスト送信に成功しました（HTTP {ping.delivery.responseStatus}、{ping.delivery.durationMs} ms）。</Notice>
          ) : (
            <Notice tone="warning">テスト送信に失敗しました：{ping.delivery.error ?? `HTTP ${ping.delivery.responseStatus}`}</Notice>
          ))}
        {redelivered && <p>再送を受け付けました。数秒後に配信履歴に追加されます。</p>}
      </div>

      <h3>配信履歴</h3>
      {!deliveries.loading && !deliveries.error && deliveries.items.length === 0 ? (
        <Empty>配信はまだありません。テスト送信で受信側を確認できます。</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">配信履歴（新しい順）</caption>
            <thead>
              <tr>
                <th scope="col">日時</th>
                <th scope="col">イベント</th>
                <th scope="col">種類</th>
                <th scope="col">結果</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.items.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{formatDateTime(delivery.createdAt)}</td>
                  <td className="small">
                    {labelOf(EVENT_TYPE_LABELS, delivery.eventType)}
                    <div className="muted">
                      <code>{delivery.eventType}</code> ・ 試行 {delivery.attempt}
                    </div>
                  </td>
                  <td>{KIND_LABELS[delivery.kind]}</td>
                  <td>
                    {delivery.status === 'succeeded' ? <Badge tone="ok">成功</Badge> : <Badge tone="bad">失敗</Badge>}
                    <div className="small muted">{delivery.responseStatus ? `HTTP ${delivery.responseStatus}` : (delivery.error ?? '')}</div>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button small secondary"
                      disabled={!subscription.active}
                      onClick={() => setRedelivering(delivery)}
                      aria-label={`再送（${delivery.eventType}、${formatDateTime(delivery.createdAt)}）`}
                    >
                      再送
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager state={deliveries} />

      {rotating && (
        <ConfirmDialog title="署名シークレットを更新しますか？" confirmLabel="更新する" busy={busy} onConfirm={() => void rotate()} onCancel={() => setRotating(false)}>
          <p>新しいシークレットはすぐに署名に使われ、今だけ表示されます。</p>
          <div className="field">
            <label htmlFor={`${id}-overlap`}>旧シークレットを併用する期間</label>
            <select id={`${id}-overlap`} value={overlapHours} onChange={(event) => setOverlapHours(Number(event.target.value))}>
              {OVERLAP_CHOICES.map((choice) => (
                <option key={choice.hours} value={choice.hours}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          <p className="small">この期間は新旧両方の署名を付けて送るため、受信側を切り替えるまで配信が失敗しません。</p>
        </ConfirmDialog>
      )}
      {redelivering && (
        <ConfirmDialog
          title="この配信を再送しますか？"
          tone="primary"
          confirmLabel="再送する"
          busy={busy}
          onConfirm={() => void redeliver(redelivering)}
          onCancel={() => setRedelivering(undefined)}
        >
          <p>
            「{labelOf(EVENT_TYPE_LABELS, redelivering.eventType)}」<code>{redelivering.eventType}</code>（{formatDateTime(redelivering.createdAt)}）を同じ内容でもう一度送ります。
          </p>
          <p className="small">webhook-id は元の配信と同じです。受信側で処理済みなら重複として無視できます。</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
