import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The committed OpenAPI document as a list of operations, for the suites that walk every route
 * (the access matrix and the fuzz suite). Reading the committed file rather than the running app
 * means a route that was added without regenerating the document fails `openapi:check` first, and a
 * route in the document without a rule or a fuzz entry fails these suites.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface JsonSchema {
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  nullable?: boolean;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  $ref?: string;
  [other: string]: unknown;
}

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export interface ApiOperation {
  /** e.g. `GET /v1/disclosures/{id}`: the key the suites' rule tables use. */
  key: string;
  method: HttpMethod;
  path: string;
  operationId: string;
  authenticated: boolean;
  pathParams: ParameterSpec[];
  queryParams: ParameterSpec[];
  /** The request body's media type and schema ($refs resolved), when the route takes one. */
  body?: { contentType: string; required: boolean; schema: JsonSchema };
}

interface OpenApiDocument {
  paths: Record<string, Partial<Record<HttpMethod, RawOperation>>>;
  components: { schemas: Record<string, JsonSchema> };
}

interface RawOperation {
  operationId: string;
  security?: unknown[];
  parameters?: ParameterSpec[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
}

export const OPENAPI_PATH = join(__dirname, '..', '..', 'openapi', 'openapi.json');

let cached: OpenApiDocument | undefined;

export function openApiDocument(): OpenApiDocument {
  cached ??= JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as OpenApiDocument;
  return cached;
}

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

export function apiOperations(): ApiOperation[] {
  const document = openApiDocument();
  const operations: ApiOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const raw = item[method];
      if (!raw) continue;
      const parameters = raw.parameters ?? [];
      const [contentType, media] = Object.entries(raw.requestBody?.content ?? {})[0] ?? [];
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method,
        path,
        operationId: raw.operationId,
        authenticated: (raw.security ?? []).length > 0,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body: contentType && media ? { contentType, required: raw.requestBody?.required ?? false, schema: resolveSchema(media.schema) } : undefined,
      });
    }
  }
  return operations;
}

/** Inlines `$ref`s (the document has no recursive schemas; a depth guard keeps that an assumption, not a hang). */
export function resolveSchema(schema: JsonSchema, depth = 0): JsonSchema {
  if (depth > 20) throw new Error('schema nesting deeper than 20: recursive $ref?');
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = openApiDocument().components.schemas[name];
    if (!target) throw new Error(`unknown schema ${schema.$ref}`);
    return resolveSchema(target, depth + 1);
  }
  const resolved: JsonSchema = asNullable({ ...schema });
  if (schema.items) resolved.items = resolveSchema(schema.items, depth + 1);
  if (schema.properties) {
    resolved.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolveSchema(v, depth + 1)]));
  }
  for (const combinator of ['oneOf', 'anyOf', 'allOf'] as const) {
    const parts = resolved[combinator];
    if (parts) resolved[combinator] = parts.map((part) => resolveSchema(part, depth + 1));
  }
  if (typeof schema.additionalProperties === 'object') resolved.additionalProperties = resolveSchema(schema.additionalProperties, depth + 1);
  return resolved;
}

/**
 * The document is OpenAPI 3.1 (`type: ['string', 'null']`, `oneOf: [X, {type: 'null'}]`); the suites
 * read a schema's one type, so a nullable one is given back in the 3.0 shape they know.
 */
function asNullable(schema: JsonSchema): JsonSchema {
  const type = schema.type as unknown;
  if (Array.isArray(type)) return { ...schema, type: type.find((name) => name !== 'null') as string | undefined, nullable: type.includes('null') };
  const options = schema.oneOf ?? schema.anyOf;
  const nonNull = options?.filter((option) => option.type !== 'null');
  if (options && nonNull && nonNull.length === 1 && options.length === 2) {
    const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = schema;
    return { ...rest, allOf: nonNull, nullable: true };
  }
  return schema;
}

/** `/v1/contracts/{id}/checklists/{fiscalYear}` with `{ id, fiscalYear }` → a concrete URL path. */
export function fillPath(path: string, values: Record<string, string | number>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(String(value));
  });
}
