/**
 * Whether a PDF has one reading. A reader follows the cross-reference table (xref) to each
 * object; a reader repairing a file, and pdf-lib, take instead the last definition of a number
 * found in the bytes. A file built so that the two disagree (the xref naming a script, a later
 * copy hiding it; or the reverse) shows one thing to an inspector and another to a pharmacy. So
 * every definition in the bytes must be the one the xref names, or an older one that a later
 * incremental update replaced (or deleted), and no object number may be defined twice in one
 * revision.
 */

/** `N G obj` as found in the bytes. */
export interface RawDefinition {
  id: number;
  offset: number;
}

/** Where the xref says an object is: at an offset, or at an index inside an object stream. */
export type XrefEntry = { id: number; offset: number } | { id: number; stream: number; index: number };

/** What the inspection of the objects learnt that the structure rules need. */
export interface ObjectFacts {
  /** Stream objects (their number and data length): their data is not searched for definitions. */
  streams: { id: number; length: number }[];
  /** Object streams and how many objects each declares (/N). */
  objectStreams: Map<number, number>;
  /** Where the trailer says earlier or hybrid cross-reference sections are (/Prev, /XRefStm): an xref stream need not list itself. */
  xrefOffsets: number[];
}

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([...'()<>[]{}/%'].map((char) => char.charCodeAt(0)));
const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39;
const separates = (byte: number | undefined) => byte === undefined || WHITESPACE.has(byte) || DELIMITERS.has(byte);

/** Every `N G obj` in the bytes (stream data included; `ambiguity` leaves out what lies inside live streams). */
export function rawDefinitions(content: Buffer, max: number): RawDefinition[] | 'too_many' {
  const found: RawDefinition[] = [];
  for (let at = content.indexOf('obj'); at >= 0; at = content.indexOf('obj', at + 3)) {
    if (!separates(content[at + 3])) continue;
    let cursor = at - 1;
    if (!WHITESPACE.has(content[cursor])) continue;
    while (cursor >= 0 && WHITESPACE.has(content[cursor])) cursor--;
    const generationEnd = cursor;
    while (cursor >= 0 && isDigit(content[cursor])) cursor--;
    if (cursor === generationEnd || !WHITESPACE.has(content[cursor])) continue;
    while (cursor >= 0 && WHITESPACE.has(content[cursor])) cursor--;
    const idEnd = cursor;
    while (cursor >= 0 && isDigit(content[cursor])) cursor--;
    if (cursor === idEnd || idEnd - cursor > 10 || !separates(content[cursor])) continue;
    found.push({ id: Number(content.toString('latin1', cursor + 1, idEnd + 1)), offset: cursor + 1 });
    if (found.length > max) return 'too_many';
  }
  return found;
}

/** The ends of the file's revisions: each `%%EOF` (the original, then one per incremental update). */
export function revisionEnds(content: Buffer): number[] {
  const ends: number[] = [];
  for (let at = content.indexOf('%%EOF'); at >= 0; at = content.indexOf('%%EOF', at + 5)) ends.push(at + 5);
  return ends;
}

/** One line of `qpdf --show-xref`: "12/0: uncompressed; offset = 345" or "13/0: compressed; stream = 7, index = 2". */
export function parseXrefLine(line: string): XrefEntry | undefined {
  const direct = /^(\d+)\/\d+: uncompressed; offset = (\d+)$/.exec(line);
  if (direct) return { id: Number(direct[1]), offset: Number(direct[2]) };
  const packed = /^(\d+)\/\d+: compressed; stream = (\d+), index = (\d+)$/.exec(line);
  if (packed) return { id: Number(packed[1]), stream: Number(packed[2]), index: Number(packed[3]) };
  return undefined;
}

/** Why a file has more than one reading, and the object (or object stream) that shows it. */
export interface Ambiguity {
  reason: 'defined_twice' | 'defined_after_xref' | 'outside_xref' | 'packed_outside_xref';
  object: number;
}

