import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PDFDocument, PDFDict, PDFName } from 'pdf-lib';
import { PDF_LIMITS } from '../src/disclosures/pdf-upload-check';
import { countRows, expectProblem } from './support/assertions';
import { bearer, Factory, TestUser } from './support/factories';
import {
  additionalActionsPdf,
  deflateBombPdf,
  escapedLaunchPdf,
  escapedScriptPdf,
  HOSTILE_ACTIONS,
  incrementalUpdatePdf,
  linkActionPdf,
  manyObjectsPdf,
  openActionPdf,
  packedScriptPdf,
  plainNavigationPdf,
  referencedWebLinkPdf,
  shadowedScriptPdf,
  shadowingScriptPdf,
  unlistedScriptPdf,
  updateBehindXrefPdf,
} from './support/hostile-pdfs';
import { makePdf, Publishing } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

const MB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The original PDF is inspected as readers see it (qpdf through the cross-reference table, names
 * decoded, object streams expanded), must have one reading, may carry no action but an internal
 * jump (and web links clicked on link annotations), and is inspected in a bounded child process:
 * every hostile file is built here, byte by byte (test/support/hostile-pdfs.ts).
 */
describe('attachment inspection: one reading, no actions, bounded', () => {
  let t: TestApp;
  let p: Publishing;
  let vendor: TestUser;
  let draftId: string;
  let original: Buffer;
  beforeAll(async () => {
    t = await startTestApp();
    p = new Publishing(t, new Factory(t));
    const setup = await p.setup();
    vendor = setup.vendor.admin;
    draftId = (await p.draft(vendor, setup.product.id)).id;
    original = await makePdf('the good original');
    await put(original).expect(200);
  });
  afterAll(() => t.close());

  const put = (body: Buffer) => t.http.put(`/v1/disclosures/${draftId}/attachment`).set(bearer(vendor.token)).set('Content-Type', 'application/pdf').send(body);
  const attachAudits = () => countRows(t.db, `audit_events WHERE action = 'disclosure.attach' AND target_id = $1`, [draftId]);
  /** The upload, refused: nothing replaced and nothing audited, the good original is still the one stored. */
  const refused = async (body: Buffer) => {
    const audits = await attachAudits();
    const response = await put(body);
    const [row]: { sha256: string }[] = await t.db.query('SELECT sha256 FROM disclosure_attachments WHERE disclosure_id = $1', [draftId]);
    expect(row.sha256).toBe(sha256(original));
    expect(await attachAudits()).toBe(audits);
    return response;
  };

  describe('two readings (the cross-reference table against the bytes) are refused: 422 pdf_ambiguous_structure', () => {
    it.each<[string, () => Buffer, string]>([
      ['a script the xref names, shadowed by a later benign copy (what pdf-lib kept)', shadowedScriptPdf, 'defined_twice'],
      ['a script written after the benign copy the xref names (what a repairing reader would take)', shadowingScriptPdf, 'defined_twice'],
      ['an incremental update whose script the xref does not name', updateBehindXrefPdf, 'defined_after_xref'],
      ['a referenced script left out of the xref (null to readers that follow it)', unlistedScriptPdf, 'outside_xref'],
      ['a file whose offsets no longer match its xref (names edited in place)', () => editedInPlace(escapedScriptPdf()), 'damaged_xref'],
    ])('refuses %s', async (_label, make, reason) => {
      const problem = expectProblem(await refused(make()), 422, 'pdf_ambiguous_structure');
      expect(problem).toMatchObject({ type: 'urn:kaiji:problem:pdf_ambiguous_structure', reason });
      expect(problem.detail).toMatch(/PDFの構造があいまいです.*\(The PDF's structure is ambiguous: /);
    });

    it('the shadowed script is the bypass of the review: pdf-lib sees no script, the raw bytes show none, qpdf sees it', async () => {
      const file = shadowedScriptPdf();
      const document = await PDFDocument.load(file);
      expect(document.catalog.lookup(PDFName.of('OpenAction'))).not.toBeInstanceOf(PDFDict);
      expect(file.toString('latin1')).not.toMatch(/\/JavaScript|\/JS\b/);
      expect(qpdfJson(file)).toContain('"/S": "/JavaScript"');
    });
  });

  describe('actions: none but an internal GoTo (and web links clicked on a link): 422 pdf_active_content', () => {
    it.each<[string, () => Buffer, string]>([
      ['a script under #-escaped names (/J#61vaScript, /J#53)', escapedScriptPdf, 'JavaScript'],
      ['a launch action under escaped names (/#53 /L#61#75nch)', escapedLaunchPdf, 'Launch'],
      ['a script on open inside a compressed object stream', packedScriptPdf, 'JavaScript'],
      ['an open action that calls a web address (URI)', () => openActionPdf(HOSTILE_ACTIONS.uri), 'URI'],
      ['an open action that opens a file on a network share (GoToR)', () => openActionPdf(HOSTILE_ACTIONS.goToRNetwork), 'GoToR'],
      ['an open action that submits the form (SubmitForm)', () => openActionPdf(HOSTILE_ACTIONS.submitForm), 'SubmitForm'],
      ['an open action that imports data from a share (ImportData)', () => openActionPdf(HOSTILE_ACTIONS.importData), 'ImportData'],
      ['an open action that runs a menu command (Named /Print)', () => openActionPdf(HOSTILE_ACTIONS.named), 'Named'],
      ['an internal GoTo chained to a web call (/Next)', () => openActionPdf(HOSTILE_ACTIONS.goToThenUri), 'URI'],
      ['additional actions on the page (/AA), even a GoTo', additionalActionsPdf, 'AA'],
      ['a link that opens a file on a network share (GoToR)', () => linkActionPdf(HOSTILE_ACTIONS.goToRNetwork), 'GoToR'],
      ['a link to a javascript: address', () => linkActionPdf('<< /S /URI /URI (javascript:app.alert\\(1\\)) >>'), 'URI'],
      ['a link to a file: address', () => linkActionPdf('<< /S /URI /URI (file:///C:/Windows/System32/cmd.exe) >>'), 'URI'],
      ["a link's web action also run after the open action's jump (/Next)", () => referencedWebLinkPdf({ alsoOnOpen: true }), 'URI'],
      ['an incremental update that adds a script on open', () => incrementalUpdatePdf('/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>'), 'JavaScript'],
      ['an incremental update that adds an open action calling home', () => incrementalUpdatePdf(`/OpenAction ${HOSTILE_ACTIONS.uri}`), 'URI'],
    ])('refuses %s', async (_label, make, name) => {
      const problem = expectProblem(await refused(make()), 422, 'pdf_active_content');
      expect(problem.found).toBe(`/${name}`);
      expect(problem.detail).toContain(`(/${name})`);
    });
  });

  it('takes plain PDFs: internal links, named destinations, web links, a page-fit open action, benign updates, object streams, linearized files', async () => {
    const fromPdfLib = await makePdf('SDS original');
    const files = [
      plainNavigationPdf(),
      plainNavigationPdf({ packed: true }),
      referencedWebLinkPdf(),
      incrementalUpdatePdf('/PageMode /UseNone'),
      rewrite(fromPdfLib, ['--object-streams=generate']),
      rewrite(plainNavigationPdf(), ['--linearize']),
      rewrite(plainNavigationPdf({ packed: true }), ['--linearize', '--object-streams=generate']),
    ];
    for (const file of files) {
      const response = await put(file);
      if (response.status !== 200) throw new Error(`a plain PDF was refused: ${JSON.stringify(response.body)}`);
      expect(response.body.sha256).toBe(sha256(file));
    }
    await put(original).expect(200);
  });

  describe('bombs: refused within limits, off the event loop (422 pdf_too_complex naming the limit)', () => {
    it('a 200 KB object stream that inflates to 200 MB: refused at the memory limit, this process unmoved', async () => {
      const bomb = await deflateBombPdf(200 * MB);
      expect(bomb.length).toBeLessThan(300 * 1024);
      const before = process.memoryUsage().rss;
      const problem = expectProblem(await refused(bomb), 422, 'pdf_too_complex');
      expect(problem).toMatchObject({ limit: 'memory', maximum: PDF_LIMITS.memoryBytes });
      expect(problem.detail).toContain(`more than ${PDF_LIMITS.memoryBytes / MB} MB once decompressed`);
      expect(process.memoryUsage().rss - before).toBeLessThan(64 * MB);
    });

    it(`300,000 objects: refused at the object limit (${PDF_LIMITS.maxObjects.toLocaleString('en')}), the event loop never blocked`, async () => {
      const many = manyObjectsPdf(300_000);
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const started = Date.now();
      const problem = expectProblem(await refused(many), 422, 'pdf_too_complex');
      delay.disable();
      expect(problem).toMatchObject({ limit: 'objects', maximum: PDF_LIMITS.maxObjects });
      expect(problem.detail).toContain(`more than ${PDF_LIMITS.maxObjects.toLocaleString('en')} objects`);
      // Before: pdf-lib parsed them for 6–11 s on the event loop, and took the file.
      expect(Date.now() - started).toBeLessThan(8000);
      expect(delay.max / 1e6).toBeLessThan(500);
    });

    it('a file with many objects under the limit is taken, its description read one object at a time', async () => {
      const delay = monitorEventLoopDelay({ resolution: 10 });
      const file = manyObjectsPdf(50_000);
      delay.enable();
      const response = await put(file);
      delay.disable();
      expect(response.status).toBe(200);
      expect(delay.max / 1e6).toBeLessThan(500);
      await put(original).expect(200);
    });
  });
});

/** The file's objects as qpdf resolves them (JSON). */
function qpdfJson(file: Buffer): string {
  return withTempFile(file, (path) => execFileSync('qpdf', ['--json', '--json-key=qpdf', path], { encoding: 'utf8' }));
}

/** The file rewritten by qpdf (as another producer would write it). */
function rewrite(file: Buffer, options: string[]): Buffer {
  return withTempFile(file, (path) => {
    execFileSync('qpdf', [...options, path, `${path}.out`]);
    return readFileSync(`${path}.out`);
  });
}

/** Escaped names spelled out in place: the bytes shift, the xref offsets no longer match. */
function editedInPlace(file: Buffer): Buffer {
  return Buffer.from(file.toString('latin1').replace('/J#61vaScript', '/J#61#76#61Script'), 'latin1');
}

function withTempFile<T>(file: Buffer, use: (path: string) => T): T {
  const folder = mkdtempSync(join(tmpdir(), 'kaiji-test-pdf-'));
  try {
    const path = join(folder, 'in.pdf');
    writeFileSync(path, file);
    return use(path);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
