import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import * as fontkit from 'fontkit';
import type { PdfFontkit } from './pdf.types';

/**
 * The Japanese font (BIZ UDPGothic, OFL, shipped by an npm package) and the font engine handed to
 * pdf-lib.
 *
 * pdf-lib's own fork (`@pdf-lib/fontkit`) loses most Japanese glyphs when subsetting a TrueType
 * font — text extraction still works, the page shows nothing — so upstream `fontkit` 2.x is used
 * through a small adapter: pdf-lib wants `subset.encodeStream()`, upstream offers `subset.encode()`.
 *
 * Font files are read and parsed once per process; every document shares the parsed font (its
 * glyph and table caches included), only the subset is per document.
 */

export type FontWeight = 'regular' | 'bold';

const FONT_FILES: Record<FontWeight, string> = {
  regular: '@expo-google-fonts/biz-udpgothic/400Regular/BIZUDPGothic_400Regular.ttf',
  bold: '@expo-google-fonts/biz-udpgothic/700Bold/BIZUDPGothic_700Bold.ttf',
};

/** Subset tags (six capitals + "+") fixed per weight so the output is deterministic. */
export const FONT_SUBSET_NAMES: Record<FontWeight, string> = {
  regular: 'KJAAAA+BIZUDPGothic-Regular',
  bold: 'KJAAAB+BIZUDPGothic-Bold',
};

const fontBytes = new Map<FontWeight, Buffer>();
const parsedFonts = new WeakMap<Uint8Array, fontkit.Font>();

/** The font file's bytes, read once per process. */
export function loadFontBytes(weight: FontWeight): Buffer {
  let bytes = fontBytes.get(weight);
  if (!bytes) {
    bytes = readFileSync(require.resolve(FONT_FILES[weight]));
    fontBytes.set(weight, bytes);
  }
  return bytes;
}

/** The parsed font for bytes returned by `loadFontBytes` (or any font file), parsed once. */
export function parseFont(bytes: Uint8Array): fontkit.Font {
  let font = parsedFonts.get(bytes);
  if (!font) {
    const created = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (!('unitsPerEm' in created)) throw new Error('font collections are not supported');
    font = created;
    rememberGlyphOutlines(font);
    parsedFonts.set(bytes, font);
  }
  return font;
}

type DecodingGlyph = fontkit.Glyph & { _decode?: () => unknown; kaijiRemembered?: true };

/**
 * fontkit's TrueType subsetter parses the whole outline of every glyph it copies (only to learn
 * whether the glyph is composite), again for every document: about a quarter of the time of a
 * one-page PDF. The glyph objects are cached by the shared font already, so their parsed outline
 * is remembered on them. Read-only use (no variation font); if fontkit's internals change, this
 * quietly does nothing. Memory grows with the distinct glyphs ever printed, at most the font's.
 */
function rememberGlyphOutlines(font: fontkit.Font): void {
  const getGlyph = font.getGlyph;
  if (typeof getGlyph !== 'function' || Object.keys(font.variationAxes ?? {}).length) return;
  font.getGlyph = function (this: fontkit.Font, ...args: Parameters<fontkit.Font['getGlyph']>) {
    const glyph = getGlyph.apply(this, args) as DecodingGlyph;
    const decode = glyph._decode;
    if (!glyph.kaijiRemembered && typeof decode === 'function') {
      let decoded: { value: unknown } | undefined;
      glyph._decode = function (this: DecodingGlyph) {
        decoded ??= { value: decode.call(this) };
        return decoded.value;
      };
      glyph.kaijiRemembered = true;
    }
    return glyph;
  };
}

/** A stream of one chunk: what pdf-lib's subset embedder reads (`on('data')`, `on('end')`). */
function encodeStreamOf(subset: fontkit.Subset) {
  return (): Readable => Readable.from([subset.encode()]);
}

const LAYOUT_CACHE_LIMIT = 5000;
const layoutCaches = new WeakMap<fontkit.Font, Map<string, fontkit.GlyphRun>>();

/**
 * `font.layout(text)` remembered per text: the same item texts are shaped for every customer's
 * document. Glyph runs are only read by pdf-lib (glyph ids, widths, code points).
 */
function cachedLayout(font: fontkit.Font): fontkit.Font['layout'] {
  let cache = layoutCaches.get(font);
  if (!cache) {
    cache = new Map();
    layoutCaches.set(font, cache);
  }
  const runs = cache;
  return (text, ...rest) => {
    if (rest.some((argument) => argument !== undefined)) return font.layout(text, ...rest);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= LAYOUT_CACHE_LIMIT) runs.clear();
      run = font.layout(text);
      runs.set(text, run);
    }
    return run;
  };
}

/**
 * The font engine to register with pdf-lib: upstream fontkit whose subsets also expose
 * `encodeStream()`. The parsed font is shared; the proxy only swaps `createSubset` (and
 * remembers layouts).
 */
export const kaijiFontkit: PdfFontkit = {
  create(bytes: Uint8Array) {
    const font = parseFont(bytes);
    const createSubset = () => {
      const subset = font.createSubset();
      return Object.assign(subset, { encodeStream: encodeStreamOf(subset) });
    };
    const layout = cachedLayout(font);
    const proxy = new Proxy(font, {
      get: (target, property) =>
        property === 'createSubset' ? createSubset : property === 'layout' ? layout : Reflect.get(target, property, target),
    });
    return proxy as unknown as ReturnType<PdfFontkit['create']>;
  },
};

/** Advance widths (in em) per code point, cached per parsed font. */
const advanceCache = new WeakMap<fontkit.Font, Map<number, number>>();

/** Width of `text` at `size` points, as drawn (sum of the glyphs' advance widths). */
export function textWidth(weight: FontWeight, text: string, size: number): number {
  const font = parseFont(loadFontBytes(weight));
  let advances = advanceCache.get(font);
  if (!advances) {
    advances = new Map();
    advanceCache.set(font, advances);
  }
  let em = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    let advance = advances.get(codePoint);
    if (advance === undefined) {
      advance = font.glyphForCodePoint(codePoint).advanceWidth / font.unitsPerEm;
      advances.set(codePoint, advance);
    }
    em += advance;
  }
  return em * size;
}
