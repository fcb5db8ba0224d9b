import helmet from '@fastify/helmet';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { useBodyAdmission } from './auth/body-admission';
import { JwtKeyring } from './auth/jwt-keys';
import { BATCH_BODY_LIMIT_BYTES, MAX_BATCH_JSON_VALUES } from './checklists/checklist-batch.dto';
import { useBodyShapeLimits } from './common/body-shape';
import { HEAVY_REQUEST_GATE, useHeavyRequestGate } from './common/heavy-request-gate';
import { RouteBodyRule, useRouteBodyRules } from './common/route-bodies';
import { answerClientError, ProblemFilter, sendProblem } from './common/problem.filter';
import { requestIdFor } from './common/request-id';
import { createValidationPipe } from './common/validation';
import { WORKBOOK_BODY_LIMIT_BYTES, XLSX_CONTENT_TYPE } from './form-registration/form-workbook-layout';
import { WORKBOOK_ROUTE_BODY_RULES } from './workbooks/workbook-routes';
import { finalizeOpenApiDocument, OpenApi31Document } from './openapi/openapi-document';
import { collectRouteFacts, operationIdFor } from './openapi/route-facts';
import type { AppConfig } from './config/app-config';
import { useConditionalGet } from './sync/conditional-get';

/** Default request body limit; routes that take bulk uploads raise it for themselves. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Routes anyone may call (login, token, refresh) read at most this much from anyone. */
const PUBLIC_BODY_LIMIT_BYTES = 16 * 1024;
/** Original MDS/SDS PDFs may be up to 10 MB; a little more is let through so the check can say so. */
const PDF_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
/** Media types with a parser of their own: read only by the routes below that take them (415 elsewhere, unread). */
const UPLOAD_TYPES = ['application/pdf', XLSX_CONTENT_TYPE];
/** Routes whose bodies differ from the default (JSON, BODY_LIMIT_BYTES, DEFAULT_MAX_JSON_VALUES), 'METHOD /path'. */
const ROUTE_BODY_RULES: Record<string, RouteBodyRule> = {
  // Up to 2,000 customers' checklists and MAX_BATCH_ANSWERS answers (limits measured: bench/batch-memory.ts).
  'POST /v1/checklists/batch': { bodyLimit: BATCH_BODY_LIMIT_BYTES, config: { maxJsonValues: MAX_BATCH_JSON_VALUES, heavy: true } },
  'PUT /v1/disclosures/:id/attachment': { config: { uploadTypes: ['application/pdf'], heavy: true } },
  // Evidence files (BCP, 規程類, access-log reviews): the same PDF limit and inspection.
  'PUT /v1/evidence-documents/:id/file': { config: { uploadTypes: ['application/pdf'], heavy: true } },
  // Form versions as a workbook (operator); the XLSX parser's own limit (WORKBOOK_BODY_LIMIT_BYTES) applies.
  'POST /v1/forms': { config: { uploadTypes: [XLSX_CONTENT_TYPE] } },
  // Answer workbooks (事業者確認用, MDS/SDS) uploaded by vendors: src/workbooks/workbook-routes.ts.
  ...WORKBOOK_ROUTE_BODY_RULES,
};

export function createAdapter(config: Pick<AppConfig, 'trustProxy'>): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // Only the load balancers' own hops of X-Forwarded-For are believed (their addresses, or a number
    // of hops): request.ip is the right-most address no trusted proxy added, never the client's own claim.
    trustProxy: config.trustProxy,
    // One id per request, from the caller's X-Request-Id when sane; pino-http logs it on every line.
    genReqId: (req: IncomingMessage) => {
      const id = requestIdFor(req);
      req.id = id;
      return id;
    },
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // What the router refuses before any hook or filter runs (a malformed percent-encoding, a path
    // parameter over its length limit) is a problem document too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      void reply.header('X-Request-Id', request.id);
      sendProblem(error, request, reply);
    },
    clientErrorHandler: answerClientError,
  });
}

/** The app as main, tests and the OpenAPI generator all build it. */
export async function createApp(config: AppConfig, options: { scheduler?: boolean; preview?: boolean } = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, options), createAdapter(config), {
    bufferLogs: true,
    preview: options.preview,
    abortOnError: false,
  });
  await configureApp(app, { docs: config.docs });
  return app;
}

export async function configureApp(app: NestFastifyApplication, options: { docs: boolean } = { docs: true }): Promise<void> {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('v1', { exclude: ['health', 'ready', 'openapi.json', '.well-known/security.txt', '.well-known/oauth-authorization-server'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('X-Request-Id', request.id);
  });
  // If-None-Match with a record's current ETag: 304 (src/sync).
  useConditionalGet(fastify);
  // Bodies are JSON (or form-encoded for the OAuth token endpoint, PDF for attachments, XLSX for form versions); anything else is 415.
  fastify.removeContentTypeParser('text/plain');
  useRouteBodyRules(fastify, ROUTE_BODY_RULES, PUBLIC_BODY_LIMIT_BYTES);
  // Before any body is read: no token, no body (401); an upload type only where a route takes it (415).
  useBodyAdmission(fastify, { keyring: () => app.get(JwtKeyring), uploadTypes: UPLOAD_TYPES });
  useHeavyRequestGate(fastify, HEAVY_REQUEST_GATE);
  useBodyShapeLimits(fastify);
  // Parsers are per server, not per route: the admission above keeps PDF bodies to the attachment route.
  fastify.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: PDF_BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));
  // Form versions uploaded as a workbook (POST /v1/forms); the service reads them within its own limits.
  fastify.addContentTypeParser(XLSX_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit: WORKBOOK_BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Scripts only from the portal's own files: an injected inline script or handler does not run.
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // Helmet's default would make browsers fetch the portal's scripts over https even when the
        // page itself came over http (a demo opened from a tablet on the LAN): every resource is
        // same-origin, so there is no mixed content to upgrade; TLS is the deployment's (HSTS).
        upgradeInsecureRequests: null,
      },
    },
  });

  // KAIJI_DOCS (off by default in production): the committed openapi/openapi.json is the contract either way.
  if (options.docs) SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
}

/** The OpenAPI 3.1 document of the app: Nest's scan, finished by src/openapi (security, errors, webhooks …). */
export function buildOpenApiDocument(app: INestApplication): OpenApi31Document {
  const config = new DocumentBuilder()
    .setTitle('Kaiji API')
    .setDescription(
      'Kaiji (開示): MDS/SDS security disclosures and 事業者確認用 checklists exchanged between healthcare IT vendors and Japanese pharmacies. ' +
        'Errors are RFC 9457 application/problem+json. Lists answer {items, nextCursor}.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A portal user’s access token (POST /v1/auth/login), or an API client’s (oauth2).' }, 'bearer')
    .build();
  const generated = SwaggerModule.createDocument(app, config, { operationIdFactory: operationIdFor });
  return finalizeOpenApiDocument(generated, collectRouteFacts(app));
}
