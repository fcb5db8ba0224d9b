import { StringDecoder } from 'node:string_decoder';
import type { Plain } from '../form-registration/workbook-cells';
import { centralDirectory, damaged, Entry, entryStream } from './workbook-archive-guard';

export interface SheetRow {
  sheet: string;
  /** As Excel numbers it. */
  row: number;
  /** By column number (1 = A); blanks are null, an Excel error (#N/A) is { error }. */
  cells: (Plain | { error: string })[];
}

/**
 * Every non-empty row of every sheet, in the book's order, read as a stream: each sheet's XML is
 * inflated and cut into rows as it arrives, so only the shared strings and the row at hand are
 * held — a book of 2,000 customers costs megabytes, not the hundreds a loaded exceljs book holds.
 * (exceljs' own streaming reader loses the book's sheet list now and then when a sheet precedes
 * the shared strings in the ZIP, as in every book Excel and exceljs write.) Values are plain:
 * text, numbers (a date cell reads as its serial number: the readers of date columns take those),
 * booleans. Call assertBoundedAnswerWorkbook first: it bounds what inflating may cost.
 */
export async function* sheetRows(bytes: Buffer): AsyncGenerator<SheetRow> {
  const entries = new Map(centralDirectory(bytes, { maxBytes: bytes.length, maxInflatedBytes: 0 }).map((entry) => [entry.name, entry]));
  const part = (name: string) => entries.get(name);
  const workbook = await text(bytes, part('xl/workbook.xml'));
  const rels = relationships(await text(bytes, part('xl/_rels/workbook.xml.rels')));
  const shared = sharedStrings(await text(bytes, part('xl/sharedStrings.xml')));
  for (const sheet of matches(workbook, /<sheet\b([^>]*?)\/?>/g)) {
    const attributes = attributesOf(sheet[1]);
    const target = rels.get(attributes['r:id'] ?? '');
    const entry = target ? part(target.startsWith('/') ? target.slice(1) : `xl/${target}`) : undefined;
    if (!entry) continue;
    yield* rowsOf(bytes, entry, decode(attributes.name ?? ''), shared);
  }
}

async function* rowsOf(bytes: Buffer, entry: Entry, sheet: string, shared: string[]): AsyncGenerator<SheetRow> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let previousRow = 0;
  const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
  const stream = entryStream(bytes, entry).on('error', () => undefined);
  try {
    for await (const chunk of stream) {
      pending += decoder.write(chunk as Buffer);
      ROW.lastIndex = 0;
      let consumed = 0;
      for (let match = ROW.exec(pending); match; match = ROW.exec(pending)) {
        consumed = ROW.lastIndex;
        const number = Number(attributesOf(match[1]).r) || previousRow + 1;
        previousRow = number;
        const cells = cellsOf(match[2] ?? '', shared);
        if (cells.some((cell) => cell !== null && cell !== undefined)) yield { sheet, row: number, cells };
      }
      pending = pending.slice(consumed);
    }
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('Z_')) throw damaged();
    throw error;
  }
}

const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;

function cellsOf(xml: string, shared: string[]): SheetRow['cells'] {
  const cells: SheetRow['cells'] = [];
  let previous = 0;
  for (const match of matches(xml, CELL)) {
    const attributes = attributesOf(match[1]);
    const column = attributes.r ? columnNumber(attributes.r) : previous + 1;
    previous = column;
    cells[column] = valueOf(attributes.t ?? 'n', match[2] ?? '', shared);
  }
  return cells;
}

function valueOf(type: string, xml: string, shared: string[]): Plain | { error: string } {
  const raw = /<v>([\s\S]*?)<\/v>/.exec(xml)?.[1];
  let value: Plain;
  switch (type) {
    case 's':
      value = shared[Number(raw)] ?? null;
      break;
    case 'inlineStr':
      value = textRuns(xml);
      break;
    case 'str':
    case 'd':
      value = raw === undefined ? null : decode(raw);
      break;
    case 'b':
      value = raw === undefined ? null : raw === '1';
      break;
    case 'e':
      return { error: raw === undefined ? '#ERROR' : decode(raw) };
    default:
      value = raw === undefined || raw === '' ? null : Number(raw);
  }
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  return value;
}

/** The strings a sheet's cells point to; furigana runs (rPh) are the reading, not the text. */
function sharedStrings(xml: string): string[] {
  return matches(xml, /<si>([\s\S]*?)<\/si>/g).map((match) => textRuns(match[1]));
}

function textRuns(xml: string): string {
  return matches(xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, ''), /<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)
    .map((match) => decode(match[1] ?? ''))
    .join('');
}

function relationships(xml: string): Map<string, string> {
  const rels = new Map<string, string>();
  for (const match of matches(xml, /<Relationship\b([^>]*?)\/?>/g)) {
    const attributes = attributesOf(match[1]);
    if (attributes.Id && attributes.Target) rels.set(attributes.Id, decode(attributes.Target));
  }
  return rels;
}

async function text(bytes: Buffer, entry: Entry | undefined): Promise<string> {
  if (!entry) return '';
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of entryStream(bytes, entry)) chunks.push(chunk as Buffer);
  } catch {
    throw damaged();
  }
  return Buffer.concat(chunks).toString('utf8');
}

function attributesOf(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of matches(source, /([\w:]+)\s*=\s*"([^"]*)"/g)) attributes[match[1]] = match[2];
  return attributes;
}

const matches = (text: string, pattern: RegExp): RegExpExecArray[] => [...text.matchAll(pattern)];

function columnNumber(reference: string): number {
  let number = 0;
  for (const letter of /^[A-Z]+/.exec(reference)?.[0] ?? '') number = number * 26 + letter.charCodeAt(0) - 64;
  return number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * XML entities and character references, and Excel's _xHHHH_ escapes of control characters. NUL
 * (which PostgreSQL text cannot hold) and references past Unicode are dropped, never passed on.
 */
function decode(value: string): string {
  return value
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
      if (name.startsWith('#')) return character(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
      return ENTITIES[name] ?? whole;
    })
    .replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => character(parseInt(hex, 16)));
}

const character = (code: number): string => (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '');
