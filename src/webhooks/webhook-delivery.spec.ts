import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import type { AppConfig } from '../config/app-config';
import { postWebhook } from './webhook-sender';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { newSigningSecret, signedHeaders, signingKey } from './webhook-signature';
import { HostResolver, ResolvedAddress, TargetRefused, WebhookTargets } from './webhook-targets';

/** A resolver answering from a table, so no test depends on (or sends) real DNS traffic. */
class TableResolver extends HostResolver {
  readonly asked: string[] = [];
  constructor(private readonly table: Record<string, string[]>) {
    super();
  }
  override async lookup(host: string): Promise<ResolvedAddress[]> {
    this.asked.push(host);
    const addresses = this.table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }
}

const config = (production: boolean, allowPrivate: boolean) =>
  ({ production, webhooks: { allowPrivateAddresses: allowPrivate, retryLimit: 8, retryDelaySeconds: 30 } }) as AppConfig;

const refusal = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TargetRefused) return error.message;
    throw error;
  }
  throw new Error('the target was accepted');
};

describe('webhook targets', () => {
  const resolver = new TableResolver({
    'hooks.pharmacy.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'mixed.example': ['93.184.215.14', '10.0.0.7'],
    'metadata.example': ['169.254.169.254'],
    'v6-private.example': ['fd00::1'],
  });

  it('resolves a public host to every address it has, each checked', async () => {
    const target = await new WebhookTargets(config(true, false), resolver).resolve('https://hooks.pharmacy.example/kaiji');
    expect(target.addresses.map((a) => a.address)).toEqual(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']);
    expect(target.url.hostname).toBe('hooks.pharmacy.example');
  });

  it('refuses a host when any one of its addresses is not allowed', async () => {
    const targets = new WebhookTargets(config(false, false), resolver);
    expect(await refusal(targets.resolve('http://mixed.example/'))).toBe('must not resolve to a private address (mixed.example is 10.0.0.7)');
    expect(await refusal(targets.resolve('http://metadata.example/latest'))).toBe('must not resolve to a link-local address (metadata.example is 169.254.169.254)');
    expect(await refusal(targets.resolve('http://v6-private.example/'))).toContain('unique-local');
    expect(await refusal(targets.resolve('http://nowhere.example/'))).toBe('names a host that does not resolve (nowhere.example)');
  });

  it('judges IP literals without asking DNS', async () => {
    const targets = new WebhookTargets(config(false, false), resolver);
    resolver.asked.length = 0;
    expect(await refusal(targets.resolve('http://[::1]:9000/'))).toBe('must not point at a loopback address (::1)');
    expect(await refusal(targets.resolve('http://0x7f.1/'))).toBe('must not point at a loopback address (127.0.0.1)');
    expect((await targets.resolve('http://93.184.215.14/hook')).addresses).toEqual([{ address: '93.184.215.14', family: 4 }]);
    expect(resolver.asked).toEqual([]);
  });

  it('requires https in production', async () => {
    expect(await refusal(new WebhookTargets(config(true, false), resolver).resolve('http://hooks.pharmacy.example/'))).toBe('must use https');
  });

  it('lets tests allow loopback and private networks, never link-local', async () => {
    const targets = new WebhookTargets(config(false, true), resolver);
    await expect(targets.resolve('http://127.0.0.1:9000/')).resolves.toEqual(expect.objectContaining({ addresses: [{ address: '127.0.0.1', family: 4 }] }));
    await expect(targets.resolve('http://mixed.example/')).resolves.toBeDefined();
    expect(await refusal(targets.resolve('http://metadata.example/'))).toContain('link-local');
  });
});

describe('webhook sender', () => {
  let server: Server;
  let port: number;
  const received: { host?: string; body: string; headers: IncomingMessage['headers'] }[] = [];
  let answer: (response: ServerResponse) => void = (response) => response.writeHead(204).end();

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ host: request.headers.host, body, headers: request.headers });
        answer(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    received.length = 0;
  });

  const target = (host: string) => ({ url: new URL(`http://${host}:${port}/in?x=1`), addresses: [{ address: '127.0.0.1', family: 4 }] });

  // hooks.kaiji.test resolves nowhere (.test is reserved): the request can only reach the pinned address.
  it('connects to the checked address, never asking DNS, and keeps the host name for the request', async () => {
    const status = await postWebhook({ target: target('hooks.kaiji.test'), body: '{"a":1}', headers: { 'webhook-id': 'e1' }, timeoutMs: 5_000 });
    expect(status).toBe(204);
    expect(received).toEqual([expect.objectContaining({ host: `hooks.kaiji.test:${port}`, body: '{"a":1}' })]);
    expect(received[0].headers).toEqual(expect.objectContaining({ 'content-type': 'application/json', 'webhook-id': 'e1', 'user-agent': 'Kaiji-Webhooks/1' }));
  });

  it('answers the status of a failing receiver and does not follow redirects', async () => {
    answer = (response) => response.writeHead(500).end('boom');
    expect(await postWebhook({ target: target('hooks.kaiji.test'), body: '{}', headers: {}, timeoutMs: 5_000 })).toBe(500);
    answer = (response) => response.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data' }).end();
    expect(await postWebhook({ target: target('hooks.kaiji.test'), body: '{}', headers: {}, timeoutMs: 5_000 })).toBe(302);
    expect(received).toHaveLength(2);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    answer = () => undefined;
    await expect(postWebhook({ target: target('slow.kaiji.test'), body: '{}', headers: {}, timeoutMs: 300 })).rejects.toThrow('no response within 0.3 s');
    answer = (response) => response.writeHead(204).end();
  });
});

