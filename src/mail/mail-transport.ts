import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EmbeddedMailbox } from './embedded-mailbox';

/** A message as it goes out. */
export interface Envelope {
  to: string;
  subject: string;
  text: string;
  /** Extra header fields, already one line each (List-Unsubscribe). */
  headers?: Record<string, string>;
}

/** How long a slow SMTP server may take before the attempt counts as failed (and is retried). */
const CONNECTION_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

/**
 * nodemailer over SMTP: KAIJI_SMTP_URL (smtp:// upgrades with STARTTLS when the server offers it,
 * smtps:// is TLS from the first byte, as the URL says), or the embedded server on loopback.
 * One transporter per process; each message opens its own connection.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private transporter?: Transporter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mailbox: EmbeddedMailbox,
  ) {}

  /** Whether this process can send at all (production without KAIJI_SMTP_URL cannot). */
  get available(): boolean {
    return this.config.mail.transport !== 'none';
  }

  /** Sends one message; resolves with the SMTP server's Message-ID, rejects when it refuses or cannot be reached. */
  async send(envelope: Envelope): Promise<string> {
    const info = await this.open().sendMail({ from: this.config.mail.from, to: envelope.to, subject: envelope.subject, text: envelope.text, headers: envelope.headers });
    return String(info.messageId ?? '');
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }

  private open(): Transporter {
    if (this.transporter) return this.transporter;
    const timeouts = { connectionTimeout: CONNECTION_TIMEOUT_MS, greetingTimeout: CONNECTION_TIMEOUT_MS, socketTimeout: SOCKET_TIMEOUT_MS };
    const { transport, smtpUrl } = this.config.mail;
    if (transport === 'smtp' && smtpUrl) {
      this.transporter = createTransport({ url: smtpUrl, ...timeouts });
    } else if (transport === 'embedded') {
      // Loopback, plain text: the server is this process's own.
      this.transporter = createTransport({ host: '127.0.0.1', port: this.mailbox.port, secure: false, ignoreTLS: true, ...timeouts });
    } else {
      throw new Error('no SMTP server is configured (KAIJI_SMTP_URL)');
    }
    return this.transporter;
  }
}
