import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.service';
import type { Principal } from '../access/principal';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import { JobsService } from '../jobs/jobs.service';
import { MAIL_DELIVERY, MailDeliveryWorker } from './mail-delivery.worker';
import { MailKind, oneLine, OutgoingMail } from './mail-message';
import { MailDeliveryDto, MailDeliveryQueryDto, MailStatus } from './mail.dto';

interface DeliveryRow {
  id: string;
  recipient: string;
  subject: string;
  kind: MailKind;
  status: MailStatus;
  attempts: number;
  last_error: string | null;
  smtp_message_id: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  sent_at: Date | null;
}

/**
 * Outgoing mail. `enqueue` writes the message and its delivery job in the caller's transaction: a
 * message exists if and only if what caused it committed (a rolled-back reset sends nothing).
 * `list` shows an organization's admins what was sent to their people, never a body.
 */
@Injectable()
export class MailService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsService,
    private readonly worker: MailDeliveryWorker,
    private readonly access: AccessPolicy,
  ) {}

  async enqueue(manager: EntityManager, mail: OutgoingMail): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO mail_messages (organization_id, recipient_user_id, recipient, subject, kind, body_text) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [mail.organizationId, mail.recipientUserId ?? null, oneLine(mail.to, 320), oneLine(mail.subject, 300), mail.kind, mail.text],
    );
    await this.jobs.send(manager, MAIL_DELIVERY, { messageId: id }, this.worker.jobOptions);
    return id;
  }

  async list(principal: Principal, organizationId: string, query: MailDeliveryQueryDto): Promise<Page<MailDeliveryDto>> {
    // The same people as the accounts themselves: the organization's admins (others 403 inside it, 404 outside).
    this.access.assertCanManageAccounts(principal, organizationId);
    const values: unknown[] = [organizationId];
    const add = (value: unknown) => `$${values.push(value)}`;
    const where = ['organization_id = $1'];
    if (query.status) where.push(`status = ${add(query.status)}`);
    const before = decodeCursor(query.cursor);
    if (before) where.push(`(created_at, id) < (${add(before.createdAt)}, ${add(before.id)}::uuid)`);
    const size = pageSize(query);
    const rows: DeliveryRow[] = await this.db.query(
      `SELECT id, recipient, subject, kind, status, attempts, last_error, smtp_message_id, created_at, last_attempt_at, sent_at
         FROM mail_messages WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT ${add(size + 1)}`,
      values,
    );
    return toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), (row) => ({
      id: row.id,
      recipient: row.recipient,
      subject: row.subject,
      kind: row.kind,
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      smtpMessageId: row.smtp_message_id,
      createdAt: row.created_at.toISOString(),
      lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
      sentAt: row.sent_at?.toISOString() ?? null,
    }));
  }
}
