import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { expectAccessible } from './support/accessibility';
import { Api, uniqueSuffix } from './support/api';
import { openBrowser, step, watchErrors, type Browser } from './support/browser';
import { login, visit } from './support/portal-navigation';
import { USER_PASSWORD } from './support/scenario';
import { bothWidths, DESKTOP } from './support/widths';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Issue 16: an admin subscribes a receiver on this machine (the demo allows loopback targets),
 * sees the secret's format and the secret once, sends テスト送信 and reads its result, redelivers a
 * logged delivery after confirming, and rotates the secret choosing how long the old one overlaps.
 * The receiver verifies every delivery with the standardwebhooks library.
 */
describe('webhooks page (headless Chromium)', () => {
  let browser: Browser;
  let errors: string[];
  let server: Server;
  const received: Received[] = [];
  const suffix = uniqueSuffix();
  const admin = { email: `webhooks-${suffix}@browser.example`, displayName: '連携 管理者' };

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const operator = await Api.operator();
    const pharmacy = await operator.post<{ id: string }>('/v1/organizations', { kind: 'pharmacy', name: `連携試験薬局 ${suffix}`, pharmacyCode: String(1e9 + Math.floor(Math.random() * 9e9)) });
    await operator.post(`/v1/organizations/${pharmacy.id}/users`, { ...admin, password: USER_PASSWORD, role: 'admin' });
    browser = await openBrowser(DESKTOP);
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  const receiverUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/kaiji`;
  const verified = (secret: string, delivery: Received) => new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>) as { id: string; type: string };
  const waitForDeliveries = async (count: number) => {
    const deadline = Date.now() + 20_000;
    while (received.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.length).toBeGreaterThanOrEqual(count);
  };

  it('subscribes, tests, redelivers and rotates with an overlap', async () => {
    const { page } = browser;
    let secret = '';

    await step(page, 'webhooks-empty', async () => {
      await login(page, admin.email, USER_PASSWORD);
      await visit(page, 'Webhook', 'Webhook');
      await page.getByText('署名シークレットの形式と検証のしかた').click();
      await page.getByText(/続く部分は32バイトの乱数の base64/).waitFor();
      await expectAccessible(page, 'webhooks-empty');
      await bothWidths(page, 'webhooks-01-empty');
    });

    await step(page, 'webhooks-subscribe', async () => {
      await page.getByLabel('送信先URL').fill(receiverUrl());
      await page.getByLabel('説明（任意）').fill('手元の受信プログラム');
      await page.getByRole('button', { name: '登録する' }).click();
      secret = (await page.getByTestId('webhook-secret').first().textContent()) ?? '';
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      await page.getByRole('heading', { name: 'Webhook の詳細' }).waitFor();
      await expectAccessible(page, 'webhooks-subscribed');
    });

    await step(page, 'webhooks-ping', async () => {
      await page.getByRole('button', { name: 'テスト送信', exact: true }).click();
      await page.getByTestId('ping-result').getByText(/テスト送信に成功しました（HTTP 204/).waitFor({ timeout: 25_000 });
      await waitForDeliveries(1);
      expect(verified(secret, received[0])).toEqual(expect.objectContaining({ type: 'webhook.ping' }));
      await page.getByRole('cell', { name: /webhook\.ping/ }).first().waitFor();
      await expectAccessible(page, 'webhooks-pinged');
      await bothWidths(page, 'webhooks-02-pinged');
    });

    await step(page, 'webhooks-redeliver', async () => {
      await page.getByRole('button', { name: /^再送（webhook\.ping、/ }).first().click();
      const dialog = page.getByRole('dialog', { name: 'この配信を再送しますか？' });
      await dialog.waitFor();
      await expectAccessible(page, 'webhooks-redeliver-dialog');
      await dialog.getByRole('button', { name: '再送する' }).click();
      await page.getByText('再送を受け付けました。').waitFor();
      await waitForDeliveries(2);
      // The same event again: the same webhook-id, receivers deduplicate on it.
      expect(verified(secret, received[1]).id).toBe(verified(secret, received[0]).id);
      await page.getByRole('cell', { name: '再送', exact: true }).first().waitFor({ timeout: 10_000 });
    });

    await step(page, 'webhooks-rotate', async () => {
      const old = secret;
      await page.getByRole('button', { name: '署名シークレットを更新' }).click();
      const dialog = page.getByRole('dialog', { name: '署名シークレットを更新しますか？' });
      await dialog.getByLabel('旧シークレットを併用する期間').selectOption({ label: '7日間（最長）' });
      await expectAccessible(page, 'webhooks-rotate-dialog');
      await dialog.getByRole('button', { name: '更新する' }).click();
      await page.getByText('署名シークレットを更新しました。').waitFor();
      secret = (await page.getByTestId('webhook-secret').last().textContent()) ?? '';
      expect(secret).not.toBe(old);
      await page.getByText(/旧シークレットでの署名は .* まで併記されます/).waitFor();
      await page.getByTestId('previous-secret-expiry').getByText(/まで有効（新旧両方の署名を付けて送信中）/).waitFor();
      // A delivery now carries both signatures: each secret verifies it.
      await page.getByRole('button', { name: 'テスト送信', exact: true }).click();
      await waitForDeliveries(3);
      for (const key of [secret, old]) expect(verified(key, received[2]).type).toBe('webhook.ping');
      await expectAccessible(page, 'webhooks-rotated');
      await bothWidths(page, 'webhooks-03-rotated');
    });
    expect(errors).toEqual([]);
  });
});
