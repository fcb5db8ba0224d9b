import { PDFArray, PDFDict, PDFDocument, PDFName, PDFObject, PDFStream } from 'pdf-lib';

/**
 * Checks on an uploaded MDS/SDS original beyond "it parses": the file customers download must be
 * a document and nothing else. Readers tolerate a header up to 1 KB into the file and anything
 * after the end marker, which is what makes PDF polyglots (HTML or a script before the header, a
 * ZIP after the end); and a compliance document has no use for scripts, launch actions or files
 * embedded in it, the ways a PDF carries a payload to the pharmacy's machines.
 */

/** Names that make a PDF active: scripts, program launches, attached files, Flash, XFA forms (scripted). */
const ACTIVE_NAMES = new Set(['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia', 'XFA']);
/** The same, as they would be found in the raw bytes of objects the parser could not read (long enough not to occur by chance in compressed data). */
const ACTIVE_NAMES_IN_BYTES = /\/(JavaScript|Launch|EmbeddedFiles?|RichMedia)[\s/<>[\]()]/;

const END_MARKER = '%%EOF';

/** What precedes the header or follows the last end marker, other than line ends and padding. */
export function foreignBytes(content: Buffer): 'before_header' | 'after_end' | undefined {
  if (!content.subarray(0, 5).equals(Buffer.from('%PDF-'))) return 'before_header';
  const end = content.lastIndexOf(END_MARKER);
  const rest = content.subarray(end + END_MARKER.length);
  return rest.every((byte) => byte === 0x0a || byte === 0x0d || byte === 0x20 || byte === 0x09 || byte === 0x00) ? undefined : 'after_end';
}

/** The first active-content name found in the parsed document's objects or in its raw bytes. */
export function activeContent(document: PDFDocument, content: Buffer): string | undefined {
  const pending: PDFObject[] = document.context.enumerateIndirectObjects().map(([, object]) => object);
  const seen = new Set<PDFObject>();
  while (pending.length > 0) {
    const object = pending.pop() as PDFObject;
    if (seen.has(object)) continue;
    seen.add(object);
    if (object instanceof PDFName) {
      const name = nameText(object);
      if (ACTIVE_NAMES.has(name)) return name;
    } else if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) pending.push(key, value);
    } else if (object instanceof PDFArray) {
      pending.push(...object.asArray());
    } else if (object instanceof PDFStream) {
      pending.push(object.dict);
    }
  }
  return ACTIVE_NAMES_IN_BYTES.exec(content.toString('latin1'))?.[1];
}

/** A name as a reader sees it: pdf-lib decodes `#xx` escapes in upper-case hex only, readers in either case. */
function nameText(name: PDFName): string {
  return name.decodeText().replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
