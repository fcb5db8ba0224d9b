import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as signed. */
  body: string;
}

/**
 * A webhook receiver on 127.0.0.1 (port 0). `respond` decides each answer (default 200); every
 * request is kept for the test to inspect. Close it in afterAll.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server?: Server;
  respond: (request: ReceivedWebhook, index: number, response: ServerResponse) => void = (_request, _index, response) => response.writeHead(200).end('ok');

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const received = { path: request.url ?? '', headers: request.headers, body };
        this.received.push(received);
        this.respond(received, this.received.length - 1, response);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  to(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Polls until `check` answers something truthy, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A socket-layer fence for the test process: connections to any host other than loopback and the
 * test database are not made — the socket fails at once — and are recorded. Webhook tests keep
 * it up, so even a broken guard cannot send traffic beyond this machine.
 */
export function fenceOutboundConnections(): { attempts: string[]; restore(): void } {
  const database = new URL(process.env.KAIJI_TEST_DATABASE_URL ?? 'postgres://127.0.0.1').hostname;
  const allowed = new Set(['127.0.0.1', '::1', 'localhost', database]);
  const attempts: string[] = [];
  const original = Socket.prototype.connect;
  const spy = jest.spyOn(Socket.prototype, 'connect').mockImplementation(function (this: Socket, ...args: unknown[]) {
    const host = hostOf(args);
    if (host === undefined || allowed.has(host)) return (original as (...a: unknown[]) => Socket).apply(this, args);
    attempts.push(host);
    process.nextTick(() => this.destroy(new Error(`test fence: no connection to ${host}`)));
    return this;
  });
  return { attempts, restore: () => spy.mockRestore() };
}

/** The host of a Socket#connect call: (options), ([options, cb]) as net.connect passes it, or (port, host). */
function hostOf(args: unknown[]): string | undefined {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first && typeof first === 'object') {
    const options = first as { host?: string; path?: string };
    return options.path ? undefined : (options.host ?? 'localhost');
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) return typeof args[1] === 'string' ? args[1] : 'localhost';
  return undefined; // a local (Unix) socket path
}
