import type ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG_DIRECTORY, keepsAnswersValid } from '../src/forms/form-catalog.loader';
import type { FormDefinition, FormItemManual } from '../src/forms/form-definition';
import { FormsService } from '../src/forms/forms.service';
import { countRows, expectProblem } from './support/assertions';
import { bearer, Factory, TestUser } from './support/factories';
import { binary, editWorkbook, itemColumn, itemRow, loadWorkbook, setHeader, setItem, sheet, ITEMS, XLSX } from './support/form-workbooks';
import { startIsolatedTestApp } from './support/isolated-app';
import type { TestApp } from './support/test-app';

const FORM = 'facility-checklist-pharmacy-r7';
/** The seed the manual text was copied from (issue 17, point 8); KAIJI_SEEDS points elsewhere when the checkout moves. */
const SEED = join(process.env.KAIJI_SEEDS ?? '/work/shared/seeds', '000_b576a9f84d8b9864.txt');
const MANUAL_TITLE = '令和7年度版 医療機関等におけるサイバーセキュリティ対策チェックリストマニュアル ～医療機関等・事業者向け～';
/** Marked as made for the test: no manual text is invented. */
const TEST_TEXT = '【テスト用の文言】この文は試験のためのもので、チェックリストマニュアルの文言ではありません。';
const TEST_YEAR = 2041;

const catalogFile = (id: string): FormDefinition => JSON.parse(readFileSync(join(CATALOG_DIRECTORY, `${id}.json`), 'utf8'));
/** The seed's text with layout gone (line wraps, spaces between wrapped parts), for "is it there verbatim". */
const flat = (text: string) => text.replace(/\s+/g, '');

/**
 * The checklist manual beside each item (issue 17, point 8): the 令和7年度 manual's text on every
 * item of the 薬局確認用, verbatim from the seed with its source, served with the form version,
 * carried by the catalog loader, and registered (or not) with a new version through the workbook.
 * On a database of its own: it registers form versions.
 */
