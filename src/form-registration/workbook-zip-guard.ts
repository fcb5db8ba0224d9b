import { inflateRawSync } from 'node:zlib';
import { WORKBOOK_MAX_BYTES, WORKBOOK_MAX_INFLATED_BYTES, WORKBOOK_MAX_PARTS } from './form-workbook-layout';
import { notAWorkbook, workbookTooLarge } from './workbook-problems';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/** The parts every XLSX has; a ZIP without them is some other file. */
const WORKBOOK_PARTS = ['[Content_Types].xml', 'xl/workbook.xml'];

/**
 * Checks, before exceljs sees the bytes, that they are an XLSX whose parts stay within bounds once
 * inflated. exceljs (through JSZip) inflates every part into memory and compares the size only at
 * the end, so a few hundred kilobytes of crafted deflate data could make it hold gigabytes: here
 * each part is inflated with a hard cap on its output first (zlib's maxOutputLength), then dropped.
 */
export function assertBoundedWorkbook(bytes: Buffer): void {
  if (bytes.length > WORKBOOK_MAX_BYTES) {
    throw workbookTooLarge(
      `ファイルが大きすぎます（${bytes.length}バイト、上限${WORKBOOK_MAX_BYTES}バイト）`,
      `the workbook is ${bytes.length} bytes; the limit is ${WORKBOOK_MAX_BYTES}`,
      WORKBOOK_MAX_BYTES,
    );
  }
  const entries = centralDirectory(bytes);
  const names = new Set(entries.map((entry) => entry.name));
  if (!WORKBOOK_PARTS.every((part) => names.has(part))) {
    throw notAWorkbook('ZIPファイルですが、Excelブック（.xlsx）ではありません', 'a ZIP archive, but not an XLSX workbook (no xl/workbook.xml)');
  }
  let inflated = 0;
  for (const entry of entries) inflated += inflatedSize(bytes, entry, WORKBOOK_MAX_INFLATED_BYTES - inflated);
}

interface Entry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function centralDirectory(bytes: Buffer): Entry[] {
  const end = endOfCentralDirectory(bytes);
  if (end < 0) throw notAWorkbook('Excelブック（.xlsx）として読み取れません', 'the body is not an XLSX workbook (not a ZIP archive)');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  if (count > WORKBOOK_MAX_PARTS) {
    throw workbookTooLarge(`ブックの部品が多すぎます（${count}個、上限${WORKBOOK_MAX_PARTS}個）`, `the workbook has ${count} parts; the limit is ${WORKBOOK_MAX_PARTS}`, WORKBOOK_MAX_BYTES);
  }
  const entries: Entry[] = [];
  for (let index = 0; index < count; index++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL_ENTRY) throw damaged();
    const nameLength = bytes.readUInt16LE(at + 28);
    const skip = nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    if (at + 46 + nameLength > bytes.length) throw damaged();
    entries.push({
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      localOffset: bytes.readUInt32LE(at + 42),
      name: bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8'),
    });
    at += 46 + skip;
  }
  return entries;
}

/** The last end-of-central-directory record (it may be followed by a comment of up to 64 KB). */
function endOfCentralDirectory(bytes: Buffer): number {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  return -1;
}

function inflatedSize(bytes: Buffer, entry: Entry, budget: number): number {
  // Bit 0: encrypted. Excel encrypts a whole book as an OLE file, never as ZIP entries.
  if ((entry.flags & 1) !== 0 || (entry.method !== STORED && entry.method !== DEFLATED)) throw damaged();
  const local = entry.localOffset;
  if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL_ENTRY) throw damaged();
  const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  if (start + entry.compressedSize > bytes.length) throw damaged();
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === STORED) {
    if (data.length > budget) throw inflatedTooLarge();
    return data.length;
  }
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw inflatedTooLarge();
    throw damaged();
  }
}

const damaged = () => notAWorkbook('Excelブック（.xlsx）が壊れているため読み取れません', 'the XLSX workbook is damaged (its ZIP structure cannot be read)');

const inflatedTooLarge = () =>
  workbookTooLarge(
    `展開後のブックが大きすぎます（上限${WORKBOOK_MAX_INFLATED_BYTES}バイト）`,
    `the workbook's parts inflate to more than ${WORKBOOK_MAX_INFLATED_BYTES} bytes`,
    WORKBOOK_MAX_BYTES,
  );
