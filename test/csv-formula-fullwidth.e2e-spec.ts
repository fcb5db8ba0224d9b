import * as iconv from 'iconv-lite';
import { FY } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { binaryParser, Publishing } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';
import { parseCsv } from './support/csv';

/**
 * Japanese Excel runs a cell that starts with a full-width ＝ ＋ － ＠ as a formula, as it does
 * with = + - @: text others chose (store and vendor names in the chain exports, an API client's
 * name in the audit log) is written as text in every CSV, whatever compatibility form it uses.
 */
const FORMULAS = ['＝HYPERLINK("http://evil.example","開く")', '＋cmd|\' /C calc\'!A0', '－2+3+cmd|\' /C calc\'!A0', '＠SUM(1+1)*cmd|\' /C calc\'!A0', '﹦1+1', '﹢1+1', '⁼1+1'];
/** Full-width letters and digits are text to Excel: left alone. */
const PLAIN = 'Ａ薬局１号店';

describe('CSV exports neutralise full-width formula characters', () => {
  let t: TestApp;
  let f: Factory;
  let p: Publishing;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    p = new Publishing(t, f);
  });
  afterAll(() => t.close());

  const download = (path: string, token: string) => t.http.get(path).set(bearer(token)).buffer(true).parse(binaryParser);

  it('the chain matrix, in UTF-8 and in Shift_JIS: store names starting with ＝ ＋ － ＠ (and ﹦ ﹢ ⁼) are written as text', async () => {
    const chain = await f.tenant('chain');
    // Names are now stored NFKC-normalised (issue 13, finding 8); names stored before that, or by
    // another path, keep their full-width forms, which is what the export must withstand: set with SQL.
    const names = [...FORMULAS, PLAIN];
    for (const name of names) {
      const store = await p.pharmacy({ chainId: chain.org.id });
      await t.db.query('UPDATE organizations SET name = $2 WHERE id = $1', [store.org.id, name]);
    }
    const path = `/v1/chains/${chain.org.id}/matrix?fiscalYear=${FY}&format=csv`;
    const utf8 = ((await download(path, chain.admin.token).expect(200)).body as Buffer).subarray(3).toString('utf8');
    const shiftJis = iconv.decode((await download(`${path}&encoding=shift_jis`, chain.admin.token).expect(200)).body as Buffer, 'Shift_JIS');
    const inert = names.map((name) => (name === PLAIN ? name : `'${name}`));
    // Shift_JIS has ＝＋－＠ but not the small and superscript forms, which it writes as 〓.
    for (const [text, expected] of [
      [utf8, inert],
      [shiftJis, inert.map((cell) => cell.replace(/[﹦﹢⁼]/g, '〓'))],
    ] as const) {
      const storeNames = parseCsv(text)
        .slice(1)
        .map((row) => row[0]);
      expect([...storeNames].sort()).toEqual([...expected].sort());
      for (const cell of storeNames) expect(cell.normalize('NFKC')).not.toMatch(/^[=+\-@]/);
    }
  });

  it("the audit log: an API client's name starting with ＝ ＋ － ＠ (and ﹦ ﹢ ⁼) is written as text", async () => {
    const vendor = await f.tenant('vendor');
    for (const name of [...FORMULAS, PLAIN]) {
      const created = await t.http
        .post(`/v1/organizations/${vendor.org.id}/api-clients`)
        .set(bearer(vendor.admin.token))
        .send({ name, scopes: ['checklists:write'], allowedCidrs: ['127.0.0.0/8', '::1/128'] })
        .expect(201);
      await t.http.post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: created.body.clientId, client_secret: created.body.clientSecret }).expect(200);
    }
    const text = ((await download('/v1/audit-events?format=csv', vendor.admin.token).expect(200)).body as Buffer).toString('utf8').slice(1);
    const rows = parseCsv(text);
    const actorLabel = rows[0].indexOf('実行者 (actorLabel)');
    const labels = new Set(rows.slice(1).map((row) => row[actorLabel]));
    for (const name of FORMULAS) {
      expect(labels).toContain(`'${name}`);
      expect(labels).not.toContain(name);
    }
    expect(labels).toContain(PLAIN);
    for (const row of rows.slice(1)) for (const cell of row) expect(cell.normalize('NFKC')).not.toMatch(/^[=+\-@\t\r]/);
  });
});
