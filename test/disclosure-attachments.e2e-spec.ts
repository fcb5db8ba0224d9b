import archiver from 'archiver';
import { execFileSync } from 'node:child_process';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countRows, expectProblem } from './support/assertions';
import { bearer, Factory, TestUser } from './support/factories';
import { escapedScriptPdf } from './support/hostile-pdfs';
import { rawRequest } from './support/raw-http';
import { binaryParser, fullAnswers, ITEM_2_TEXT, makeEncryptedPdf, makePdf, PNG_1X1, Publishing, tokenOf } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

const MB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The vendor's original PDF, the rendered PDF, and who may read a disclosure in any of its forms. */
describe('disclosure attachments and PDFs', () => {
  let t: TestApp;
  let p: Publishing;
  beforeAll(async () => {
    t = await startTestApp();
    p = new Publishing(t, new Factory(t));
  });
  afterAll(() => t.close());

  const put = (user: TestUser | string, id: string, body: Buffer, type = 'application/pdf', query = '') =>
    t.http.put(`/v1/disclosures/${id}/attachment${query}`).set(bearer(tokenOf(user))).set('Content-Type', type).send(body);
  const download = (user: TestUser | string, id: string, what: 'attachment' | 'pdf') =>
    t.http.get(`/v1/disclosures/${id}/${what}`).set(bearer(tokenOf(user))).buffer(true).parse(binaryParser);
  const attachments = (id: string) => countRows(t.db, 'disclosure_attachments WHERE disclosure_id = $1', [id]);
  const textOf = (pdf: Buffer) => {
    const folder = mkdtempSync(join(tmpdir(), 'kaiji-pdf-'));
    try {
      writeFileSync(join(folder, 'in.pdf'), pdf);
      return execFileSync('pdftotext', ['-enc', 'UTF-8', join(folder, 'in.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };

  it('keeps a real PDF byte for byte with its SHA-256, replaceable while a draft, readable by customers once published', async () => {
    const { vendor, product, pharmacy } = await p.setup();
    const draft = await p.draft(vendor.admin, product.id);
    expectProblem(await download(vendor.admin, draft.id, 'attachment'), 404, 'not_found');
    const first = await makePdf('first');
    const tagBefore = (await t.http.get(`/v1/disclosures/${draft.id}`).set(bearer(vendor.admin.token)).expect(200)).headers.etag;
    await put(vendor.admin, draft.id, first).expect(200);
    // The draft's answer now names a PDF: its ETag moves, so an editor holding the old one is told.
    expect((await t.http.get(`/v1/disclosures/${draft.id}`).set(bearer(vendor.admin.token)).expect(200)).headers.etag).not.toBe(tagBefore);
    // A name given twice is refused, not guessed (it arrives as an array).
    expectProblem(await put(vendor.admin, draft.id, first, 'application/pdf', '?filename=a.pdf&filename=b.pdf'), 400, 'validation_failed');
    const pdf = await makePdf('SDS original v2');
    const stored = (await put(vendor.admin, draft.id, pdf, 'application/pdf', `?filename=${encodeURIComponent('開示書_原本.pdf')}`).expect(200)).body;
    expect(stored).toEqual({ filename: '開示書_原本.pdf', sizeBytes: pdf.length, sha256: sha256(pdf), uploadedAt: expect.any(String) });
    expect(await attachments(draft.id)).toBe(1);
    expect(await countRows(t.db, `audit_events WHERE action = 'disclosure.attach' AND target_id = $1`, [draft.id])).toBe(2);
    expect((await t.http.get(`/v1/disclosures/${draft.id}`).set(bearer(vendor.admin.token)).expect(200)).body.attachment).toMatchObject({ sha256: sha256(pdf), sizeBytes: pdf.length });

    await p.publish(vendor.admin, draft.id);
    for (const reader of [vendor.admin, pharmacy.admin]) {
      const response = await download(reader, draft.id, 'attachment').expect(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['x-content-sha256']).toBe(sha256(pdf));
      expect(response.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('開示書_原本.pdf')}`);
      expect(Buffer.compare(response.body as Buffer, pdf)).toBe(0);
    }
    expect(await countRows(t.db, `audit_events WHERE action = 'disclosure.attachment_read' AND target_id = $1 AND organization_id = $2`, [draft.id, pharmacy.org.id])).toBe(1);
    expectProblem(await put(vendor.admin, draft.id, first), 409, 'disclosure_not_draft');
    expect((await download(vendor.admin, draft.id, 'attachment').expect(200)).headers['x-content-sha256']).toBe(sha256(pdf));
  });

  it.each<[string, () => Promise<Buffer>, string]>([
    ['a PNG sent as application/pdf', async () => PNG_1X1, 'signature'],
    ['a truncated PDF', async () => (await makePdf()).subarray(0, 600), 'truncated'],
    ['a PDF signature over garbage', async () => Buffer.from('%PDF-1.7\n(this is not a document)\n%%EOF\n'), 'PDF'],
    ['an encrypted PDF', makeEncryptedPdf, 'Encrypted'],
  ])('refuses %s with 422 not_a_pdf and stores nothing', async (_label, make, detail) => {
    const { vendor, product } = await p.setup();
    const draft = await p.draft(vendor.admin, product.id);
    const problem = expectProblem(await put(vendor.admin, draft.id, await make()), 422, 'not_a_pdf');
    expect(problem.detail).toContain(detail);
    expect(await attachments(draft.id)).toBe(0);
    expect(await countRows(t.db, `audit_events WHERE action = 'disclosure.attach' AND target_id = $1`, [draft.id])).toBe(0);
  });

  it('refuses a PNG as image/png (415), an empty body (400) and more than 10 MB (413); takes exactly 10 MB', async () => {
    const { vendor, product } = await p.setup();
    const draft = await p.draft(vendor.admin, product.id);
    expectProblem(await put(vendor.admin, draft.id, PNG_1X1, 'image/png'), 415, 'unsupported_media_type');
    expectProblem(await put(vendor.admin, draft.id, Buffer.alloc(0)), 400);
    const limit = await makePdf('10 MB', 10 * MB);
    const over = Buffer.concat([limit.subarray(0, limit.length - 6), Buffer.from('\n\n%%EOF\n')]);
    expect(over.length).toBe(10 * MB + 2);
    expectProblem(await put(vendor.admin, draft.id, over), 413, 'payload_too_large');
    const oneByteOver = Buffer.concat([limit, Buffer.from('\n')]);
    expect(oneByteOver.length).toBe(10 * MB + 1);
    expectProblem(await put(vendor.admin, draft.id, oneByteOver), 413, 'payload_too_large');
    expect(await attachments(draft.id)).toBe(0);
    expect((await put(vendor.admin, draft.id, limit).expect(200)).body.sizeBytes).toBe(10 * MB);
    expect(Buffer.compare((await download(vendor.admin, draft.id, 'attachment').expect(200)).body as Buffer, limit)).toBe(0);
  });

  it('names the download .pdf, without control, bidi or zero-width characters, whatever the upload was called', async () => {
    const { vendor, product } = await p.setup();
    const draft = await p.draft(vendor.admin, product.id);
    const pdf = await makePdf();
    const dispositionName = (response: { headers: Record<string, string> }) => {
      const header = response.headers['content-disposition'];
      return { ascii: /filename="([^"]*)"/.exec(header)?.[1], utf8: decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(header)?.[1] ?? '') };
    };
    // A right-to-left override shows "請求書\u202Efdp.exe" as 請求書exe.pdf: a program dressed as a PDF.
    const overridden = (await put(vendor.admin, draft.id, pdf, 'application/pdf', `?filename=${encodeURIComponent('請求書\u202Efdp.exe')}`).expect(200)).body;
    expect(overridden.filename).toBe('請求書fdp.exe.pdf');
    expect(dispositionName(await download(vendor.admin, draft.id, 'attachment').expect(200))).toEqual({ ascii: '___fdp.exe.pdf', utf8: '請求書fdp.exe.pdf' });

    const hidden = 'SDS\u200B\u2066原本.pdf\u2069\u00AD.js ';
    const viaHeader = await t.http
      .put(`/v1/disclosures/${draft.id}/attachment`)
      .set(bearer(vendor.admin.token))
      .set('Content-Type', 'application/pdf')
      .set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(hidden)}`)
      .send(pdf)
      .expect(200);
    expect(viaHeader.body.filename).toBe('SDS原本.pdf.js.pdf');
    const [row]: { filename: string }[] = await t.db.query('SELECT filename FROM disclosure_attachments WHERE disclosure_id = $1', [draft.id]);
    expect(row.filename).toBe('SDS原本.pdf.js.pdf');

    // A name stored before names were cleaned is cleaned on the way out.
    await t.db.query('UPDATE disclosure_attachments SET filename = $2 WHERE disclosure_id = $1', [draft.id, 'payload\u202Egpj\u200D.exe\u0085']);
    expect(dispositionName(await download(vendor.admin, draft.id, 'attachment').expect(200))).toEqual({ ascii: 'payloadgpj.exe_.pdf', utf8: 'payloadgpj.exe_.pdf' });
    for (const [name, stored] of [['.pdf', 'document.pdf'], ['..\u202E', 'document.pdf'], ['\u202E', 'disclosure.pdf'], ['報告書.PDF', '報告書.pdf']]) {
      expect((await put(vendor.admin, draft.id, pdf, 'application/pdf', `?filename=${encodeURIComponent(name)}`).expect(200)).body.filename).toBe(stored);
    }
  });

  it("refuses other organizations' and scope-less clients' uploads, and lets a disclosures:write client upload", async () => {
    const { vendor, product, pharmacy } = await p.setup();
    const draft = await p.draft(vendor.admin, product.id);
    const pdf = await makePdf();
    expectProblem(await put((await p.vendor()).admin, draft.id, pdf), 404, 'not_found');
    expectProblem(await put(pharmacy.admin, draft.id, pdf), 404, 'not_found');
    expectProblem(await put(await p.clientToken(vendor.admin, ['products:write']), draft.id, pdf), 403, 'insufficient_scope');
    expect(await attachments(draft.id)).toBe(0);
    await put(await p.clientToken(vendor.admin, ['disclosures:write']), draft.id, pdf).expect(200);
    expect(await attachments(draft.id)).toBe(1);
  });

  it('renders the disclosure as a Japanese PDF with the item texts, auditing customer reads', async () => {
    const { vendor, product, pharmacy } = await p.setup();
    const answers = [...fullAnswers(), { itemId: '13', answer: 'いいえ', itemText: '通信経路を暗号化しているか？', section: '技術的安全対策' }];
    const published = await p.published(vendor.admin, product.id, { answers });
    for (const reader of [vendor.admin, pharmacy.admin]) {
      const response = await download(reader, published.id, 'pdf').expect(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="SDS_/);
      const pdf = response.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = textOf(pdf);
      for (const expected of [ITEM_2_TEXT, '通信経路を暗号化しているか？', 'サービス事業者による医療情報セキュリティ開示書', product.name.replace(/\s+/g, ''), vendor.org.name.replace(/\s+/g, '')]) {
        expect(text).toContain(expected);
      }
    }
    expect(await countRows(t.db, `audit_events WHERE action = 'disclosure.pdf_read' AND target_id = $1`, [published.id])).toBe(1);
  });

  it('ACCESS MATRIX: others get 404 for drafts and for disclosures not addressed to them, in every form', async () => {
    const { vendor, product, pharmacy: chosen, contract } = await p.setup();
    const left = await p.pharmacy();
    await p.contract(vendor.admin, left, [product.id]);
    const waiting = await p.pharmacy();
    await p.contract(vendor.admin, waiting, [product.id], { accept: false });
    const withPdf = async (extra: Record<string, unknown>, publish: boolean) => {
      const draft = await p.draft(vendor.admin, product.id, extra);
      await put(vendor.admin, draft.id, await makePdf()).expect(200);
      return publish ? (await p.publish(vendor.admin, draft.id)).id : draft.id;
    };
    const draft = await withPdf({ kind: 'MDS' }, false);
    const toAll = await withPdf({ kind: 'SDS' }, true);
    const selected = await withPdf({ kind: 'RM-SDS', audience: 'selected_contracts', contractIds: [contract.id] }, true);
    const otherVendor = await p.vendor();
    const operator = await p.f.operator();

    const readers: [string, TestUser | string, string[]][] = [
      ['the vendor', vendor.admin, [draft, toAll, selected]],
      ['a vendor API client without scopes', await p.clientToken(vendor.admin, ['products:write']), [draft, toAll, selected]],
      ['the selected pharmacy', chosen.admin, [toAll, selected]],
      ['a pharmacy outside the audience', left.admin, [toAll]],
      ['a pharmacy with a proposed contract only', waiting.admin, []],
      ['another vendor', otherVendor.admin, []],
      ["another vendor's API client", await p.clientToken(otherVendor.admin, ['disclosures:write']), []],
      ['another pharmacy', (await p.pharmacy()).admin, []],
      ['the operator', operator, []],
    ];
    for (const [label, reader, visible] of readers) {
      for (const id of [draft, toAll, selected]) {
        for (const path of ['', '/pdf', '/attachment']) {
          const response = await t.http.get(`/v1/disclosures/${id}${path}`).set(bearer(tokenOf(reader))).buffer(true).parse(binaryParser);
          const expected = visible.includes(id) ? 200 : 404;
          if (response.status !== expected) throw new Error(`${label} GET ${id === draft ? 'draft' : id === toAll ? 'all-customers' : 'selected'}${path}: ${response.status}, expected ${expected}`);
        }
      }
      const listed = ((await t.http.get('/v1/disclosures?latestOnly=false&limit=100').set(bearer(tokenOf(reader))).expect(200)).body.items as { id: string }[]).map((d) => d.id);
      expect([label, listed.filter((id) => [draft, toAll, selected].includes(id)).sort()]).toEqual([label, [...visible].sort()]);
    }

    for (const writer of [otherVendor.admin, chosen.admin, operator]) {
      expectProblem(await t.http.patch(`/v1/disclosures/${draft}`).set(bearer(tokenOf(writer))).send({ answers: [] }), 404, 'not_found');
      expectProblem(await t.http.post(`/v1/disclosures/${draft}/publish`).set(bearer(tokenOf(writer))), 404, 'not_found');
      expectProblem(await t.http.post(`/v1/disclosures/${toAll}/withdraw`).set(bearer(tokenOf(writer))).send({ reason: '乗っ取り' }), 404, 'not_found');
      expectProblem(await put(writer, draft, await makePdf('intruder')), 404, 'not_found');
    }
    const [row]: { status: string; answers: string }[] = await t.db.query(
      `SELECT d.status, (SELECT count(*) FROM disclosure_answers a WHERE a.disclosure_id = d.id) AS answers FROM disclosures d WHERE d.id = $1`,
      [draft],
    );
    expect(row).toEqual({ status: 'draft', answers: '14' });
    expect((await t.http.get(`/v1/disclosures/${toAll}`).set(bearer(vendor.admin.token)).expect(200)).body.status).toBe('published');
  });

  describe('hostile uploads: refused with a specific problem, the stored original unchanged', () => {
    /** A draft whose original is already a good PDF, so that "nothing stored" also means "nothing replaced". */
    const draftWithOriginal = async () => {
      const { vendor, product } = await p.setup();
      const draft = await p.draft(vendor.admin, product.id);
      const original = await makePdf('the good original');
      await put(vendor.admin, draft.id, original).expect(200);
      return { vendor, draft, original };
    };
    const expectUnchanged = async (id: string, original: Buffer) => {
      const [row]: { sha256: string }[] = await t.db.query('SELECT sha256 FROM disclosure_attachments WHERE disclosure_id = $1', [id]);
      expect(row.sha256).toBe(sha256(original));
      expect(await countRows(t.db, `audit_events WHERE action = 'disclosure.attach' AND target_id = $1`, [id])).toBe(1);
    };

    it.each<[string, () => Promise<Buffer>, string, RegExp]>([
      ['HTML with a script in front of the header', async () => Buffer.concat([Buffer.from('<html><script>alert(document.domain)</script></html>\n'), await makePdf()]), 'not_a_pdf', /before its %PDF- header/],
      ['a ZIP appended after %%EOF', async () => Buffer.concat([await makePdf(), await zipOf('index.html', '<script>alert(1)</script>')]), 'not_a_pdf', /after the PDF ends/],
      ['a script appended after %%EOF', async () => Buffer.concat([await makePdf(), Buffer.from('\n<script>fetch("//evil.example")</script>\n')]), 'not_a_pdf', /after the PDF ends/],
      ['JavaScript run on open (/OpenAction)', () => activePdf('JavaScript'), 'pdf_active_content', /\/(JavaScript|JS)\)/],
      ['JavaScript inside a compressed object stream', () => activePdf('JavaScript', { objectStreams: true }), 'pdf_active_content', /\/(JavaScript|JS)\)/],
      ['JavaScript under #-escaped names (/J#61vaScript, /J#53)', async () => escapedScriptPdf(), 'pdf_active_content', /\/(JavaScript|JS)\)/],
      // Editing names in place shifts every later object: readers rebuild the xref each their own way.
      ['#-escaped names written over a file without fixing its offsets', () => activePdf('JavaScript', { escapedNames: true }), 'pdf_ambiguous_structure', /cross-reference table is damaged/],
      ['a /Launch action', () => activePdf('Launch'), 'pdf_active_content', /\/Launch\)/],
      ['an embedded file', () => activePdf('EmbeddedFile'), 'pdf_active_content', /\/(EmbeddedFiles?|EF)\)/],
    ])('refuses %s', async (_label, make, code, detail) => {
      const { vendor, draft, original } = await draftWithOriginal();
      const problem = expectProblem(await put(vendor.admin, draft.id, await make()), 422, code);
      expect(problem.type).toBe(`urn:kaiji:problem:${code}`);
      expect(problem.detail).toMatch(detail);
      await expectUnchanged(draft.id, original);
    });

    it('finds the script in an object stream by parsing, not in the raw bytes', async () => {
      const hidden = await activePdf('JavaScript', { objectStreams: true });
      expect(hidden.includes('JavaScript')).toBe(false);
      const escaped = await activePdf('JavaScript', { escapedNames: true });
      expect(escaped.includes('/JavaScript')).toBe(false);
    });

    it('takes plain PDFs: object streams, a link and a page-fit open action, and the PDF Kaiji itself renders', async () => {
      const { vendor, product } = await p.setup();
      const draft = await p.draft(vendor.admin, product.id);
      const published = await p.published(vendor.admin, product.id, { kind: 'MDS' });
      const rendered = (await download(vendor.admin, published.id, 'pdf').expect(200)).body as Buffer;
      for (const pdf of [await plainPdf({ objectStreams: true }), await plainPdf({ objectStreams: false }), rendered]) {
        expect((await put(vendor.admin, draft.id, pdf).expect(200)).body.sha256).toBe(sha256(pdf));
      }
    });

    it('refuses a PDF as JSON (400), as text, octet-stream or multipart (415), and nothing (400)', async () => {
      const { vendor, draft, original } = await draftWithOriginal();
      const pdf = await makePdf();
      const asJson = await t.http.put(`/v1/disclosures/${draft.id}/attachment`).set(bearer(vendor.admin.token)).set('Content-Type', 'application/json').send(pdf.toString('latin1'));
      expect(expectProblem(asJson, 400).detail).toMatch(/not valid JSON/);
      for (const type of ['text/plain', 'application/octet-stream', 'multipart/form-data; boundary=x']) {
        expectProblem(await put(vendor.admin, draft.id, pdf, type), 415, 'unsupported_media_type');
      }
      expectProblem(await put(vendor.admin, draft.id, Buffer.from('{"pdf":"JVBERi0="}'), 'application/json'), 400, 'validation_failed');
      expectProblem(await put(vendor.admin, draft.id, Buffer.alloc(0)), 400);
      await expectUnchanged(draft.id, original);
    });

    describe('a Content-Length that lies', () => {
      const raw = (id: string, token: string, headers: string[], body: Buffer | Buffer[], options: { halfClose?: boolean } = {}) =>
        rawRequest(t, [`PUT /v1/disclosures/${id}/attachment HTTP/1.1`, 'Host: 127.0.0.1', `Authorization: Bearer ${token}`, 'Content-Type: application/pdf', ...headers], body, options);

      it('shorter than the body, a second request smuggled after it: the PDF read is cut short there and refused', async () => {
        const { vendor, draft, original } = await draftWithOriginal();
        const pdf = await makePdf('longer than declared');
        const declared = pdf.length - 200;
        const smuggled = Buffer.from(`PUT /v1/disclosures/${draft.id}/attachment HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/pdf\r\nContent-Length: ${pdf.length}\r\n\r\n`);
        const response = await raw(draft.id, vendor.admin.token, [`Content-Length: ${declared}`], [pdf.subarray(0, declared), smuggled, pdf]);
        expect(response.status).toBe(422);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(response.body)).toMatchObject({ status: 422, code: 'not_a_pdf', detail: expect.stringContaining('truncated') });
        await expectUnchanged(draft.id, original);
      });

      it('shorter than the body, the rest not HTTP: that rest is refused as a problem document, nothing stored', async () => {
        const { vendor, draft, original } = await draftWithOriginal();
        const pdf = await makePdf('longer than declared');
        const response = await raw(draft.id, vendor.admin.token, [`Content-Length: ${pdf.length - 200}`], pdf);
        // The parser refuses the bytes beyond the declared length at once, usually before the route has answered the first part.
        expect([400, 422]).toContain(response.status);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(response.body)).toMatchObject({ code: response.status === 400 ? 'malformed_request' : 'not_a_pdf' });
        await expectUnchanged(draft.id, original);
      });

      it('longer than the body, the connection then closed: no answer but a refusal, nothing stored', async () => {
        const { vendor, draft, original } = await draftWithOriginal();
        const pdf = await makePdf('shorter than declared');
        const response = await raw(draft.id, vendor.admin.token, [`Content-Length: ${pdf.length + 5000}`], pdf, { halfClose: true });
        if (response.status !== null) expect(response.status).toBeGreaterThanOrEqual(400);
        if (response.status !== null) expect(response.status).toBeLessThan(500);
        await expectUnchanged(draft.id, original);
      });

      it('over 10 MB declared: refused at once (413) without reading the body', async () => {
        const { vendor, draft, original } = await draftWithOriginal();
        const response = await raw(draft.id, vendor.admin.token, [`Content-Length: ${10 * MB + 1}`], await makePdf());
        expect(response.status).toBe(413);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(response.body)).toMatchObject({ status: 413, code: 'payload_too_large' });
        await expectUnchanged(draft.id, original);
      });

      it('none at all (chunked) and over 10 MB: refused as it streams (413)', async () => {
        const { vendor, draft, original } = await draftWithOriginal();
        const big = await makePdf('chunked', 10 * MB + 1024);
        const chunks = [];
        for (let at = 0; at < big.length; at += MB) {
          const part = big.subarray(at, at + MB);
          chunks.push(Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n'));
        }
        chunks.push(Buffer.from('0\r\n\r\n'));
        const response = await raw(draft.id, vendor.admin.token, ['Transfer-Encoding: chunked'], chunks);
        expect(response.status).toBe(413);
        await expectUnchanged(draft.id, original);
      });
    });
  });
});

