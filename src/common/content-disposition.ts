import { AppError } from './app-error';

/**
 * Control characters, and invisible format characters: bidi embeddings, overrides and isolates
 * (U+202A–202E, U+2066–2069), marks (U+200E/200F, U+061C), zero-width characters (U+200B–200D,
 * U+2060, U+FEFF) and line/paragraph separators. An override turns "report‮fdp.exe" into what
 * looks like "reportexe.pdf" on screen; none of them belongs in a file name.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** A name without control or invisible characters, nor path separators (as `_`), trimmed to 200 characters. */
export function visibleFilename(name: string, fallback: string): string {
  const cleaned = name
    .replace(/[/\\]/g, '_')
    .replace(/[\p{Cc}]/gu, '_')
    .replace(INVISIBLE, '')
    .trim();
  return [...cleaned].slice(0, 200).join('') || fallback;
}

/** A PDF's name as offered for download: visible characters only, not hidden (no leading dot), ending in `.pdf` whatever it ended in before. */
export function pdfFilename(name: string): string {
  const visible = visibleFilename(name, '').replace(/[.\s]+$/, '');
  const stem = (/\.pdf$/i.test(visible) ? visible.slice(0, -4) : visible).replace(/^[.\s]+/, '');
  return `${stem || 'document'}.pdf`;
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 8187), for Japanese file names. */
export function attachmentDisposition(filename: string): string {
  const visible = visibleFilename(filename, 'download');
  const ascii = visible.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(visible)}`;
}

/** The file name a client gave (query parameter, else Content-Disposition), made safe to store and echo. */
export function filenameFrom(query: unknown, disposition: string | undefined, fallback: string): string {
  // A repeated ?filename= arrives as an array: one name or none.
  if (query !== undefined && typeof query !== 'string') throw AppError.invalid([{ field: 'filename', message: 'give one filename' }]);
  const fromHeader = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1] ?? disposition?.match(/filename="?([^";]+)"?/i)?.[1];
  let name = query ?? fromHeader;
  try {
    name = name && fromHeader === name ? decodeURIComponent(name) : name;
  } catch {
    // keep it as sent
  }
  return visibleFilename(name ?? '', fallback);
}
