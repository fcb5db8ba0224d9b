/**
 * What inspecting an uploaded original costs (issue 13, findings 4 and 5): normal MDS/SDS-like PDFs
 * of about 1, 5 and 10 MB (Kaiji's own Japanese disclosure pages, photos and screenshots, a tagged
 * structure of some thousands of objects), as written by pdf-lib, by qpdf (object streams,
 * linearized) and by cairo (pdftocairo). Prints, per file, the median and p95 wall time of
 * `checkPdfUpload` over the runs, the CPU its qpdf children used, and the longest event-loop stall.
 *
 *   npm run bench:pdf-inspection     (BENCH_RUNS, default 10; BENCH_PDF_DIR=folder keeps the files)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument, PDFName } from 'pdf-lib';
import { checkPdfUpload } from '../src/disclosures/pdf-upload-check';
import { renderDisclosurePdf } from '../src/pdf';
import { sampleDisclosureView } from '../src/pdf/testing/samples';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const MB = 1024 * 1024;

/** A PNG of a smooth gradient with a noisy band: compresses about as well as a screenshot with a photo in it. */
function png(width: number, height: number, seed: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 255;
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const noisy = y % 97 < 40;
      raw[row + 1 + x * 3] = noisy ? random() : (x * 255) / width;
      raw[row + 2 + x * 3] = noisy ? random() : (y * 255) / height;
      raw[row + 3 + x * 3] = 128;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Disclosure pages, image pages up to about `targetBytes`, and a structure tree of `tags` elements. */
async function normalPdf(targetBytes: number, tags: number): Promise<Buffer> {
  const disclosure = await PDFDocument.load(await renderDisclosurePdf(sampleDisclosureView()));
  const document = await PDFDocument.create();
  for (let copy = 0; copy < 5; copy++) for (const page of await document.copyPages(disclosure, disclosure.getPageIndices())) document.addPage(page);
  for (let seed = 1; (await document.save()).length < targetBytes; seed++) {
    const image = await document.embedPng(png(900, 700, seed));
    document.addPage([595, 842]).drawImage(image, { x: 40, y: 200, width: 515, height: 400 });
  }
  const elements = [];
  for (let i = 0; i < tags; i++) elements.push(document.context.register(document.context.obj({ Type: 'StructElem', S: 'P', K: i })));
  document.catalog.set(PDFName.of('StructTreeRoot'), document.context.register(document.context.obj({ Type: 'StructTreeRoot', K: elements })));
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

function rewritten(pdf: Buffer, tool: 'qpdf' | 'pdftocairo', options: string[]): Buffer {
  const folder = mkdtempSync(join(tmpdir(), 'kaiji-bench-pdf-'));
  try {
    writeFileSync(join(folder, 'in.pdf'), pdf);
    execFileSync(tool, [...options, join(folder, 'in.pdf'), join(folder, 'out.pdf')]);
    return readFileSync(join(folder, 'out.pdf'));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** CPU seconds used by this process's finished children (utime + stime of waited-for children, /proc/self/stat). */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'latin1').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  const files: [string, Buffer][] = [];
  for (const [label, bytes, tags] of [
    ['1 MB', 1 * MB, 2_000],
    ['5 MB', 5 * MB, 5_000],
    ['10 MB', 9 * MB, 10_000],
  ] as const) {
    const plain = await normalPdf(bytes, tags);
    files.push([`${label} pdf-lib`, plain], [`${label} qpdf object streams + linearized`, rewritten(plain, 'qpdf', ['--object-streams=generate', '--linearize'])]);
    if (label !== '10 MB') files.push([`${label} cairo`, rewritten(plain, 'pdftocairo', ['-pdf'])]);
  }
  console.log(`checkPdfUpload over ${RUNS} runs each (after one warm-up)\n`);
  console.log('| file | size | objects | median | p95 | qpdf CPU per run | longest event-loop stall |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [label, pdf] of files) {
    if (process.env.BENCH_PDF_DIR) writeFileSync(join(process.env.BENCH_PDF_DIR, `${label.replace(/\W+/g, '-')}.pdf`), pdf);
    if (pdf.length > 10 * MB) continue;
    const objects = execFileSync('qpdf', ['--show-xref', writeTemp(pdf)], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
    await checkPdfUpload(pdf);
    const times: number[] = [];
    const cpuBefore = childCpuSeconds();
    const stall = monitorEventLoopDelay({ resolution: 5 });
    stall.enable();
    for (let run = 0; run < RUNS; run++) {
      const started = process.hrtime.bigint();
      await checkPdfUpload(pdf);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    stall.disable();
    const cpu = ((childCpuSeconds() - cpuBefore) / RUNS) * 1000;
    times.sort((a, b) => a - b);
    console.log(`| ${label} | ${(pdf.length / MB).toFixed(1)} MB | ${objects} | ${percentile(times, 50).toFixed(0)} ms | ${percentile(times, 95).toFixed(0)} ms | ${cpu.toFixed(0)} ms | ${(stall.max / 1e6).toFixed(0)} ms |`);
  }
  rmSync(tempFolder, { recursive: true, force: true });
}

const tempFolder = mkdtempSync(join(tmpdir(), 'kaiji-bench-xref-'));
function writeTemp(pdf: Buffer): string {
  const path = join(tempFolder, 'count.pdf');
  writeFileSync(path, pdf);
  return path;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
