import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { Cleanup } from './harness';

export interface Delivery {
  eventId: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
  /** We answered 200 on a live connection (the sender was still there to hear it). */
  answered: boolean;
  /** The sender's connection closed before our answer: it died mid-delivery. */
  abandoned: boolean;
}

/**
 * A webhook receiver on 127.0.0.1 that holds every request `holdMs()` before answering 200, so
 * deliveries are in flight long enough for a sender to be killed in the middle of them.
 */
export class SlowReceiver {
  readonly deliveries: Delivery[] = [];
  private server?: Server;
  inFlight = 0;

  constructor(private readonly holdMs: () => number) {}

  async start(cleanup: Cleanup): Promise<this> {
    const server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const delivery: Delivery = { eventId: String(request.headers['webhook-id'] ?? ''), headers: request.headers, body, receivedAt: Date.now(), answered: false, abandoned: false };
        this.deliveries.push(delivery);
        this.inFlight += 1;
        let done = false;
        const finish = (abandoned: boolean) => {
          if (done) return;
          done = true;
          this.inFlight -= 1;
          delivery.abandoned = abandoned;
        };
        response.on('close', () => finish(!delivery.answered));
        setTimeout(() => {
          if (response.destroyed || request.socket.destroyed) return finish(true);
          delivery.answered = true;
          response.writeHead(200).end('ok');
          finish(false);
        }, this.holdMs());
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.add('webhook receiver', () => this.close());
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}${path}`;
  }

  /** Event ids answered 200 at least once. */
  delivered(): Set<string> {
    return new Set(this.deliveries.filter((d) => d.answered).map((d) => d.eventId));
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/**
 * Kaiji's documented check (README), by the standardwebhooks library: the signature it computes for
 * the delivery's id, timestamp and body is among those sent. (Its verify() would also refuse
 * timestamps older than 5 minutes, and this run checks every delivery at its end.)
 */
export function signatureValid(secret: string, delivery: Delivery): boolean {
  const id = String(delivery.headers['webhook-id'] ?? '');
  const timestamp = Number(delivery.headers['webhook-timestamp']);
  if (!id || !Number.isInteger(timestamp)) return false;
  const expected = new Webhook(secret).sign(id, new Date(timestamp * 1000), delivery.body);
  return String(delivery.headers['webhook-signature'] ?? '').split(' ').includes(expected);
}
