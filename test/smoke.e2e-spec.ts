import { Factory, bearer } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

describe('smoke', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  it('answers health and who-am-i', async () => {
    await t.http.get('/health').expect(200, { status: 'ok' });
    const { admin } = await f.tenant('vendor');
    const me = await t.http.get('/v1/me').set(bearer(admin.token)).expect(200);
    expect(me.body.email).toBe(admin.email);
  });
});
