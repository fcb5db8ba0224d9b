import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { ActiveFinding, foreignBytes, ObjectInspector } from './pdf-inspection';
import { Ambiguity, ambiguity, parseXrefLine, rawDefinitions, XrefEntry } from './pdf-structure';
import { QpdfJsonObjects } from './qpdf-json-objects';
import { QPDF_MEMORY_BYTES, QpdfCrashed, QpdfLimitExceeded, QpdfResult, QpdfSession, QpdfUnavailable, withQpdf } from './qpdf-runner';

/**
 * The checks an uploaded MDS/SDS original passes before it is stored: the bytes are a PDF and
 * only a PDF (pdf-inspection.ts), it has one reading (pdf-structure.ts), and what readers see of
 * it carries nothing active; all within limits, so that a hostile file costs a bounded child
 * process and never this one. Order: the cheap byte checks, then qpdf lists the xref, describes
 * every object as a reader resolves it, and finally decodes every stream (`--check`).
 */

export const PDF_LIMITS = {
  /** Objects in one file: a 100-page tagged report has some 20,000. */
  maxObjects: 100_000,
  /** Wall time of the whole inspection (three qpdf runs); a normal 10 MB file takes well under 1 s. */
  budgetSeconds: 10,
  /** What qpdf may hold while reading objects: a compressed object stream that inflates beyond it is a bomb. */
  memoryBytes: QPDF_MEMORY_BYTES,
  /** qpdf's description of the objects, and of any one object (parsed one at a time). */
  descriptionBytes: 64 * 1024 * 1024,
  objectDescriptionChars: 8 * 1024 * 1024,
} as const;

const PDF_SIGNATURE = Buffer.from('%PDF-');
const MB = 1024 * 1024;

const notPdf = (japanese: string, english: string) => AppError.unprocessable('not_a_pdf', `${japanese} (${english})`);
const encrypted = () => notPdf('暗号化されたPDFは取引先が開けません。暗号化していないPDFを添付してください', 'Encrypted PDFs cannot be read by customers: attach an unencrypted copy.');
const unreadable = () => notPdf('PDFとして読み取れませんでした', 'The PDF could not be parsed.');

/** Refuses the upload with a specific problem, or returns when it is a plain, unambiguous PDF. */
export async function checkPdfUpload(content: Buffer): Promise<void> {
  if (!content.subarray(0, 1024).includes(PDF_SIGNATURE)) throw notPdf('PDFファイルではありません（%PDF- の署名がありません）', 'The file is not a PDF (no %PDF- signature).');
  if (!content.subarray(Math.max(0, content.length - 2048)).includes('%%EOF')) throw notPdf('PDFが途中で切れています（末尾に %%EOF がありません）', 'The PDF is truncated (no %%EOF marker at its end).');
  const foreign = foreignBytes(content);
  if (foreign === 'before_header') {
    throw notPdf('PDFのヘッダー（%PDF-）より前にデータがあります。別の形式のファイルが隠されている可能性があります', 'The file has data before its %PDF- header: only a PDF that starts with its header is accepted (another format may be hidden in front).');
  }
  if (foreign === 'after_end') throw notPdf('PDFの終わり（%%EOF）の後にデータがあります。別のファイルが付け足されている可能性があります', 'The file has data after the PDF ends (%%EOF): another file may be appended to it.');
  try {
    await withQpdf(content, PDF_LIMITS.budgetSeconds * 1000, (qpdf) => inspect(qpdf, content));
  } catch (error) {
    throw asProblem(error);
  }
}

async function inspect(qpdf: QpdfSession, content: Buffer): Promise<void> {
  const xref = new Map<number, XrefEntry>();
  const listing = await qpdf.run(['--show-xref'], {
    maxOutputBytes: PDF_LIMITS.maxObjects * 80,
    onLine: (line) => {
      const entry = parseXrefLine(line);
      if (entry) xref.set(entry.id, entry);
      if (xref.size > PDF_LIMITS.maxObjects) throw tooComplex('objects');
    },
  });
  readable(listing);
  const found = rawDefinitions(content, PDF_LIMITS.maxObjects * 4);
  if (found === 'too_many') throw tooComplex('objects');

  const inspector = new ObjectInspector();
  const objects = new QpdfJsonObjects((object) => inspector.add(object), {
    maxObjects: PDF_LIMITS.maxObjects,
    maxObjectChars: PDF_LIMITS.objectDescriptionChars,
    onObjectsExceeded: () => tooComplex('objects'),
    onObjectTooLarge: () => tooComplex('description'),
  });
  readable(await qpdf.run(['--json', '--json-key=qpdf', '--json-stream-data=none'], { maxOutputBytes: PDF_LIMITS.descriptionBytes, onLine: (line) => objects.line(line) }));
  objects.finish();
  inspector.resolveLengths();
  if (inspector.encrypted) throw encrypted();

  const twoReadings = ambiguity(content, found, xref, inspector.facts);
  if (twoReadings) throw ambiguous(twoReadings);
  const active = inspector.result();
  if (active) throw activeContent(active);

  // Decodes every stream (pages, images, fonts) once, bounded by the same deadline: a content-stream bomb ends here.
  const checked = readable(await qpdf.run(['--check', '--show-npages'], { maxOutputBytes: MB }));
  const pages = Number(checked.stdout.trim().split('\n').pop());
  if (!(pages > 0)) throw notPdf('PDFにページがありません', 'The PDF has no pages.');
}