describe('webhook signatures (Standard Webhooks)', () => {
  const body = JSON.stringify({ id: 'f0e1', type: 'contract.proposed', data: { contractId: 'c1' } });
  const at = new Date(Date.now() - 1_500); // any instant: the header carries whole seconds

  it('signs "<id>.<timestamp>.<body>" with HMAC-SHA256 keyed by the decoded secret, as the specification spells it', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(signingKey(secret)).toHaveLength(32);
    const headers = signedHeaders('msg_1', at, body, [secret]);
    const seconds = Math.floor(at.getTime() / 1000);
    const expected = createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(`msg_1.${seconds}.${body}`).digest('base64');
    expect(headers).toEqual({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(seconds), 'webhook-signature': `v1,${expected}` });
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('the library refuses a changed body, another secret or a stale timestamp', () => {
    const secret = newSigningSecret();
    const headers = signedHeaders('msg_2', at, body, [secret]);
    expect(() => new Webhook(secret).verify(body.replace('c1', 'c2'), { ...headers })).toThrow(WebhookVerificationError);
    expect(() => new Webhook(newSigningSecret()).verify(body, { ...headers })).toThrow(WebhookVerificationError);
    const stale = signedHeaders('msg_2', new Date(Date.now() - 10 * 60_000), body, [secret]);
    expect(() => new Webhook(secret).verify(body, { ...stale })).toThrow(WebhookVerificationError);
  });

  it('carries one signature per secret during a rotation overlap: each secret verifies alone', () => {
    const [current, previous] = [newSigningSecret(), newSigningSecret()];
    const headers = signedHeaders('msg_3', at, body, [current, previous]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [current, previous]) expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('keeps signing with a secret issued before Standard Webhooks (base64url, unpadded): same key bytes as its standard-base64 form', () => {
    const bytes = Buffer.from('fb'.repeat(16) + 'ff'.repeat(16), 'hex'); // encodes with - and _ in base64url
    const legacy = `whsec_${bytes.toString('base64url')}`;
    expect(legacy).toMatch(/[-_]/);
    expect(signingKey(legacy)).toEqual(bytes);
    const headers = signedHeaders('msg_4', at, body, [legacy]);
    // What the README tells a receiver holding such a secret: convert it to standard base64.
    const converted = `whsec_${bytes.toString('base64')}`;
    expect(new Webhook(converted).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('refuses a secret that is not a whsec_ key of at least 24 bytes', () => {
    expect(() => signingKey('not-a-secret')).toThrow(/whsec_/);
    expect(() => signingKey('whsec_c2hvcnQ=')).toThrow(/24 bytes/);
  });
});