/** A one-page PDF carrying one kind of active content; optionally compressed into object streams, or with its names #-escaped. */
async function activePdf(kind: 'JavaScript' | 'Launch' | 'EmbeddedFile', options: { objectStreams?: boolean; escapedNames?: boolean } = {}): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([595, 842]).drawText('MDS', { x: 50, y: 780, font: await document.embedFont(StandardFonts.Helvetica) });
  if (kind === 'JavaScript') document.catalog.set(PDFName.of('OpenAction'), document.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
  if (kind === 'Launch') document.catalog.set(PDFName.of('OpenAction'), document.context.obj({ S: 'Launch', F: PDFString.of('C:\\Windows\\System32\\cmd.exe') }));
  if (kind === 'EmbeddedFile') await document.attach(Buffer.from('MZ not really a program'), 'update.exe', { mimeType: 'application/octet-stream' });
  const bytes = Buffer.from(await document.save({ useObjectStreams: options.objectStreams ?? false }));
  if (!options.escapedNames) return bytes;
  // Readers decode #xx in names in either case; lower-case hex is what a naive check would miss.
  return Buffer.from(bytes.toString('latin1').replace('/JavaScript', '/#4aavaScript').replace('/JS ', '/#4a#53 '), 'latin1');
}

/** A plain PDF a careful vendor might send: a link annotation and an open action that only fits the page. */
async function plainPdf(options: { objectStreams: boolean }): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  page.drawText('SDS original', { x: 50, y: 780, font: await document.embedFont(StandardFonts.Helvetica) });
  const link = document.context.register(document.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [50, 760, 200, 780], A: { S: 'URI', URI: PDFString.of('https://vendor.example/sds') } }));
  page.node.set(PDFName.of('Annots'), document.context.obj([link]));
  document.catalog.set(PDFName.of('OpenAction'), document.context.obj([page.ref, 'Fit']));
  return Buffer.from(await document.save({ useObjectStreams: options.objectStreams }));
}

/** A ZIP archive of one file, as a polyglot would append it. */
async function zipOf(name: string, text: string): Promise<Buffer> {
  const archive = archiver('zip', { store: true });
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve, reject) => archive.on('end', resolve).on('error', reject));
  archive.append(text, { name });
  await archive.finalize();
  await ended;
  return Buffer.concat(chunks);
}