describe('the checklist manual on each item', () => {
  let t: TestApp;
  let f: Factory;
  let operator: string;
  let pharmacist: TestUser;
  let seed: string;
  beforeAll(async () => {
    if (!existsSync(SEED)) throw new Error(`the seed ${SEED} is missing: set KAIJI_SEEDS to the folder holding it`);
    seed = readFileSync(SEED, 'utf8');
    t = await startIsolatedTestApp('forms_manual');
    f = new Factory(t);
    operator = await f.operator();
    pharmacist = (await f.tenant('pharmacy')).admin;
  });
  afterAll(() => t?.close());

  const getForm = async (id: string, token = pharmacist.token): Promise<FormDefinition> => (await t.http.get(`/v1/forms/${id}`).set(bearer(token)).expect(200)).body as FormDefinition;
  const manualOf = (form: FormDefinition, itemId: string): FormItemManual | undefined => form.items.find((item) => item.id === itemId)?.manual;
  const seedLine = (startsWith: string) => seed.split('\n').find((line) => line.startsWith(startsWith))?.trim();

  describe('GET /v1/forms/{id}', () => {
    it('gives an item the manual text exactly as the seed prints it, with its source', async () => {
      const form = await getForm(FORM);
      const manual = manualOf(form, '1-①') as FormItemManual;
      expect(manual.section).toBe('1-①【体制構築】 医療情報システム安全管理責任者を設置している。');
      expect(manual.explanation).toHaveLength(3);
      expect(manual.explanation[0]).toBe(seedLine('医療機関において、医療機関の経営層は安全管理を直接実行する'));
      expect(manual.explanation[2]).toBe('また、事業者においても医療情報システム等の提供に係る管理責任者を設置する必要があります。');
      expect(manual.terms).toEqual([seedLine('企画管理者：')]);
      expect(manual.guidelineRefs).toEqual(['経営管理編 3.1.2②', '経営管理編 3.2']);
      expect(manual.notes).toBeUndefined();
      expect(manual.source).toContain(MANUAL_TITLE);
      expect(manual.source).toContain('seeds/000_b576a9f84d8b9864.txt');
      expect(manual.source).toContain('1-①【体制構築】');

      // 補足 says when to answer はい.
      expect(manualOf(form, '2-①')?.notes).toEqual([seedLine('サーバ、端末PC、ネットワーク機器のうち、自身の医療機関等で保有する')]);
      expect(manualOf(form, '2-①')?.notes?.[0]).toContain('「はい」にマルをつけてください');
      // The manual's 2-⑫ serves both 2-⑫ (サーバ) and 2-⑬ (端末PC); its 2-⑬ is the checklist's 2-⑭.
      expect(manualOf(form, '2-⑬')).toEqual(manualOf(form, '2-⑫'));
      expect(manualOf(form, '2-⑭')?.section).toBe('2-⑬【医療情報システムの管理・運用】 接続元制限を実施している。（ネットワーク機器）');
    });

    it('copies every text of every item from the seed, and names the manual and the section it comes from', async () => {
      const form = await getForm(FORM);
      const text = flat(seed);
      const manuals = form.items.filter((item) => item.manual);
      expect(manuals.map((item) => item.id)).toEqual(form.items.map((item) => item.id).filter((id) => id !== '4-①'));
      for (const { id, manual } of manuals) {
        const { section, explanation, terms = [], notes = [], guidelineRefs = [], source } = manual as FormItemManual;
        for (const paragraph of [section, ...explanation, ...terms, ...notes]) expect({ id, paragraph, inSeed: text.includes(flat(paragraph)) }).toEqual({ id, paragraph, inSeed: true });
        for (const ref of guidelineRefs) {
          const [part, number] = ref.split(' ');
          expect({ id, ref, inSeed: text.includes(`▶${part}`) && text.includes(flat(number)) }).toEqual({ id, ref, inSeed: true });
        }
        expect(source).toContain(MANUAL_TITLE);
        expect(source).toContain(section);
      }
    });

    it('gives an item the manual does not cover no manual text', async () => {
      const form = await getForm(FORM);
      expect(form.items.find((item) => item.id === '4-①')).not.toHaveProperty('manual');
      // A form version made without manual text has none on any item.
      const medical = await getForm('vendor-checklist-medical-r6');
      expect(medical.items.filter((item) => item.manual)).toEqual([]);
    });

    it('gives the 事業者確認用 the one section the manual labels 【医療機関等確認用・事業者確認用】, 1-①, and no other', async () => {
      const vendor = await getForm('vendor-checklist-pharmacy-r7');
      expect(vendor.items.filter((item) => item.manual).map((item) => item.id)).toEqual(['1-①']);
      expect(manualOf(vendor, '1-①')).toEqual(manualOf(await getForm(FORM), '1-①'));
      expect(seed).toContain('【医療機関等確認用・事業者確認用】');
    });
  });

  describe('the catalog loader', () => {
    it('stores the manual with the version, as the file has it', async () => {
      const [row]: { definition: FormDefinition }[] = await t.db.query('SELECT definition FROM forms WHERE id = $1', [FORM]);
      expect(row.definition.items.map((item) => item.manual ?? null)).toEqual(catalogFile(FORM).items.map((item) => item.manual ?? null));
    });

    it('brings a stored version in line with a file whose manual text changed: the answers stay valid, so it replaces the version', async () => {
      const file = catalogFile(FORM);
      const withoutManual: FormDefinition = { ...file, items: file.items.map(({ manual: _manual, ...item }) => item) };
      expect(keepsAnswersValid(file, withoutManual)).toBe(true);
      const folder = mkdtempSync(join(tmpdir(), 'kaiji-manual-'));
      try {
        writeFileSync(join(folder, `${FORM}.json`), JSON.stringify(withoutManual));
        const forms = t.app.get(FormsService);
        expect((await forms.loadCatalog(folder)).updated).toEqual([FORM]);
        expect(manualOf(await getForm(FORM), '1-①')).toBeUndefined();
        // And back from the catalog itself.
        expect((await forms.loadCatalog()).updated).toEqual([FORM]);
        expect(manualOf(await getForm(FORM), '1-①')).toEqual(file.items[0].manual);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });

  describe('a version registered through the workbook', () => {
    const download = async (formId: string): Promise<Buffer> => (await t.http.get(`/v1/forms/${formId}?format=xlsx`).set(bearer(operator)).buffer(true).parse(binary).expect(200)).body as Buffer;
    const upload = (bytes: Buffer, dryRun = false) =>
      t.http
        .post(`/v1/forms${dryRun ? '?dryRun=true' : ''}`)
        .set(bearer(operator))
        .set('Content-Type', XLSX)
        .send(bytes);
    /** The 令和7年度 薬局確認用 as a test version of a series of its own, far in the future: nothing else reads it. */
    const testVersion = (id: string, revision: number, edit: (workbook: ExcelJS.Workbook) => void = () => undefined) =>
      download(FORM).then((bytes) =>
        editWorkbook(bytes, (workbook) => {
          setHeader(workbook, 'id', id);
          setHeader(workbook, 'series', 'facility-checklist/manual-test');
          setHeader(workbook, 'fiscalYear', TEST_YEAR);
          setHeader(workbook, 'revision', revision);
          setHeader(workbook, 'versionLabel', 'テスト版');
          setHeader(workbook, 'source', 'テスト: 令和7年度版をもとに編集した試験用の版 (test data, not an MHLW form)');
          edit(workbook);
        }),
      );
    const manualKeys = ['manual.section', 'manual.explanation', 'manual.terms', 'manual.notes', 'manual.guidelineRefs', 'manual.source'];

    it('downloads the manual in its own columns, a paragraph a line', async () => {
      const workbook = await loadWorkbook(await download(FORM));
      const cell = (key: string) => itemRow(workbook, '1-①').getCell(itemColumn(workbook, key)).value;
      const manual = catalogFile(FORM).items[0].manual as FormItemManual;
      expect(cell('manual.explanation')).toBe(manual.explanation.join('\n'));
      expect(cell('manual.guidelineRefs')).toBe('経営管理編 3.1.2②\n経営管理編 3.2');
      expect(cell('manual.source')).toBe(manual.source);
      expect(itemRow(workbook, '4-①').getCell(itemColumn(workbook, 'manual.explanation')).value).toBeNull();
    });

    it('registers a version with manual text typed into the columns', async () => {
      const bytes = await testVersion('facility-checklist-manual-test-with', 1, (workbook) => {
        setItem(workbook, '1-①', 'manual.explanation', `${TEST_TEXT}（一段落目）\n\n  ${TEST_TEXT}（二段落目）  `);
        setItem(workbook, '1-①', 'manual.notes', null);
        setItem(workbook, '4-①', 'manual.section', '4-①（テスト）');
        setItem(workbook, '4-①', 'manual.explanation', TEST_TEXT);
        setItem(workbook, '4-①', 'manual.source', 'テスト用の出典');
      });
      expect((await upload(bytes)).status).toBe(201);
      const form = await getForm('facility-checklist-manual-test-with');
      expect(manualOf(form, '1-①')).toEqual({ ...catalogFile(FORM).items[0].manual, explanation: [`${TEST_TEXT}（一段落目）`, `${TEST_TEXT}（二段落目）`] });
      expect(manualOf(form, '4-①')).toEqual({ section: '4-①（テスト）', explanation: [TEST_TEXT], source: 'テスト用の出典' });
      expect(manualOf(form, '2-⑭')).toEqual(manualOf(await getForm(FORM), '2-⑭'));
    });

    it('registers a version from a workbook without the manual columns (made before them): no item has manual text', async () => {
      const bytes = await testVersion('facility-checklist-manual-test-without', 2, (workbook) => {
        const items = sheet(workbook, ITEMS);
        for (const key of manualKeys) items.spliceColumns(itemColumn(workbook, key), 1);
      });
      expect((await upload(bytes)).status).toBe(201);
      const form = await getForm('facility-checklist-manual-test-without');
      expect(form.items).toHaveLength(19);
      expect(form.items.filter((item) => 'manual' in item)).toEqual([]);
    });

    it('refuses manual text without its heading or source, or a paragraph past the limit, naming the cell; nothing is written', async () => {
      const before = await countRows(t.db, 'forms');
      const missing = await testVersion('facility-checklist-manual-test-bad', 3, (workbook) => {
        setItem(workbook, '4-①', 'manual.explanation', TEST_TEXT);
      });
      const problem = expectProblem(await upload(missing, true), 400, 'validation_failed');
      const errors = (problem.errors ?? []) as { sheet: string; column?: string; message: string }[];
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ sheet: ITEMS, column: 'マニュアルの見出し (manual.section)', message: expect.stringContaining('空欄にせず') }),
          expect.objectContaining({ sheet: ITEMS, column: 'マニュアルの出典 (manual.source)', message: expect.stringContaining('items[18].manual.source') }),
        ]),
      );
      const long = await testVersion('facility-checklist-manual-test-bad', 3, (workbook) => {
        setItem(workbook, '1-①', 'manual.terms', 'あ'.repeat(2001));
      });
      const tooLong = expectProblem(await upload(long), 400, 'validation_failed');
      expect(tooLong.errors).toEqual([expect.objectContaining({ column: 'マニュアル：用語の解説 (manual.terms)', message: expect.stringContaining('各2000文字以内') })]);
      expect(await countRows(t.db, 'forms')).toBe(before);
    });
  });

  describe('a version registered as JSON', () => {
    it('refuses manual text that is not a list of bounded paragraphs, as problem+json, and writes nothing', async () => {
      const before = await countRows(t.db, 'forms');
      const base = catalogFile(FORM);
      const withManual = (manual: unknown) => ({
        ...base,
        id: 'facility-checklist-manual-test-json',
        series: 'facility-checklist/manual-test-json',
        fiscalYear: TEST_YEAR,
        items: base.items.map((item, index) => (index === 0 ? { ...item, manual } : item)),
      });
      for (const manual of [
        { section: 'x', explanation: 'not a list', source: 'x' },
        { section: 'x', explanation: [], source: 'x' },
        { section: 'x', explanation: ['x'.repeat(2001)], source: 'x' },
        { section: 'x', explanation: ['x'] },
        { section: 'x', explanation: ['x'], source: 'x', unknown: 'x' },
      ]) {
        expectProblem(await t.http.post('/v1/forms').set(bearer(operator)).send(withManual(manual)), 400, 'validation_failed');
      }
      expect(await countRows(t.db, 'forms')).toBe(before);
    });
  });
});