/** The first reason the file has more than one reading, or undefined. */
export function ambiguity(content: Buffer, found: RawDefinition[], xref: Map<number, XrefEntry>, facts: ObjectFacts): Ambiguity | undefined {
  const liveOffset = new Map<number, number>();
  for (const entry of xref.values()) if ('offset' in entry) liveOffset.set(entry.id, skipWhitespace(content, entry.offset));

  // Stream data is data: a `N G obj` or `%%EOF` inside a live stream is not structure (an uncompressed page may print one).
  const insideStreams = sortedRanges(
    facts.streams.flatMap((stream) => {
      const start = liveOffset.get(stream.id);
      if (start === undefined) return [];
      const end = content.indexOf('endstream', start + stream.length);
      return [[start + 1, end < 0 ? content.length : end] as [number, number]];
    }),
  );
  const definitions = found.filter((definition) => !insideStreams.has(definition.offset));
  const seen = new Set(definitions.map((definition) => definition.offset));
  for (const [id, offset] of liveOffset) if (!seen.has(offset)) definitions.push({ id, offset });
  definitions.sort((a, b) => a.offset - b.offset);

  const ends = revisionEnds(content).filter((end) => !insideStreams.has(end - 5));
  const revisionOf = (offset: number) => countBelowOrAt(ends, offset);
  const lastRevision = Math.max(0, ends.length - 1);
  const xrefSections = new Set([...facts.xrefOffsets, ...startxrefOffsets(content)].map((offset) => skipWhitespace(content, offset)));

  const byId = new Map<number, RawDefinition[]>();
  for (const definition of definitions) {
    const copies = byId.get(definition.id);
    if (copies) copies.push(definition);
    else byId.set(definition.id, [definition]);
  }
  for (const [id, copies] of byId) {
    const revisions = copies.map((copy) => revisionOf(copy.offset));
    if (new Set(revisions).size < revisions.length) return { reason: 'defined_twice', object: id };
    const entry = xref.get(id);
    if (!entry) {
      // Objects an update deleted stay in the earlier revisions; in the last one, an object the xref does not list is
      // null to readers that follow the xref (qpdf drops the references to it) and what a reader repairing the file uses.
      const last = copies[copies.length - 1];
      if (revisionOf(last.offset) >= lastRevision && !xrefSections.has(last.offset)) return { reason: 'outside_xref', object: id };
      continue;
    }
    const live = 'offset' in entry ? liveOffset.get(id) : liveOffset.get(entry.stream);
    if (live === undefined || copies[copies.length - 1].offset > live) return { reason: 'defined_after_xref', object: id };
  }

  // Every object a stream packs must be named by the xref, unless an incremental update replaced it since.
  const named = new Map<number, number>();
  for (const entry of xref.values()) if ('stream' in entry) named.set(entry.stream, (named.get(entry.stream) ?? 0) + 1);
  for (const [stream, declared] of facts.objectStreams) {
    const at = liveOffset.get(stream);
    if ((named.get(stream) ?? 0) < declared && at !== undefined && revisionOf(at) >= lastRevision) return { reason: 'packed_outside_xref', object: stream };
  }
  return undefined;
}

/** The offsets each `startxref` names (one per revision). */
function startxrefOffsets(content: Buffer): number[] {
  const offsets: number[] = [];
  for (let at = content.indexOf('startxref'); at >= 0; at = content.indexOf('startxref', at + 9)) {
    const digits = /^\s*(\d{1,12})/.exec(content.toString('latin1', at + 9, at + 32));
    if (digits) offsets.push(Number(digits[1]));
  }
  return offsets;
}

function skipWhitespace(content: Buffer, offset: number): number {
  let at = offset;
  while (at < content.length && WHITESPACE.has(content[at])) at++;
  return at;
}

/** How many of the sorted numbers are at or below `value` (binary search). */
function countBelowOrAt(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The union of half-open ranges [from, to), with a membership test in O(log n). */
function sortedRanges(ranges: [number, number][]): { has(offset: number): boolean } {
  const merged: [number, number][] = [];
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  const starts = merged.map(([from]) => from);
  return {
    has(offset) {
      const index = countBelowOrAt(starts, offset) - 1;
      return index >= 0 && offset < merged[index][1];
    },
  };
}
