import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.service';
import type { Principal } from '../access/principal';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import { JobsService } from '../jobs/jobs.service';
import { MAIL_DELIVERY, MailDeliveryWorker } from './mail-delivery.worker';
import { MailKind, oneLine, oneLineHeaders, OutgoingMail } from './mail-message';
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
      `INSERT INTO mail_messages (organization_id, recipient_user_id, recipient, subject, kind, body_text, headers) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [mail.organizationId, mail.recipientUserId ?? null, oneLine(mail.to, 320), oneLine(mail.subject, 300), mail.kind, mail.text, oneLineHeaders(mail.headers)],
    );
    await this.jobs.send(manager, MAIL_DELIVERY, { messageId: id }, this.worker.jobOptions);
    return id;
  }

  /** Many messages in two statements (one INSERT, one bulk job insert), e.g. a bulk submission's notification mail. */
  async enqueueMany(manager: EntityManager, mails: OutgoingMail[]): Promise<string[]> {
    if (mails.length === 0) return [];
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO mail_messages (organization_id, recipient_user_id, recipient, subject, kind, body_text, headers)
       SELECT m.organization_id, m.recipient_user_id, m.recipient, m.subject, m.kind, m.body_text, m.headers::jsonb
         FROM jsonb_to_recordset($1::jsonb) AS m(organization_id uuid, recipient_user_id uuid, recipient text, subject text, kind text, body_text text, headers text)
       RETURNING id`,
      [
        JSON.stringify(
          mails.map((mail) => ({
            organization_id: mail.organizationId,
            recipient_user_id: mail.recipientUserId ?? null,
            recipient: oneLine(mail.to, 320),
            subject: oneLine(mail.subject, 300),
            kind: mail.kind,
            body_text: mail.text,
            headers: oneLineHeaders(mail.headers),
          })),
        ),
      ],
    );
    const ids = rows.map((row) => row.id);
    await this.jobs.sendMany(manager, MAIL_DELIVERY, ids.map((messageId) => ({ messageId })), this.worker.jobOptions);
    return ids;
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
