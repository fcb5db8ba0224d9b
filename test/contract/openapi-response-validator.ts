import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Checks real responses against an OpenAPI document the way an integrator's tooling would: the
 * operation exists, the status is declared, the media type is declared, and the body validates
 * against the declared schema. Schemas are compiled by Ajv's JSON Schema 2020-12 dialect (what
 * OpenAPI 3.1 uses); a 3.0 document is first translated with 3.0's own rules, so that
 * `nullable: true` beside `allOf`/`$ref` (no `type`) admits no null, as a 3.0 validator reads it.
 */

export interface RecordedResponse {
  method: string;
  /** The request path and query, as sent. */
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, for JSON media types. */
  body: unknown;
  /** Whether the response carried any bytes. */
  hasBody: boolean;
}

export interface Violation {
  /** `GET /v1/contracts/{id}`, or the raw request when no operation matched. */
  operation: string;
  status: number;
  message: string;
}

type Json = Record<string, unknown>;
type Operation = { responses?: Record<string, Json> };

const DOCUMENT_ID = 'https://kaiji.invalid/openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export class OpenApiResponseValidator {
  private readonly ajv: Ajv2020;
  private readonly document: Json;
  private readonly routes: { template: string; pattern: RegExp; literalSegments: number; item: Json }[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: Json) {
    const version = typeof document.openapi === 'string' ? document.openapi : '';
    if (!/^3\.[01]\./.test(version)) throw new Error(`unsupported OpenAPI version ${version}`);
    this.document = version.startsWith('3.0') ? (fromOpenApi30(document) as Json) : document;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    for (const format of ['binary', 'int32', 'int64', 'float', 'double', 'password']) this.ajv.addFormat(format, true);
    // The whole document is not a schema: stored for its components, not checked against the meta-schema.
    this.ajv.addSchema({ ...this.document, $id: DOCUMENT_ID }, undefined, undefined, false);
    this.routes = Object.entries((this.document.paths ?? {}) as Record<string, Json>)
      .map(([template, item]) => ({
        template,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
        literalSegments: template.split('/').filter((segment) => segment && !segment.startsWith('{')).length,
        item,
      }))
      // A literal segment wins over a parameter (`/v1/pharmacies/lookup` before `/v1/pharmacies/{id}`).
      .sort((a, b) => b.literalSegments - a.literalSegments);
  }

  /** The document's path template for a request path, if any. */
  templateOf(url: string): string | undefined {
    const path = url.split('?')[0];
    return this.routes.find((route) => route.pattern.test(path))?.template;
  }

  validate(response: RecordedResponse): Violation[] {
    const method = response.method.toLowerCase();
    const path = response.url.split('?')[0];
    const route = this.routes.find((candidate) => candidate.pattern.test(path));
    const fail = (operation: string, message: string): Violation[] => [{ operation, status: response.status, message }];
    if (!route) return fail(`${response.method} ${path}`, 'no path in the document matches this request');
    const key = `${response.method.toUpperCase()} ${route.template}`;
    const operation = METHODS.includes(method) ? (route.item[method] as Operation | undefined) : undefined;
    if (!operation) return fail(key, 'the document has no such operation');

    const responses = operation.responses ?? {};
    const declaredKey = [String(response.status), `${String(response.status)[0]}XX`, 'default'].find((candidate) => candidate in responses);
    if (!declaredKey) return fail(key, `status ${response.status} is not declared (declared: ${Object.keys(responses).join(', ')})`);
    const declared = this.deref(responses[declaredKey]);
    const violations: Violation[] = [];

    for (const [name, header] of Object.entries((declared.headers ?? {}) as Record<string, Json>)) {
      const resolved = this.deref(header);
      if (resolved.required === true && response.headers[name.toLowerCase()] === undefined) violations.push(...fail(key, `required header ${name} is missing`));
    }

    const content = (declared.content ?? {}) as Record<string, Json>;
    if (!response.hasBody) {
      // A body the document promises but the response lacks (204 and HEAD never carry one).
      if (Object.keys(content).length > 0 && response.status !== 204 && method !== 'head') violations.push(...fail(key, `empty body, but the document declares ${Object.keys(content).join(', ')}`));
      return violations;
    }
    const contentType = String(response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (Object.keys(content).length === 0) return [...violations, ...fail(key, `a ${contentType || 'untyped'} body, but the document declares no content for ${declaredKey}`)];
    const mediaKey = mediaTypeFor(contentType, Object.keys(content));
    if (!mediaKey) return [...violations, ...fail(key, `media type ${contentType} is not declared (declared: ${Object.keys(content).join(', ')})`)];
    const schema = content[mediaKey].schema as Json | undefined;
    if (!schema) return violations;
    if (!isJson(contentType)) {
      // A CSV, PDF or workbook is bytes: a schema of any other type describes something the body is not.
      const resolved = this.deref(schema);
      if (resolved.type !== 'string') violations.push(...fail(key, `a ${contentType} body, but the document types it ${JSON.stringify(schema).slice(0, 80)}`));
      return violations;
    }
    let validate: ValidateFunction;
    try {
      validate = this.validator(`${key} ${declaredKey} ${mediaKey}`, schema);
    } catch (error) {
      // A dangling $ref is the document's fault, not the response's: reported, not thrown.
      return [...violations, ...fail(key, `the declared schema does not compile: ${(error as Error).message}`)];
    }
    if (!validate(response.body)) {
      for (const error of validate.errors ?? []) {
        violations.push(...fail(key, `body${error.instancePath || ''} ${error.message ?? 'is invalid'}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`));
      }
    }
    return violations;
  }

  private validator(cacheKey: string, schema: Json): ValidateFunction {
    let validate = this.compiled.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(absoluteRefs(schema) as Json);
      this.compiled.set(cacheKey, validate);
    }
    return validate;
  }

  /** A response or header object behind its `$ref` (`#/components/responses/…`). */
  private deref(value: Json, depth = 0): Json {
    const ref = value.$ref;
    if (typeof ref !== 'string' || depth > 10) return value;
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], this.document);
    if (!target) throw new Error(`unresolvable reference ${ref}`);
    return this.deref(target as Json, depth + 1);
  }
}

function isJson(mediaType: string): boolean {
  return /^application\/([\w.-]+\+)?json$/.test(mediaType);
}

/** The declared media type a real one answers to: exact first, then `type/*`, then `*\/*`. */
function mediaTypeFor(actual: string, declared: string[]): string | undefined {
  const normalized = declared.map((key) => [key, key.split(';')[0].trim().toLowerCase()] as const);
  const [type] = actual.split('/');
  return (normalized.find(([, key]) => key === actual) ?? normalized.find(([, key]) => key === `${type}/*`) ?? normalized.find(([, key]) => key === '*/*'))?.[0];
}

/** Local `#/components/…` references, pointed at the document Ajv holds. */
function absoluteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(absoluteRefs);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${DOCUMENT_ID}${value}` : absoluteRefs(value)]),
  );
}

/**
 * OpenAPI 3.0 schemas as JSON Schema 2020-12, by 3.0.3's rules: `nullable: true` adds null to the
 * `type` beside it and has no effect without one (so `{nullable, allOf: [$ref]}` still rejects null).
 */
function fromOpenApi30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fromOpenApi30);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Json;
  const converted: Json = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, fromOpenApi30(value)]));
  if (nullable === true && typeof converted.type === 'string') {
    converted.type = [converted.type, 'null'];
    if (Array.isArray(converted.enum)) converted.enum = [...(converted.enum as unknown[]), null];
  }
  return converted;
}
