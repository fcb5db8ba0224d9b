import { HttpStatus } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppError } from '../common/app-error';

/** The conditional headers of a write, as sent. */
export interface WriteConditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

/** What identifies one state of a mutable record: its id, its revision where it has them, and when it last changed. */
export interface RecordVersion {
  id: string;
  revision?: number | null;
  updatedAt: string | Date;
}

/**
 * A strong ETag (RFC 9110 §8.8.3) for one state of a record. Every write moves `updated_at` (a
 * trigger, migration IncrementalSync), so the tag changes with every write and only then; the
 * reader and the writer derive it from the same three values, never from the serialized body.
 */
export function entityTag(version: RecordVersion): string {
  const updatedAt = version.updatedAt instanceof Date ? version.updatedAt.toISOString() : new Date(version.updatedAt).toISOString();
  const digest = createHash('sha256').update(`${version.id}\n${version.revision ?? ''}\n${updatedAt}`).digest('base64url').slice(0, 27);
  return `"${digest}"`;
}

/** The entity tags of an If-Match or If-None-Match header ('*' stays '*'); weak tags keep their W/ prefix. */
export function parseEntityTags(header: string | undefined): string[] {
  if (header === undefined) return [];
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/"x" matches "x". */
export function noneMatchHits(header: string | undefined, current: string): boolean {
  const strip = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
  return parseEntityTags(header).some((tag) => tag === '*' || strip(tag) === current);
}

export const PRECONDITION_FAILED = 'precondition_failed';

/**
 * If-Match on a write (RFC 9110 §13.1.1, strong comparison): absent, the write goes ahead as it
 * always did (older integrations send none); present, it must name the current state, or '*' for
 * "any state, as long as the record exists". Otherwise 412 with the current tag, so the caller can
 * re-read, merge and retry. Called inside the writing transaction after the record is locked.
 */
export function assertIfMatch(ifMatch: string | undefined, current: RecordVersion | null): void {
  const tags = parseEntityTags(ifMatch);
  if (tags.length === 0) return;
  const currentTag = current ? entityTag(current) : null;
  if (currentTag && tags.some((tag) => tag === '*' || tag === currentTag)) return;
  throw preconditionFailed(currentTag);
}

/**
 * If-None-Match: * on a write that may create the record (RFC 9110 §13.1.2): only if there is
 * none yet, so that two editors who both found nothing do not both "create" it.
 */
export function assertIfNoneMatch(ifNoneMatch: string | undefined, current: RecordVersion | null): void {
  if (!current || !parseEntityTags(ifNoneMatch).includes('*')) return;
  throw preconditionFailed(entityTag(current));
}

function preconditionFailed(currentTag: string | null): AppError {
  return new AppError(
    HttpStatus.PRECONDITION_FAILED,
    PRECONDITION_FAILED,
    'Precondition failed',
    '他の利用者またはシステムが先に更新しました。最新の内容を読み直してから、もう一度保存してください (the record changed since you read it: If-Match does not name its current ETag; read it again, merge your changes and retry).',
    { currentEtag: currentTag },
  );
}
