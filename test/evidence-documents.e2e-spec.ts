import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { compactText, pdfText } from '../src/pdf/testing/poppler';
import { MAX_DOCUMENTS_PER_YEAR } from '../src/evidence/evidence-documents.service';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { FY } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { escapedScriptPdf } from './support/hostile-pdfs';
import { download, saved } from './support/inspection-pack-setup';
import { makePdf, PNG_1X1, Publishing, Tenant } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';
import { readZip } from './support/zip-reader';

const MB = 1024 * 1024;
const BCP = { kind: 'bcp', title: 'サイバー攻撃を想定した事業継続計画（BCP）', fiscalYear: FY, documentDate: '2025-05-01', reviewDueOn: '2099-04-30', notes: '年1回見直し' };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A one-page PDF written with pdf-lib, as a pharmacy's word processor would export it. */
async function documentPdf(text: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 14, font: await document.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await document.save());
}

/** The same, opening with a script: what the safe PDF path refuses. */
async function scriptedPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([595, 842]);
  document.catalog.set(PDFName.of('OpenAction'), document.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
  return Buffer.from(await document.save());
}

/**
 * Evidence files (issue 17, point 4): a pharmacy registers its BCP, 規程類 and access-log review
 * records per 年度, attaches the PDF through the same inspection as disclosure attachments, lists
 * them with a review state, archives them (nothing lost); its chain reads them; anyone else gets
 * 404; the inspection pack lists them and the chain's ZIP carries the PDFs.
 */
