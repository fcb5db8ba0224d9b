import fastifyStatic from '@fastify/static';
import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const PORTAL_PATH = '/portal';

/** dist/portal of the checkout, whether this file runs compiled (dist/src/portal) or under ts-jest (src/portal). */
export function portalRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'portal');
}

const NOT_BUILT_PAGE = `<!doctype html><html lang="ja"><meta charset="utf-8"><title>Kaiji</title>
<p>ポータルはまだビルドされていません。<code>npm run build</code> を実行してください。</p>
<p>The portal is not built yet: run <code>npm run build</code>. The API is at <a href="/docs">/docs</a>.</p></html>`;

/**
 * Serves the web portal (built by Vite into dist/portal) at /portal, with a fallback to index.html
 * for the single-page app's own routes, and redirects / there. The routes are registered on Fastify
 * directly: public static files, outside the /v1 prefix, the API's guard and the OpenAPI document.
 * The portal itself only talks to the public /v1 API with the user's token.
 */
export function registerPortal(fastify: FastifyInstance, root: string = portalRoot()): void {
  const indexFile = join(root, 'index.html');
  const built = existsSync(indexFile);
  if (!built) new Logger('Portal').warn(`${indexFile} is missing: /portal answers "not built" until \`npm run build\` runs`);

  fastify.get('/', (_request, reply) => reply.redirect(`${PORTAL_PATH}/`, 302));
  fastify.get(PORTAL_PATH, (_request, reply) => reply.redirect(`${PORTAL_PATH}/`, 301));

  if (built) {
    // Queued, not awaited: awaiting would load the plugin tree now, before Nest sets its error
    // handler (after the init hooks), and the API's routes would keep Fastify's default one.
    void fastify.register(fastifyStatic, {
      root,
      prefix: `${PORTAL_PATH}/`,
      decorateReply: false,
      // One route per built file (found now); everything else under /portal/ is the app's own route.
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders: (reply, path) => {
        // Vite names assets by content hash: they never change. index.html must be revalidated.
        void reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  fastify.get(`${PORTAL_PATH}/*`, async (request, reply) => {
    const path = request.url.split('?')[0];
    // A missing hashed asset is a 404, not the app (which would answer HTML to a script tag).
    if (path.startsWith(`${PORTAL_PATH}/assets/`)) return sendText(reply, 404, 'text/plain; charset=utf-8', 'Not found');
    if (!built) return sendText(reply, 503, 'text/html; charset=utf-8', NOT_BUILT_PAGE);
    return sendText(reply, 200, 'text/html; charset=utf-8', await readFile(indexFile, 'utf8'));
  });
}

function sendText(reply: FastifyReply, status: number, type: string, body: string): FastifyReply {
  return reply.code(status).header('content-type', type).header('cache-control', 'no-cache').send(body);
}

@Module({})
export class PortalModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    registerPortal(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }
}
