import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message the sink accepted, parsed with mailparser. */
export interface SunkMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  messageId: string | null;
  parsed: ParsedMail;
}

/**
 * A real SMTP server on loopback for tests: accepts plain SMTP (no TLS, no AUTH), parses every
 * message with mailparser and keeps it. `refuseNext(address, n)` makes it answer the next n
 * deliveries to that address with a temporary failure (451), as a busy server would.
 */
export class SmtpSink {
  readonly received: SunkMail[] = [];
  private readonly refusals = new Map<string, number>();
  /** Deliveries refused so far, per address. */
  readonly refused = new Map<string, number>();

  private constructor(private readonly server: SMTPServer) {}

  static async start(): Promise<SmtpSink> {
    const holder: { sink?: SmtpSink } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const left = holder.sink?.refusals.get(address.address.toLowerCase()) ?? 0;
        if (left <= 0) return callback();
        holder.sink?.refusals.set(address.address.toLowerCase(), left - 1);
        holder.sink?.refused.set(address.address.toLowerCase(), (holder.sink.refused.get(address.address.toLowerCase()) ?? 0) + 1);
        const error = new Error('4.3.2 Try again later (test refusal)') as Error & { responseCode: number };
        error.responseCode = 451;
        callback(error);
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
            holder.sink?.received.push({ to, from: parsed.from?.text ?? '', subject: parsed.subject ?? '', text: parsed.text ?? '', messageId: parsed.messageId ?? null, parsed });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    const sink = new SmtpSink(server);
    holder.sink = sink;
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  refuseNext(address: string, times = 1): void {
    this.refusals.set(address.toLowerCase(), times);
  }

  /** The messages sent to `address` so far. */
  to(address: string): SunkMail[] {
    return this.received.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Waits until `count` messages to `address` arrived (and returns them), or fails after `timeoutMs`. */
  async waitFor(address: string, count = 1, timeoutMs = 20_000): Promise<SunkMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.to(address);
      if (found.length >= count) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no ${count} message(s) to ${address} within ${timeoutMs} ms (got ${this.to(address).length})`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The reset token in a reset mail's link. */
export function resetTokenIn(mail: SunkMail | { text: string }): string {
  const match = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no reset link in: ${mail.text}`);
  return match[1];
}
