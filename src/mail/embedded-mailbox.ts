import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { mailboxPage } from './mailbox-page';

/** A message the embedded server received, as the mailbox view shows it. */
export interface ReceivedMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string | null;
}

/** The newest messages kept (in memory: the mailbox is for reading the demo's mail, not an archive). */
const KEPT = 200;
/** A message larger than this is refused (Kaiji's own are a few kB). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * Development and demo only (KAIJI_SMTP_URL unset, not production, not a test app): a real SMTP
 * server on loopback that Kaiji sends its mail to, parsed with mailparser and kept in memory, and
 * a mailbox to read it at GET /dev/mailbox (HTML) and /dev/mailbox.json. Registered on Fastify
 * directly, outside /v1 and the OpenAPI document; it does not exist when the server does not run.
 */
@Injectable()
export class EmbeddedMailbox implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Mailbox');
  private readonly received: ReceivedMail[] = [];
  private server?: SMTPServer;
  private listeningPort = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  get running(): boolean {
    return this.server !== undefined;
  }

  /** The loopback port the embedded SMTP server listens on. */
  get port(): number {
    return this.listeningPort;
  }

  /** Newest first. */
  messages(): ReceivedMail[] {
    return [...this.received].reverse();
  }

  async onModuleInit(): Promise<void> {
    if (this.config.mail.transport !== 'embedded' || this.config.production) return;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: MAX_MESSAGE_BYTES,
      banner: 'Kaiji development mailbox',
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.keep({
              id: randomUUID(),
              receivedAt: new Date().toISOString(),
              from: parsed.from?.text ?? '',
              to: (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => v.address ?? '')),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              messageId: parsed.messageId ?? null,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    server.on('error', (error) => this.logger.warn({ err: error }, 'embedded SMTP server error'));
    // Port 0: a free port, so two development instances (or a demo and the browser tests) never collide.
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.listeningPort = (server.server.address() as AddressInfo).port;
    this.server = server;
    this.registerRoutes(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private keep(mail: ReceivedMail): void {
    this.received.push(mail);
    if (this.received.length > KEPT) this.received.splice(0, this.received.length - KEPT);
  }

  private registerRoutes(fastify: FastifyInstance): void {
    const noStore = { 'cache-control': 'no-store', 'x-robots-tag': 'noindex' };
    fastify.get('/dev/mailbox.json', (_request, reply) => reply.headers(noStore).send({ items: this.messages() }));
    fastify.get('/dev/mailbox', (_request, reply) =>
      reply.headers({ ...noStore, 'content-type': 'text/html; charset=utf-8' }).send(mailboxPage(this.messages(), this.port)),
    );
  }
}
