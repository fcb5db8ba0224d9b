import { Readable } from 'node:stream';
import type * as fontkit from 'fontkit';
import { kaijiFontkit } from '../fonts';
import type { PdfFontkit } from '../pdf.types';

/**
 * A broken font engine for the rendering tests: its subsets keep every glyph id, width and code
 * point (so text extraction still works) but blank the outlines of every non-ASCII glyph — what
 * `@pdf-lib/fontkit`'s subsetting does to a Japanese TrueType font. A rendering check must notice.
 */

type UpstreamSubset = fontkit.Subset & { glyphs: number[]; font: fontkit.Font };

/** Zeroes the `glyf` data of the given glyphs: an all-zero glyph is a valid empty outline. */
export function blankGlyphs(ttf: Uint8Array, glyphIds: Iterable<number>): Uint8Array {
  const bytes = Uint8Array.from(ttf);
  const view = new DataView(bytes.buffer);
  const tables = new Map<string, { offset: number; length: number }>();
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const tag = String.fromCharCode(...bytes.subarray(record, record + 4));
    tables.set(tag, { offset: view.getUint32(record + 8), length: view.getUint32(record + 12) });
  }
  const head = tables.get('head');
  const loca = tables.get('loca');
  const glyf = tables.get('glyf');
  if (!head || !loca || !glyf) throw new Error('not a TrueType font with glyf outlines');
  const longOffsets = view.getInt16(head.offset + 50) === 1;
  const offsetOf = (id: number) =>
    longOffsets ? view.getUint32(loca.offset + 4 * id) : view.getUint16(loca.offset + 2 * id) * 2;
  for (const id of glyphIds) {
    bytes.fill(0, glyf.offset + offsetOf(id), glyf.offset + offsetOf(id + 1));
  }
  return bytes;
}

export const lossyFontkit: PdfFontkit = {
  create(bytes: Uint8Array) {
    const font = kaijiFontkit.create(bytes);
    const createSubset = () => {
      const subset = font.createSubset() as unknown as UpstreamSubset;
      const encodeStream = () => {
        const encoded = subset.encode();
        // Subset glyph n is the font's glyph subset.glyphs[n].
        const lost = subset.glyphs.flatMap((original, n) =>
          subset.font.stringsForGlyph(original).some((s) => [...s].some((c) => (c.codePointAt(0) ?? 0) > 0x7f)) ? [n] : [],
        );
        return Readable.from([blankGlyphs(encoded, lost)]);
      };
      return Object.assign(subset, { encodeStream });
    };
    return new Proxy(font, {
      get: (target, property) => (property === 'createSubset' ? createSubset : Reflect.get(target, property, target)),
    });
  },
};
