import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

/**
 * Test helpers around Debian's poppler-utils (`pdftotext`, `pdffonts`, `pdfinfo`, `pdftoppm`):
 * what a reader of the PDF gets — extracted text, embedded fonts, and the rendered pixels.
 */

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Text in drawing order (`-raw`), optionally of one page. */
export function pdfText(file: string, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return run('pdftotext', ['-raw', '-enc', 'UTF-8', ...range, file, '-']);
}

/** Text with every blank removed, so that wrapped lines compare with the source text. */
export function compactText(text: string): string {
  return text.replace(/\s+/g, '');
}

export function pdfFonts(file: string): string {
  return run('pdffonts', [file]);
}

export function pdfInfo(file: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of run('pdfinfo', ['-enc', 'UTF-8', file]).split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match) info[match[1]] = match[2];
  }
  return info;
}

export interface WordBox {
  text: string;
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Words with their boxes in points, origin top left (`pdftotext -bbox`). */
export function pdfWords(file: string): WordBox[] {
  const html = run('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-']);
  const words: WordBox[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const match = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (match) {
      const [, xMin, yMin, xMax, yMax, text] = match;
      words.push({ text, page, xMin: Number(xMin), yMin: Number(yMin), xMax: Number(xMax), yMax: Number(yMax) });
    }
  }
  return words;
}

export interface Raster {
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB) bytes per pixel, rows top to bottom. */
  channels: 1 | 3;
  data: Buffer;
  pixel(x: number, y: number): number[];
}

/** Renders one page with `pdftoppm` (grey or colour) and reads the PNM it writes. */
export function rasterize(file: string, options: { page?: number; dpi?: number; gray?: boolean } = {}): Raster {
  const page = String(options.page ?? 1);
  const out = `${file}-p${page}-${options.dpi ?? 50}${options.gray ? 'g' : 'c'}`;
  const args = ['-r', String(options.dpi ?? 50), '-f', page, '-l', page, '-singlefile', ...(options.gray ? ['-gray'] : []), file, out];
  run('pdftoppm', args);
  const path = `${out}.${options.gray ? 'pgm' : 'ppm'}`;
  const bytes = readFileSync(path);
  rmSync(path);
  return parsePnm(bytes);
}

function parsePnm(bytes: Buffer): Raster {
  // Header: magic, width, height, maxval, each separated by whitespace, then one whitespace byte.
  const fields: string[] = [];
  let position = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[position]))) position++;
    if (bytes[position] === 0x23) {
      while (bytes[position] !== 0x0a) position++;
      continue;
    }
    const start = position;
    while (!/\s/.test(String.fromCharCode(bytes[position]))) position++;
    fields.push(bytes.subarray(start, position).toString('latin1'));
  }
  const [magic, width, height] = [fields[0], Number(fields[1]), Number(fields[2])];
  if (magic !== 'P5' && magic !== 'P6') throw new Error(`not a binary PNM: ${magic}`);
  const channels = magic === 'P5' ? 1 : 3;
  const data = bytes.subarray(position + 1, position + 1 + width * height * channels);
  return {
    width,
    height,
    channels,
    data,
    pixel: (x, y) => {
      const offset = (Math.round(y) * width + Math.round(x)) * channels;
      return [...data.subarray(offset, offset + channels)];
    },
  };
}

/** Share of dark pixels (grey below `threshold`) in a region given as fractions of the page. */
export function inkRatio(raster: Raster, region = { top: 0, bottom: 1 }, threshold = 160): number {
  if (raster.channels !== 1) throw new Error('inkRatio wants a grey raster');
  const from = Math.floor(region.top * raster.height);
  const to = Math.ceil(region.bottom * raster.height);
  let dark = 0;
  for (let offset = from * raster.width; offset < to * raster.width; offset++) if (raster.data[offset] < threshold) dark++;
  return dark / ((to - from) * raster.width);
}
