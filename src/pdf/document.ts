import { PDFDocument, PDFFont } from 'pdf-lib';
import { deflateContentStreams, useNativeFlate } from './compress';
import { FONT_SUBSET_NAMES, FontWeight, kaijiFontkit, loadFontBytes } from './fonts';
import type { PdfRenderOptions } from './pdf.types';

/** A4 portrait in points. */
export const A4 = { width: 595.28, height: 841.89 } as const;

export interface PdfMetadata {
  title: string;
  subject?: string;
  author?: string;
  keywords?: string[];
  /** Written as both creation and modification date; fixed dates keep the output deterministic. */
  date: Date;
}

/** A document with the Japanese fonts embedded (regular and bold). */
export interface KaijiDocument {
  doc: PDFDocument;
  fonts: Record<FontWeight, PDFFont>;
}

/** A new document: fonts registered and embedded (subsetted unless told otherwise), metadata set. */
export async function createKaijiDocument(metadata: PdfMetadata, options: PdfRenderOptions = {}): Promise<KaijiDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  useNativeFlate(doc);
  doc.registerFontkit(options.fontkit ?? kaijiFontkit);
  const subset = options.subsetFonts ?? true;
  const embed = (weight: FontWeight) =>
    doc.embedFont(loadFontBytes(weight), { subset, customName: FONT_SUBSET_NAMES[weight] });
  const [regular, bold] = await Promise.all([embed('regular'), embed('bold')]);
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  if (metadata.subject) doc.setSubject(metadata.subject);
  if (metadata.author) doc.setAuthor(metadata.author);
  if (metadata.keywords?.length) doc.setKeywords(metadata.keywords);
  doc.setLanguage('ja-JP');
  doc.setProducer('Kaiji');
  doc.setCreator('Kaiji');
  doc.setCreationDate(metadata.date);
  doc.setModificationDate(metadata.date);
  return { doc, fonts: { regular, bold } };
}

/** Serialises the document (object streams on: smaller files). */
export function saveKaijiDocument({ doc }: KaijiDocument): Promise<Uint8Array> {
  deflateContentStreams(doc);
  // One pass without yielding to the event loop every 50 objects (pdf-lib's default): a document
  // has a few hundred objects at most, and each yield costs a timer turn.
  return doc.save({ useObjectStreams: true, objectsPerTick: Number.POSITIVE_INFINITY });
}

/**
 * A date from a view's `YYYY-MM-DD` or ISO timestamp, for the metadata; the epoch when missing
 * or unreadable so that output never depends on the clock.
 */
export function metadataDate(...candidates: (string | null | undefined)[]): Date {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(candidate) ? `${candidate}T00:00:00+09:00` : candidate);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return new Date(0);
}
