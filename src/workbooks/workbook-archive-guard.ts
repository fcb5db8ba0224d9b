import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { AppError } from '../common/app-error';
import { notAWorkbook, workbookTooLarge } from '../form-registration/workbook-problems';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const WORKBOOK_PARTS = ['[Content_Types].xml', 'xl/workbook.xml'];
/** A customer per sheet: 2,000 sheets, their relations, and the book's own parts. */
const MAX_PARTS = 4_200;

export interface ArchiveLimits {
  maxBytes: number;
  maxInflatedBytes: number;
}

/**
 * The form-registration guard (form-registration/workbook-zip-guard.ts) for answer workbooks: the
 * same checks before exceljs sees the bytes (an XLSX, its parts within bounds once inflated), but
 * with limits for 2,000 customers and inflating as a stream that counts and drops what it inflates,
 * so that checking a 100 MB sheet never holds 100 MB.
 */
export async function assertBoundedAnswerWorkbook(bytes: Buffer, limits: ArchiveLimits): Promise<void> {
  if (bytes.length > limits.maxBytes) {
    throw workbookTooLarge(`ファイルが大きすぎます（${bytes.length}バイト、上限${limits.maxBytes}バイト）`, `the workbook is ${bytes.length} bytes; the limit is ${limits.maxBytes}`, limits.maxBytes);
  }
  const entries = centralDirectory(bytes, limits);
  const names = new Set(entries.map((entry) => entry.name));
  if (!WORKBOOK_PARTS.every((part) => names.has(part))) {
    throw notAWorkbook('ZIPファイルですが、Excelブック（.xlsx）ではありません', 'a ZIP archive, but not an XLSX workbook (no xl/workbook.xml)');
  }
  let budget = limits.maxInflatedBytes;
  for (const entry of entries) budget -= await inflatedSize(bytes, entry, budget, limits);
}

export interface Entry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  localOffset: number;
}

export function centralDirectory(bytes: Buffer, limits: ArchiveLimits): Entry[] {
  const end = endOfCentralDirectory(bytes);
  if (end < 0) throw notAWorkbook('Excelブック（.xlsx）として読み取れません', 'the body is not an XLSX workbook (not a ZIP archive)');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  if (count > MAX_PARTS) throw workbookTooLarge(`ブックの部品が多すぎます（${count}個、上限${MAX_PARTS}個）`, `the workbook has ${count} parts; the limit is ${MAX_PARTS}`, limits.maxBytes);
  const entries: Entry[] = [];
  for (let index = 0; index < count; index++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL_ENTRY) throw damaged();
    const nameLength = bytes.readUInt16LE(at + 28);
    if (at + 46 + nameLength > bytes.length) throw damaged();
    entries.push({
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      localOffset: bytes.readUInt32LE(at + 42),
      name: bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8'),
    });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return entries;
}

function endOfCentralDirectory(bytes: Buffer): number {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  return -1;
}

/** The bytes of an entry as stored (deflated or not), checked to lie within the archive. */
export function storedData(bytes: Buffer, entry: Entry): Buffer {
  if ((entry.flags & 1) !== 0 || (entry.method !== STORED && entry.method !== DEFLATED)) throw damaged();
  const local = entry.localOffset;
  if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL_ENTRY) throw damaged();
  const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  if (start + entry.compressedSize > bytes.length) throw damaged();
  return bytes.subarray(start, start + entry.compressedSize);
}

/** An entry's content as a stream of chunks (inflated as read). */
export function entryStream(bytes: Buffer, entry: Entry): Readable {
  const data = storedData(bytes, entry);
  if (entry.method === STORED) return Readable.from([data]);
  const inflate = createInflateRaw();
  inflate.end(data);
  return inflate;
}

async function inflatedSize(bytes: Buffer, entry: Entry, budget: number, limits: ArchiveLimits): Promise<number> {
  let size = 0;
  try {
    for await (const chunk of entryStream(bytes, entry)) {
      size += (chunk as Buffer).length;
      if (size > budget) throw inflatedTooLarge(limits);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw damaged();
  }
  return size;
}

export const damaged = () => notAWorkbook('Excelブック（.xlsx）が壊れているため読み取れません', 'the XLSX workbook is damaged (its ZIP structure cannot be read)');

const inflatedTooLarge = (limits: ArchiveLimits) =>
  workbookTooLarge(`展開後のブックが大きすぎます（上限${limits.maxInflatedBytes}バイト）`, `the workbook's parts inflate to more than ${limits.maxInflatedBytes} bytes`, limits.maxBytes);
