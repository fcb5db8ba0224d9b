import Fastify, { type FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portalRoot, registerPortal } from './portal.module';

describe('portal serving', () => {
  let root: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kaiji-portal-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Kaiji</title><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log("portal")');
    app = Fastify();
    registerPortal(app, root);
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('redirects / and /portal to /portal/', async () => {
    const home = await app.inject({ url: '/' });
    expect(home.statusCode).toBe(302);
    expect(home.headers.location).toBe('/portal/');
    const bare = await app.inject({ url: '/portal' });
    expect(bare.headers.location).toBe('/portal/');
  });

  it("answers index.html for the app's own routes, revalidated", async () => {
    for (const url of ['/portal/', '/portal/pharmacy', '/portal/threads/0b7c?x=1']) {
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets as immutable, and a missing asset as 404 (not the app)', async () => {
    const asset = await app.inject({ url: '/portal/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await app.inject({ url: '/portal/assets/index-gone.js' });
    expect(missing.statusCode).toBe(404);
  });

  it('says so when the portal is not built', async () => {
    const bare = Fastify();
    registerPortal(bare, join(root, 'nowhere'));
    await bare.ready();
    const response = await bare.inject({ url: '/portal/pharmacy' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build');
    await bare.close();
  });

  it('finds dist/portal of the checkout from source or compiled code', () => {
    expect(portalRoot(__dirname)).toBe(join(__dirname, '..', '..', 'dist', 'portal'));
    expect(portalRoot(join(__dirname, '..', '..', 'dist', 'src', 'portal'))).toBe(join(__dirname, '..', '..', 'dist', 'portal'));
  });
});
