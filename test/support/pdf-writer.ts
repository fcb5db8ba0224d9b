import { deflateSync } from 'node:zlib';

/**
 * A PDF written byte by byte (test/support/hostile-pdfs.ts builds its files with it): every object
 * where the test puts it, cross-reference tables or streams naming the definitions the test
 * chooses, object streams, incremental updates.
 */

/** One object as written: its number and value (PDF syntax); a stream's bytes follow its dictionary. */
export interface PdfObject {
  id: number;
  value: string;
  stream?: Buffer;
}

/** One revision of the file: the original, or an incremental update appended after it. */
export interface Revision {
  /** Objects in the body, in order; the same number twice is a shadowed definition. */
  objects: PdfObject[];
  /** Objects packed into one compressed object stream (the cross-reference is then a stream too). */
  packed?: PdfObject[];
  /** Which of two definitions of one number the cross-reference names: the first (default) or the last. */
  xrefNames?: 'first' | 'last';
  /** Entries that point at a definition of an earlier revision instead of this one's (number → revision index). */
  pointBackTo?: Record<number, number>;
  /** Objects written in the body but left out of the cross-reference table. */
  unlisted?: number[];
}

/** The bytes of a PDF of one or more revisions (the later ones incremental updates with /Prev); object 1 is the catalog. */
export function writePdf(revisions: Revision[]): Buffer {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = chunks[0].length;
  const write = (bytes: Buffer | string) => {
    const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
    chunks.push(buffer);
    length += buffer.length;
  };
  const allIds = revisions.flatMap((r) => [...r.objects, ...(r.packed ?? [])].map((o) => o.id));
  let nextId = allIds.reduce((max, id) => Math.max(max, id), 0) + 1;
  const offsetsByRevision: Map<number, number>[] = [];
  let previousXref: number | undefined;
  for (const revision of revisions) {
    /** Offset (type 1) or [object stream, index] (type 2) per object number this revision defines. */
    const entries = new Map<number, number | [number, number]>();
    const offsets = new Map<number, number>();
    for (const object of revision.objects) {
      const at = length;
      write(objectBytes(object));
      if (!offsets.has(object.id) || revision.xrefNames === 'last') offsets.set(object.id, at);
    }
    for (const [id, at] of offsets) if (!revision.unlisted?.includes(id)) entries.set(id, at);
    for (const [id, index] of Object.entries(revision.pointBackTo ?? {})) {
      entries.set(Number(id), offsetsByRevision[index].get(Number(id)) as number);
    }
    offsetsByRevision.push(offsets);
    const size = revision.packed ? nextId + 2 : nextId;
    const trailerKeys = `/Size ${size} /Root 1 0 R${previousXref === undefined ? '' : ` /Prev ${previousXref}`}`;
    const xrefAt = length;
    if (revision.packed) {
      const streamId = nextId++;
      const xrefId = nextId++;
      const objectStream = packObjects(streamId, revision.packed);
      revision.packed.forEach((object, index) => entries.set(object.id, [streamId, index]));
      entries.set(streamId, length);
      write(objectBytes(objectStream));
      entries.set(xrefId, length);
      write(xrefStream(xrefId, entries, trailerKeys, previousXref === undefined));
      previousXref = entries.get(xrefId) as number;
    } else {
      write(xrefTable(entries, previousXref === undefined));
      write(`trailer\n<< ${trailerKeys} >>\n`);
      previousXref = xrefAt;
    }
    write(`startxref\n${previousXref}\n%%EOF\n`);
  }
  return Buffer.concat(chunks);
}

export function objectBytes(object: PdfObject): Buffer {
  if (!object.stream) return Buffer.from(`${object.id} 0 obj\n${object.value}\nendobj\n`, 'latin1');
  const dict = object.value.replace(/>>\s*$/, ` /Length ${object.stream.length} >>`);
  return Buffer.concat([Buffer.from(`${object.id} 0 obj\n${dict}\nstream\n`, 'latin1'), object.stream, Buffer.from('\nendstream\nendobj\n')]);
}

/** An object stream (PDF 1.5): "number offset" pairs, then the objects, deflated. */
function packObjects(id: number, objects: PdfObject[]): PdfObject {
  let header = '';
  let body = '';
  for (const object of objects) {
    header += `${object.id} ${body.length} `;
    body += `${object.value}\n`;
  }
  const data = deflateSync(Buffer.from(header + body, 'latin1'));
  return { id, value: `<< /Type /ObjStm /N ${objects.length} /First ${Buffer.byteLength(header, 'latin1')} /Filter /FlateDecode >>`, stream: data };
}

function xrefTable(entries: Map<number, number | [number, number]>, first: boolean): string {
  const rows = new Map<number, string>();
  if (first) rows.set(0, '0000000000 65535 f\r\n');
  for (const [id, at] of entries) rows.set(id, `${String(at).padStart(10, '0')} 00000 n\r\n`);
  let text = 'xref\n';
  for (const [start, run] of runs([...rows.keys()])) text += `${start} ${run.length}\n${run.map((id) => rows.get(id)).join('')}`;
  return text;
}

function xrefStream(id: number, entries: Map<number, number | [number, number]>, trailerKeys: string, first: boolean): Buffer {
  const rows = new Map<number, Buffer>();
  const row = (type: number, field2: number, field3: number) => {
    const bytes = Buffer.alloc(9);
    bytes.writeUInt8(type, 0);
    bytes.writeUInt32BE(field2, 1);
    bytes.writeUInt32BE(field3, 5);
    return bytes;
  };
  if (first) rows.set(0, row(0, 0, 65535));
  for (const [objectId, at] of entries) rows.set(objectId, Array.isArray(at) ? row(2, at[0], at[1]) : row(1, at, 0));
  const index = runs([...rows.keys()]);
  const data = deflateSync(Buffer.concat(index.flatMap(([, run]) => run.map((objectId) => rows.get(objectId) as Buffer))));
  const indexText = index.map(([start, run]) => `${start} ${run.length}`).join(' ');
  return objectBytes({ id, value: `<< /Type /XRef ${trailerKeys} /W [1 4 4] /Index [${indexText}] /Filter /FlateDecode >>`, stream: data });
}

/** Sorted numbers grouped into consecutive runs, as cross-reference subsections. */
function runs(ids: number[]): [number, number[]][] {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const groups: [number, number[]][] = [];
  for (const id of sorted) {
    const last = groups[groups.length - 1];
    if (last && last[1][last[1].length - 1] === id - 1) last[1].push(id);
    else groups.push([id, [id]]);
  }
  return groups;
}

/** Objects in the body plus an object stream prepared by the caller (its data as given, a bomb for one), with an xref stream naming the packed ones. */
export function withObjectStream(objects: PdfObject[], objectStream: PdfObject, packedIds: number[]): Buffer {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const chunks: Buffer[] = [head];
  let length = head.length;
  const entries = new Map<number, number | [number, number]>();
  for (const object of [...objects, objectStream]) {
    entries.set(object.id, length);
    const bytes = objectBytes(object);
    chunks.push(bytes);
    length += bytes.length;
  }
  packedIds.forEach((id, index) => entries.set(id, [objectStream.id, index]));
  const xrefId = objectStream.id + 1;
  entries.set(xrefId, length);
  chunks.push(xrefStream(xrefId, entries, `/Size ${xrefId + 1} /Root 1 0 R`, true), Buffer.from(`startxref\n${length}\n%%EOF\n`));
  return Buffer.concat(chunks);
}
