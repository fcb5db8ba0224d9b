import { deflateSync } from 'node:zlib';
import { PDFContentStream, PDFDocument, PDFName, PDFRawStream, typedArrayFor } from 'pdf-lib';

/**
 * Native zlib for the big streams. pdf-lib compresses with pako (pure JavaScript): about a third
 * of the time of a one-page document went into deflating the font subsets and page contents.
 * The output is still FlateDecode, only made by Node's zlib (level 6).
 */

function deflate(bytes: Uint8Array): Uint8Array {
  return deflateSync(bytes, { level: 6 });
}

/** Embedded files and fonts (`context.flateStream`) are deflated with zlib from now on. */
export function useNativeFlate(doc: PDFDocument): void {
  const context = doc.context;
  context.flateStream = (contents, dict = {}) =>
    context.stream(deflate(typedArrayFor(contents)), { ...dict, Filter: 'FlateDecode' });
}

/**
 * Replaces every page content stream by the same operators deflated with zlib. Call it last,
 * right before saving: pages drawn on afterwards would write into the replaced streams.
 */
export function deflateContentStreams(doc: PDFDocument): void {
  const context = doc.context;
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFContentStream)) continue;
    const dict = object.dict.clone(context);
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    dict.delete(PDFName.of('Length'));
    context.assign(ref, PDFRawStream.of(dict, deflate(object.getUnencodedContents())));
  }
}