/** qpdf read the file (perhaps with warnings), without rebuilding its cross-reference table. */
function readable(result: QpdfResult): QpdfResult {
  if (result.exitCode === 2) throw /password|encrypt/i.test(result.stderr) ? encrypted() : unreadable();
  if (/file is damaged|reconstruct/i.test(result.stderr)) throw ambiguous({ reason: 'damaged_xref' });
  return result;
}

function asProblem(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof QpdfLimitExceeded) return tooComplex(error.limit);
  if (error instanceof QpdfCrashed) return unreadable();
  if (error instanceof QpdfUnavailable) {
    return new AppError(HttpStatus.SERVICE_UNAVAILABLE, 'pdf_inspection_unavailable', 'Service unavailable', 'PDFを検査できないため、いまは添付を受け付けられません (PDF attachments cannot be taken now: the PDF inspector, qpdf, is not installed on this server).');
  }
  return error;
}

function activeContent(finding: ActiveFinding): AppError {
  const name = `/${finding.name}`;
  const detail = {
    content: `PDFに実行可能な内容（${name}）が含まれています。スクリプト、起動アクション、埋め込みファイル、XFAフォームを含むPDFは受け付けません (The PDF carries active content (${name}): scripts, launch actions, embedded files and XFA forms are refused; attach a plain copy, for example printed to PDF.)`,
    action: `PDFにアクション（${name}）が含まれています。添付するPDFで使えるのは文書内へのジャンプ（GoTo）と、クリックで開くWebリンクだけです (The PDF carries an action (${name}): an attached PDF may hold no action but a jump within the document (GoTo) and web links (http, https, mailto) that the reader clicks; attach a plain copy, for example printed to PDF.)`,
    additional_actions: `PDFに自動で実行される追加アクション（${name}）が含まれています (The PDF carries additional actions (${name}), which run by themselves when a page opens or a field is used; attach a plain copy, for example printed to PDF.)`,
  }[finding.kind];
  return AppError.unprocessable('pdf_active_content', detail, { found: name });
}

function ambiguous(why: Ambiguity | { reason: 'damaged_xref' }): AppError {
  const object = 'object' in why ? why.object : 0;
  const [japanese, english] = {
    defined_twice: [`オブジェクト ${object} が同じ版の中で二度定義されています`, `object ${object} is defined twice in the same revision`],
    defined_after_xref: [`オブジェクト ${object} が相互参照表の指す定義より後で再定義されています`, `object ${object} is defined again after the definition its cross-reference table names`],
    outside_xref: [`オブジェクト ${object} がファイルにありますが相互参照表にありません`, `object ${object} is in the file but not in its cross-reference table`],
    packed_outside_xref: [`オブジェクトストリーム ${object} に相互参照表にないオブジェクトがあります`, `object stream ${object} packs objects the cross-reference table does not name`],
    damaged_xref: ['相互参照表が壊れています', 'its cross-reference table is damaged and would be rebuilt by each reader in its own way'],
  }[why.reason];
  return AppError.unprocessable(
    'pdf_ambiguous_structure',
    `PDFの構造があいまいです: ${japanese}。閲覧ソフトによって表示内容が異なるおそれがあります。PDFを保存し直して添付してください (The PDF's structure is ambiguous: ${english}, so readers may show different content; save it again as a new PDF, for example by printing to PDF.)`,
    { reason: why.reason },
  );
}

function tooComplex(limit: 'objects' | 'description' | 'time' | 'memory' | 'output'): AppError {
  const [japanese, english, maximum] = {
    objects: [`オブジェクト数が上限（${PDF_LIMITS.maxObjects.toLocaleString('en')}）を超えています`, `it has more than ${PDF_LIMITS.maxObjects.toLocaleString('en')} objects`, PDF_LIMITS.maxObjects],
    memory: [
      `展開すると検査できる大きさ（${PDF_LIMITS.memoryBytes / MB} MB）を超えます（圧縮爆弾のおそれ）`,
      `reading it needs more than ${PDF_LIMITS.memoryBytes / MB} MB once decompressed (a compressed stream expands too far)`,
      PDF_LIMITS.memoryBytes,
    ],
    time: [`検査が制限時間（${PDF_LIMITS.budgetSeconds} 秒）内に終わりません`, `inspecting it takes longer than ${PDF_LIMITS.budgetSeconds} s`, PDF_LIMITS.budgetSeconds],
    description: [
      `1つのオブジェクトが大きすぎます（上限 ${PDF_LIMITS.objectDescriptionChars / MB} MB）`,
      `one of its objects is larger than ${PDF_LIMITS.objectDescriptionChars / MB} MB once described`,
      PDF_LIMITS.objectDescriptionChars,
    ],
    output: [`オブジェクトの総量が上限（${PDF_LIMITS.descriptionBytes / MB} MB）を超えています`, `its objects amount to more than ${PDF_LIMITS.descriptionBytes / MB} MB once described`, PDF_LIMITS.descriptionBytes],
  }[limit] as [string, string, number];
  return AppError.unprocessable('pdf_too_complex', `PDFが検査の上限を超えています: ${japanese} (The PDF exceeds an inspection limit: ${english}.)`, { limit, maximum });
}