describe('evidence documents (証跡・規程類)', () => {
  let t: TestApp;
  let f: Factory;
  let p: Publishing;
  let chain: Tenant;
  let pharmacy: Tenant;
  let dir: string;

  const create = (token: string, body: Record<string, unknown> = BCP) => t.http.post('/v1/evidence-documents').set(bearer(token)).send(body);
  const putFile = (token: string, id: string, body: Buffer, type = 'application/pdf', name = 'BCP_2025.pdf') =>
    t.http.put(`/v1/evidence-documents/${id}/file?filename=${encodeURIComponent(name)}`).set(bearer(token)).set('Content-Type', type).send(body);
  const rows = (organizationId: string) => countRows(t.db, 'evidence_documents WHERE organization_id = $1', [organizationId]);
  const stored = (id: string) => countRows(t.db, 'evidence_documents WHERE id = $1 AND content IS NOT NULL', [id]);

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    p = new Publishing(t, f);
    chain = await f.tenant('chain');
    pharmacy = await p.pharmacy({ chainId: chain.org.id });
    dir = mkdtempSync(join(tmpdir(), 'kaiji-evidence-'));
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('registers a document, keeps a real PDF byte for byte, lists and downloads it', async () => {
    const created = await create(pharmacy.admin.token);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...BCP, pharmacyId: pharmacy.org.id, kindLabel: '事業継続計画（BCP）', fiscalYearLabel: '令和7年度', reviewState: 'ok', file: null, archivedAt: null });
    const pdf = await documentPdf('BCP 2025');
    const attached = await putFile(pharmacy.admin.token, created.body.id, pdf);
    expect(attached.status).toBe(200);
    expect(attached.body.file).toEqual({ filename: 'BCP_2025.pdf', sizeBytes: pdf.length, sha256: sha256(pdf), uploadedAt: expect.any(String) });

    const listed = await t.http.get(`/v1/evidence-documents?fiscalYear=${FY}&kind=bcp`).set(bearer(pharmacy.admin.token));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toContain(created.body.id);
    const file = await download(t, pharmacy.admin.token, `/v1/evidence-documents/${created.body.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(Buffer.compare(file.body as Buffer, pdf)).toBe(0);
    expect(await countRows(t.db, `audit_events WHERE action = 'evidence_document.attach' AND target_id = $1`, [created.body.id])).toBe(1);
    expect(await countRows(t.db, `audit_events WHERE action = 'evidence_document.file_read' AND target_id = $1`, [created.body.id])).toBe(1);
  });

  it('filters by 年度 and kind, pages, and marks documents due for review', async () => {
    const own = await p.pharmacy();
    const today = new Date().toISOString().slice(0, 10);
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    await create(own.admin.token, { ...BCP, reviewDueOn: '2020-01-01' }).expect(201);
    await create(own.admin.token, { kind: 'regulations', title: '運用管理規程', fiscalYear: FY, documentDate: today, reviewDueOn: inDays(10) }).expect(201);
    await create(own.admin.token, { kind: 'access_log_review', title: 'アクセスログ確認記録 4月', fiscalYear: FY, documentDate: '2025-04-30', reviewDueOn: inDays(90) }).expect(201);
    await create(own.admin.token, { kind: 'other', title: '前年度の記録', fiscalYear: FY - 1, documentDate: '2024-06-01' }).expect(201);

    const list = async (query: string) => (await t.http.get(`/v1/evidence-documents${query}`).set(bearer(own.admin.token)).expect(200)).body as { items: { title: string; reviewState: string }[]; nextCursor: string | null };
    const year = await list(`?fiscalYear=${FY}`);
    expect(year.items.map((d) => [d.title, d.reviewState])).toEqual([
      [BCP.title, 'overdue'],
      ['運用管理規程', 'due_soon'],
      ['アクセスログ確認記録 4月', 'ok'],
    ]);
    expect((await list('?kind=access_log_review')).items.map((d) => d.title)).toEqual(['アクセスログ確認記録 4月']);
    expect((await list(`?fiscalYear=${FY - 1}`)).items).toHaveLength(1);
    const first = await list('?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a non-PDF and a PDF with JavaScript (422, in Japanese) and stores nothing', async () => {
    const { body } = await create(pharmacy.admin.token).expect(201);
    const notPdf = expectProblem(await putFile(pharmacy.admin.token, body.id, PNG_1X1), 422, 'not_a_pdf');
    expect(notPdf.detail).toContain('PDFファイルではありません');
    for (const hostile of [await scriptedPdf(), escapedScriptPdf()]) {
      const problem = expectProblem(await putFile(pharmacy.admin.token, body.id, hostile), 422, 'pdf_active_content');
      expect(problem.detail).toContain('実行可能な内容');
    }
    expectProblem(await putFile(pharmacy.admin.token, body.id, PNG_1X1, 'image/png'), 415, 'unsupported_media_type');
    expectProblem(await putFile(pharmacy.admin.token, body.id, Buffer.alloc(0)), 400);
    expect(await stored(body.id)).toBe(0);
    expect(await countRows(t.db, `audit_events WHERE action = 'evidence_document.attach' AND target_id = $1`, [body.id])).toBe(0);
  });

  it('takes a PDF of exactly 10 MB and answers 413 (not a crash) one byte over', async () => {
    const { body } = await create(pharmacy.admin.token).expect(201);
    const limit = await makePdf('10 MB', 10 * MB);
    const oneByteOver = Buffer.concat([limit, Buffer.from('\n')]);
    expectProblem(await putFile(pharmacy.admin.token, body.id, oneByteOver), 413, 'payload_too_large');
    expect(await stored(body.id)).toBe(0);
    expect((await putFile(pharmacy.admin.token, body.id, limit).expect(200)).body.file.sizeBytes).toBe(10 * MB);
    // The server is still answering.
    expect((await t.http.get(`/v1/evidence-documents/${body.id}`).set(bearer(pharmacy.admin.token))).status).toBe(200);
  });

  it('refuses bad input with 400 problem+json and writes nothing', async () => {
    const own = await p.pharmacy();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...BCP, kind: 'diary' }, 'kind'],
      [{ ...BCP, title: '' }, 'title'],
      [{ ...BCP, title: 'あ'.repeat(201) }, 'title'],
      [{ ...BCP, notes: 'あ'.repeat(2001) }, 'notes'],
      [{ ...BCP, fiscalYear: 1999 }, 'fiscalYear'],
      [{ ...BCP, fiscalYear: '2025' }, 'fiscalYear'],
      [{ ...BCP, documentDate: '2025-02-30' }, 'documentDate'],
      [{ ...BCP, documentDate: '1/5/2025' }, 'documentDate'],
      [{ ...BCP, reviewDueOn: 'soon' }, 'reviewDueOn'],
    ];
    for (const [body, field] of cases) expect(invalidFields(await create(own.admin.token, body))).toContain(field);
    expect(await rows(own.org.id)).toBe(0);
    const { body } = await create(own.admin.token).expect(201);
    expect(invalidFields(await t.http.patch(`/v1/evidence-documents/${body.id}`).set(bearer(own.admin.token)).send({ title: 'x'.repeat(201) }))).toContain('title');
    expect((await t.http.get(`/v1/evidence-documents/${body.id}`).set(bearer(own.admin.token))).body.title).toBe(BCP.title);
    expect(invalidFields(await t.http.get('/v1/evidence-documents?fiscalYear=abc').set(bearer(own.admin.token)))).toContain('fiscalYear');
  });

  it('changes metadata, archives with nothing lost, and refuses a PDF on an archived document', async () => {
    const { body } = await create(pharmacy.admin.token).expect(201);
    const patched = await t.http.patch(`/v1/evidence-documents/${body.id}`).set(bearer(pharmacy.admin.token)).send({ title: 'BCP（改定）', reviewDueOn: null, notes: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: 'BCP（改定）', reviewDueOn: null, notes: null, kind: 'bcp', documentDate: BCP.documentDate });
    await putFile(pharmacy.admin.token, body.id, await documentPdf('v1')).expect(200);
    expect((await t.http.delete(`/v1/evidence-documents/${body.id}`).set(bearer(pharmacy.admin.token))).status).toBe(204);
    const listed = (await t.http.get('/v1/evidence-documents').set(bearer(pharmacy.admin.token)).expect(200)).body.items.map((d: { id: string }) => d.id);
    expect(listed).not.toContain(body.id);
    const archived = (await t.http.get('/v1/evidence-documents?includeArchived=true&limit=100').set(bearer(pharmacy.admin.token)).expect(200)).body.items.find((d: { id: string }) => d.id === body.id);
    expect(archived.archivedAt).toEqual(expect.any(String));
    expect(await stored(body.id)).toBe(1);
    expect((await download(t, pharmacy.admin.token, `/v1/evidence-documents/${body.id}/file`)).status).toBe(200);
    expectProblem(await putFile(pharmacy.admin.token, body.id, await documentPdf('v2')), 409, 'evidence_document_archived');
  });

  it(`keeps at most ${MAX_DOCUMENTS_PER_YEAR} documents per pharmacy and 年度`, async () => {
    const own = await p.pharmacy();
    await t.db.query(
      `INSERT INTO evidence_documents (organization_id, kind, title, fiscal_year, document_date)
       SELECT $1, 'access_log_review', 'アクセスログ確認 ' || n, $2, '2025-05-01' FROM generate_series(1, $3) AS n`,
      [own.org.id, FY, MAX_DOCUMENTS_PER_YEAR - 1],
    );
    await create(own.admin.token).expect(201);
    const refused = expectProblem(await create(own.admin.token), 422, 'evidence_documents_limit');
    expect(refused.maximum).toBe(MAX_DOCUMENTS_PER_YEAR);
    expect(await rows(own.org.id)).toBe(MAX_DOCUMENTS_PER_YEAR);
    await create(own.admin.token, { ...BCP, fiscalYear: FY + 1 }).expect(201);
    const next = (await t.http.get(`/v1/evidence-documents?fiscalYear=${FY + 1}`).set(bearer(own.admin.token)).expect(200)).body.items[0];
    expectProblem(await t.http.patch(`/v1/evidence-documents/${next.id}`).set(bearer(own.admin.token)).send({ fiscalYear: FY }), 422, 'evidence_documents_limit');
  });

  it('is read by the pharmacy and its chain; another tenant gets 404; viewers read only; vendors 403', async () => {
    const { body } = await create(pharmacy.admin.token).expect(201);
    await putFile(pharmacy.admin.token, body.id, await documentPdf('chain')).expect(200);
    expect((await t.http.get(`/v1/evidence-documents/${body.id}`).set(bearer(chain.admin.token))).status).toBe(200);
    expect((await download(t, chain.admin.token, `/v1/evidence-documents/${body.id}/file`)).status).toBe(200);
    const chainList = await t.http.get(`/v1/evidence-documents?pharmacyId=${pharmacy.org.id}`).set(bearer(chain.admin.token));
    expect(chainList.status).toBe(200);
    expect(chainList.body.items.map((d: { id: string }) => d.id)).toContain(body.id);
    expect(invalidFields(await t.http.get('/v1/evidence-documents').set(bearer(chain.admin.token)))).toContain('pharmacyId');
    expectProblem(await t.http.patch(`/v1/evidence-documents/${body.id}`).set(bearer(chain.admin.token)).send({ title: '本部が変更' }), 403, 'pharmacy_required');
    expectProblem(await create(chain.admin.token), 403, 'pharmacy_required');

    const other = await p.pharmacy();
    const otherChain = await f.tenant('chain');
    for (const token of [other.admin.token, otherChain.admin.token]) {
      expectProblem(await t.http.get(`/v1/evidence-documents/${body.id}`).set(bearer(token)), 404, 'not_found');
      expectProblem(await download(t, token, `/v1/evidence-documents/${body.id}/file`), 404, 'not_found');
      expectProblem(await t.http.get(`/v1/evidence-documents?pharmacyId=${pharmacy.org.id}`).set(bearer(token)), 404, 'not_found');
    }
    expectProblem(await t.http.patch(`/v1/evidence-documents/${body.id}`).set(bearer(other.admin.token)).send({ title: '他社' }), 404, 'not_found');
    expectProblem(await t.http.delete(`/v1/evidence-documents/${body.id}`).set(bearer(other.admin.token)), 404, 'not_found');
    expectProblem(await putFile(other.admin.token, body.id, await documentPdf('x')), 404, 'not_found');

    const viewer = await f.user(pharmacy.org.id, 'viewer');
    expect((await t.http.get(`/v1/evidence-documents/${body.id}`).set(bearer(viewer.token))).status).toBe(200);
    expectProblem(await create(viewer.token), 403, 'read_only_role');
    expectProblem(await t.http.patch(`/v1/evidence-documents/${body.id}`).set(bearer(viewer.token)).send({ title: '閲覧者' }), 403, 'read_only_role');
    expectProblem(await t.http.delete(`/v1/evidence-documents/${body.id}`).set(bearer(viewer.token)), 403, 'read_only_role');

    const vendor = await p.vendor();
    expectProblem(await t.http.get('/v1/evidence-documents').set(bearer(vendor.admin.token)), 403, 'pharmacy_required');
    expectProblem(await t.http.get(`/v1/evidence-documents/${body.id}`).set(bearer(vendor.admin.token)), 403, 'pharmacy_required');
    expectProblem(await create(vendor.admin.token), 403, 'pharmacy_required');
    expect((await t.http.get(`/v1/evidence-documents/${body.id}`).set(bearer(pharmacy.admin.token))).body.title).toBe(BCP.title);
  });

  it('lists the 年度’s documents in the inspection pack and puts their PDFs in the chain’s ZIP', async () => {
    const store = await p.pharmacy({ chainId: chain.org.id });
    const { body } = await create(store.admin.token, { ...BCP, title: 'BCP for inspection', reviewDueOn: '2020-01-01' }).expect(201);
    const pdf = await documentPdf('evidence in the zip');
    await putFile(store.admin.token, body.id, pdf, 'application/pdf', '規程_2025.pdf').expect(200);
    await create(store.admin.token, { kind: 'regulations', title: 'Archived rule', fiscalYear: FY, documentDate: '2025-04-01' })
      .expect(201)
      .then((r) => t.http.delete(`/v1/evidence-documents/${r.body.id}`).set(bearer(store.admin.token)).expect(204));

    const pack = await download(t, store.admin.token, `/v1/pharmacies/${store.org.id}/inspection-pack/${FY}`);
    expect(pack.status).toBe(200);
    const text = compactText(pdfText(saved(dir, 'pack.pdf', pack.body as Buffer)));
    const section = text.slice(text.lastIndexOf('7証跡・規程類'));
    for (const expected of ['事業継続計画（BCP）', 'BCPforinspection', '2025-05-01', '規程_2025.pdf', '見直し期限超過']) expect(section).toContain(expected);
    expect(section).not.toContain('Archivedrule');

    const zip = await download(t, chain.admin.token, `/v1/chains/${chain.org.id}/inspection-packs/${FY}`);
    expect(zip.status).toBe(200);
    const entries = readZip(zip.body as Buffer);
    const evidence = entries.filter((e) => e.name.endsWith('_証跡/規程_2025.pdf'));
    expect(evidence).toHaveLength(1);
    expect(Buffer.compare(evidence[0].data, pdf)).toBe(0);
  });
});
