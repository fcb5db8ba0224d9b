import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { notificationVisible, SqlParams } from '../access/visibility';
import { AppError } from '../common/app-error';
import { decodeCursor, pageSize, toPage } from '../common/pagination';
import type { EventType } from '../events/events.service';
import { MarkAllReadDto, NotificationDto, NotificationPageDto, NotificationQueryDto } from './notifications.dto';

interface NotificationRow {
  id: string;
  type: EventType;
  title: string;
  body: string | null;
  link: string | null;
  event_id: string;
  subject_type: string | null;
  subject_id: string | null;
  read_at: Date | null;
  created_at: Date;
}

const SELECT_NOTIFICATION = `
  SELECT n.id, n.type, n.title, n.body, n.link, n.event_id, e.subject_type, e.subject_id, n.read_at, n.created_at
    FROM notifications n JOIN domain_events e ON e.id = n.event_id`;

/** Each portal user's own notifications (written by EventsService when events are published). */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(principal: Principal, query: NotificationQueryDto): Promise<NotificationPageDto> {
    const params = new SqlParams();
    const where = [notificationVisible(principal, 'n', params)];
    if (query.unreadOnly) where.push('n.read_at IS NULL');
    const before = decodeCursor(query.cursor);
    if (before) where.push(`(n.created_at, n.id) < (${params.add(before.createdAt)}, ${params.add(before.id)}::uuid)`);
    const size = pageSize(query);
    const rows: NotificationRow[] = await this.db.query(
      `${SELECT_NOTIFICATION} WHERE ${where.join(' AND ')} ORDER BY n.created_at DESC, n.id DESC LIMIT ${params.add(size + 1)}`,
      params.values,
    );
    const page = toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), toNotificationDto);
    return { ...page, unreadCount: await this.unreadCount(principal) };
  }

  /** Marks one read (again: the first reading time is kept). Another user's notification is not found. */
  async markRead(principal: Principal, id: string): Promise<NotificationDto> {
    const params = new SqlParams([id]);
    const [row]: NotificationRow[] = await this.db.query(
      `WITH n AS (UPDATE notifications n SET read_at = coalesce(n.read_at, now())
                   WHERE n.id = $1 AND ${notificationVisible(principal, 'n', params)} RETURNING n.*)
       ${SELECT_NOTIFICATION.replace('FROM notifications n', 'FROM n')}`,
      params.values,
    );
    if (!row) throw AppError.notFound('notification');
    return toNotificationDto(row);
  }

  async markAllRead(principal: Principal): Promise<MarkAllReadDto> {
    const params = new SqlParams();
    const [{ marked }]: { marked: number }[] = await this.db.query(
      `WITH n AS (UPDATE notifications n SET read_at = now() WHERE ${notificationVisible(principal, 'n', params)} AND n.read_at IS NULL RETURNING 1)
       SELECT count(*)::int AS marked FROM n`,
      params.values,
    );
    return { marked, unreadCount: await this.unreadCount(principal) };
  }

  private async unreadCount(principal: Principal): Promise<number> {
    const params = new SqlParams();
    const [{ count }]: { count: number }[] = await this.db.query(
      `SELECT count(*)::int AS count FROM notifications n WHERE ${notificationVisible(principal, 'n', params)} AND n.read_at IS NULL`,
      params.values,
    );
    return count;
  }
}

function toNotificationDto(row: NotificationRow): NotificationDto {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    body: row.body,
    link: row.link,
    eventId: row.event_id,
    subject: row.subject_type && row.subject_id ? { type: row.subject_type, id: row.subject_id } : null,
    read: row.read_at !== null,
    readAt: row.read_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
