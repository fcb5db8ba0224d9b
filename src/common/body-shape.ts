import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Transform, TransformCallback } from 'node:stream';
import { AppError } from './app-error';
import { JsonScanner, JsonShapeProblem } from './json-scanner';

/**
 * Deeper than any Kaiji body (the deepest, a form registration, nests about five levels) by a wide
 * margin. class-transformer walks a body recursively before validation, so a few thousand nested
 * arrays in any member, known or not, would overflow its stack and answer 500.
 */
export const MAX_BODY_DEPTH = 32;

/**
 * Values (objects, arrays, strings, numbers, literals, keys included) a JSON body may hold on a
 * route that sets no limit of its own. The largest such bodies Kaiji takes (a form registration of
 * a few hundred items, an MDS/SDS with its answers) hold a few thousand; parsed, this many cost at
 * most a few MB of heap (bench/batch-memory.ts measures it), whatever the text.
 */
export const DEFAULT_MAX_JSON_VALUES = 50_000;

/** What a route declares about its JSON bodies (Fastify route config, set in app.setup.ts). */
export interface JsonBodyConfig {
  maxJsonValues?: number;
}

/** A UTF-16 surrogate without its other half: JSON can carry one (`"\ud800"`), UTF-8 cannot. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** JSON bodies whose text has been scanned as it arrived (the walk after parsing is then not needed). */
const scanned = new WeakSet<FastifyRequest>();

/**
 * Refuses, with a problem document before any route sees it, a body nested deeper than
 * MAX_BODY_DEPTH or holding text that is not well-formed Unicode (400 malformed_body), or a JSON
 * body with more values than its route takes (413 payload_too_large). JSON is checked as it
 * streams in, before it is parsed, so what a parse may build is bounded by the count, not only by
 * the byte limit; other parsed bodies (form-encoded) are walked once parsed.
 */
export function useBodyShapeLimits(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (!hasBody(request) || !isJson(request)) return payload;
    // Refused for its declared length before a byte is read (Fastify, next): nothing to scan.
    if (Number(request.headers['content-length']) > request.routeOptions.bodyLimit) return payload;
    scanned.add(request);
    const config = request.routeOptions.config as JsonBodyConfig | undefined;
    const guard = new JsonShapeGuard(new JsonScanner({ maxValues: config?.maxJsonValues ?? DEFAULT_MAX_JSON_VALUES, maxDepth: MAX_BODY_DEPTH }));
    // Fastify listens for the guard's error only while it reads the body: a problem found once it
    // has stopped (a body refused for its declared length) must not become an uncaught 'error'.
    guard.on('error', () => undefined);
    // pipe() does not pass on a client that went away mid-body: the guard must end too, so that
    // Fastify answers (and the request's resources are let go) instead of waiting for ever.
    payload.once('error', (error) => guard.destroy(error));
    payload.once('close', () => {
      if (!payload.readableEnded) guard.destroy(Object.assign(new Error('the client closed the connection before the body ended'), { code: 'ECONNRESET' }));
    });
    return payload.pipe(guard);
  });
  fastify.addHook('preValidation', async (request) => {
    if (scanned.has(request)) return;
    const problem = bodyShapeProblem(request.body, MAX_BODY_DEPTH);
    if (problem) throw new AppError(400, 'malformed_body', 'Bad request', problem);
  });
}

/** Whether the request carries a body (a length above zero, or one sent in chunks). */
export function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && type.split(';', 1)[0].trim().toLowerCase() === 'application/json';
}

/**
 * Passes the body through unchanged while scanning it; fails the stream (Fastify then answers the
 * error and never parses) at the first problem. `receivedEncodedLength` keeps Fastify's byte limit
 * and Content-Length check working on what came off the socket.
 */
class JsonShapeGuard extends Transform {
  receivedEncodedLength = 0;

  constructor(private readonly scanner: JsonScanner) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.receivedEncodedLength += chunk.length;
    const problem = this.scanner.feed(chunk);
    callback(problem ? shapeError(problem) : null, problem ? undefined : chunk);
  }

  override _flush(callback: TransformCallback): void {
    const problem = this.scanner.end();
    callback(problem ? shapeError(problem) : null);
  }
}

function shapeError(problem: JsonShapeProblem): AppError {
  switch (problem.kind) {
    case 'too_many_values':
      return new AppError(
        413,
        'payload_too_large',
        'Payload too large',
        `本文の値が多すぎます（上限${problem.limit}個） (the body holds more than ${problem.limit} values: objects, arrays, strings, numbers and keys each count)`,
      );
    case 'too_deep':
      return new AppError(400, 'malformed_body', 'Bad request', `The body nests arrays or objects deeper than ${problem.limit} levels.`);
    case 'lone_surrogate':
      return new AppError(400, 'malformed_body', 'Bad request', 'The body holds text that is not well-formed Unicode (a lone surrogate).');
  }
}

/** What is wrong with the shape of a parsed value, if anything (walked without recursion). */
export function bodyShapeProblem(value: unknown, maxDepth: number): string | undefined {
  // One frame per open container, with its children still to visit: never more frames than the depth.
  const frames: { children: unknown[]; next: number; depth: number }[] = [];
  const visit = (current: unknown, depth: number): string | undefined => {
    if (typeof current === 'string') return LONE_SURROGATE.test(current) ? 'The body holds text that is not well-formed Unicode (a lone surrogate).' : undefined;
    if (current === null || typeof current !== 'object' || Buffer.isBuffer(current)) return undefined;
    if (depth >= maxDepth) return `The body nests arrays or objects deeper than ${maxDepth} levels.`;
    frames.push({ children: Array.isArray(current) ? (current as unknown[]) : Object.entries(current).flat(), next: 0, depth: depth + 1 });
    return undefined;
  };
  const first = visit(value, 0);
  if (first) return first;
  while (frames.length > 0) {
    const frame = frames[frames.length - 1];
    if (frame.next >= frame.children.length) {
      frames.pop();
      continue;
    }
    const problem = visit(frame.children[frame.next++], frame.depth);
    if (problem) return problem;
  }
  return undefined;
}
