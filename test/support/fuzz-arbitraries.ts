import fc from 'fast-check';
import type { JsonSchema } from './openapi-routes';

/**
 * Hostile values derived from JSON schemas, as fast-check arbitraries: for a field, a value of the
 * wrong type, a huge or odd string, an edge number; for a body, a schema-valid example and that
 * example with one field mutated. fuzz-requests.ts composes them into requests.
 */

const KB = 1024;
const MIB = 1024 * 1024;

/** encodeURIComponent throws on a lone surrogate: send it as U+FFFD, as a browser would. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const encodeLoosely = (text: string) => encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'));

/** A JSON token written as is (numbers JSON.stringify cannot produce, such as 1e999). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Strings that break naive code: lone surrogates, NUL, direction overrides, combining marks, emoji, full-width forms. */
export const UNICODE_EDGES = [
  '\uD800',
  'a\uDFFFb',
  '\u0000',
  'x\u0000y',
  '\u202Eevil\u202C',
  '\u200F\u200E',
  'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301',
  '👨‍👩‍👧‍👦',
  '🏥💊',
  '２０２５',
  '２０２５－０４－０１',
  '〜',
  'ｰ',
  'ﾃｽﾄ',
  '\uFEFF',
  '\u3000',
  '\u00A0',
  '①②③',
  '\uFFFF\uFFFE',
  'Ａ'.repeat(300),
  '\r\n\t\v\f',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '%00',
  '${7*7}{{7*7}}',
];

export const unicodeString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...UNICODE_EDGES) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...UNICODE_EDGES), { minLength: 2, maxLength: 6 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }) },
);

/** 100 KB to 2 MiB: under and over the 1 MiB body limit (the bulk route takes 32 MiB, so it sees them parsed). */
export const hugeString: fc.Arbitrary<string> = fc
  .record({ bytes: fc.constantFrom(100 * KB, 512 * KB, MIB + 1, 2 * MIB), unit: fc.constantFrom('A', '〜', '😀') })
  .map(({ bytes, unit }) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit))));

/** Arrays nested thousands deep (recursive walkers overflow their stack), or one array of many elements. */
export const deepOrWide: fc.Arbitrary<RawJson> = fc.oneof(
  fc.constantFrom(1_000, 20_000, 100_000).map((depth) => new RawJson('['.repeat(depth) + ']'.repeat(depth))),
  fc.constantFrom(1_000, 20_000).map((depth) => new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))),
  fc.constantFrom(10_000, 100_000).map((length) => new RawJson(`[${Array.from({ length }, () => '0').join(',')}]`)),
);

export const schemaType = (schema: JsonSchema): string | undefined => schema.type ?? (schema.allOf?.length === 1 ? schemaType(schema.allOf[0]) : schema.properties ? 'object' : undefined);

/** A value of another type than the schema's, or an edge value of its own type. */
export function wrongTypeFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const type = schemaType(schema);
  const options: fc.Arbitrary<unknown>[] = [fc.constant(null), deepOrWide];
  if (type !== 'string') options.push(fc.constantFrom('12', 'abc', '', 'true', '2025-04-01'), unicodeString);
  if (type !== 'number' && type !== 'integer') options.push(fc.constantFrom(0, -1, 1.5, 2 ** 53 + 1, -1e308));
  if (type === 'number' || type === 'integer') {
    options.push(fc.constantFrom(new RawJson('1e999'), new RawJson('-1e999'), new RawJson('-0'), new RawJson('1e-400'), 0.5, -(2 ** 31), 2 ** 63, new RawJson('123456789012345678901234567890')));
  }
  if (type !== 'boolean') options.push(fc.boolean());
  if (type !== 'array') options.push(fc.constantFrom([], ['x'], [[[]]], [null]));
  if (type === 'array') options.push(fc.constantFrom([null], [{}], [[]], ['x', 'x']), wrongTypeItems(schema));
  if (type !== 'object') options.push(fc.constantFrom({}, { nested: { deeper: true } }, { '0': 'x', length: 1 }));
  return fc.oneof(...options);
}

function wrongTypeItems(schema: JsonSchema): fc.Arbitrary<unknown> {
  const items = schema.items ?? {};
  return fc.array(fc.oneof(wrongTypeFor({ ...items, items: undefined }), unicodeString), { minLength: 1, maxLength: 3 });
}

/** Anything hostile for one field: wrong type, huge, odd unicode, empty. A string field mostly gets odd but well-typed text, which passes validation and reaches the service. */
export function hostileValueFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const text = schemaType(schema) === 'string';
  return fc.oneof(
    { weight: text ? 3 : 4, arbitrary: wrongTypeFor(schema) },
    { weight: text ? 5 : 2, arbitrary: unicodeString },
    { weight: 1, arbitrary: hugeString },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '0000-00-00', '2025-02-30', '9999-12-31T99:99:99Z', '00000000-0000-0000-0000-000000000000') },
  );
}

// ---------------------------------------------------------------------------------------------
// Schema-valid examples

/** A schema-valid value (as far as the schema says), taking the world's values for named fields. */
export function exampleFor(schema: JsonSchema, name: string, hints: Record<string, unknown>): unknown {
  if (name in hints) return hints[name];
  if (schema.allOf?.length === 1) return exampleFor(schema.allOf[0], name, hints);
  if (schema.enum?.length) return schema.enum[0];
  switch (schemaType(schema) ?? 'string') {
    case 'object': {
      const example: Record<string, unknown> = {};
      for (const [property, child] of Object.entries(schema.properties ?? {})) {
        if (!(schema.required ?? []).includes(property) && !(property in hints)) continue;
        const value = exampleFor(child, property, hints);
        if (value !== undefined) example[property] = value;
      }
      return example;
    }
    case 'array': {
      const item = exampleFor(schema.items ?? {}, name.replace(/s$/, ''), hints);
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => item);
    }
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return exampleString(schema, name);
  }
}

function exampleString(schema: JsonSchema, name: string): string {
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (schema.format === 'email') return 'fuzz@example.test';
  if (schema.pattern === '^\\d{10}$') return '1234567890';
  if (schema.pattern === '^\\d{6}$') return '123456';
  if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$' || /On$/.test(name)) return '2025-06-30';
  return 'テスト'.padEnd(Math.max(schema.minLength ?? 1, 3), 'x').slice(0, schema.maxLength ?? 100);
}

/**
 * Every place in a JSON value a mutation can hit: object members and array elements, and the
 * members the schema allows that the value leaves out (optional fields are attacked too).
 */
function fieldPaths(value: unknown, schema: JsonSchema, prefix: (string | number)[] = []): { path: (string | number)[]; schema: JsonSchema }[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => [{ path: [...prefix, index], schema: schema.items ?? {} }, ...fieldPaths(item, schema.items ?? {}, [...prefix, index])]);
  }
  if (value && typeof value === 'object' && !(value instanceof RawJson)) {
    // An `allOf` of a DTO and constraints on it (batch entries: exactly one of two fields) has its fields in the part that lists them.
    const resolved = schema.allOf?.find((part) => part.properties) ?? schema;
    const present = Object.entries(value).flatMap(([key, child]) => {
      const childSchema = resolved.properties?.[key] ?? {};
      return [{ path: [...prefix, key], schema: childSchema }, ...fieldPaths(child, childSchema, [...prefix, key])];
    });
    const absent = Object.entries(resolved.properties ?? {})
      .filter(([key]) => !(key in value))
      .map(([key, childSchema]) => ({ path: [...prefix, key], schema: childSchema }));
    return [...present, ...absent];
  }
  return [];
}

type Mutation = { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'add'; key: string; value: unknown };

function applyMutation(example: unknown, path: (string | number)[], mutation: Mutation): unknown {
  const copy: unknown = structuredClone(example);
  if (path.length === 0) return copy;
  let parent = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  switch (mutation.kind) {
    case 'replace':
      parent[last] = mutation.value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      break;
    case 'add': {
      const target = parent[last];
      if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[mutation.key] = mutation.value;
      else parent[last] = mutation.value;
      break;
    }
  }
  return copy;
}

/** The example with exactly one field replaced, removed, or given an unknown sibling. */
export function mutatedExample(example: unknown, schema: JsonSchema): fc.Arbitrary<unknown> {
  const paths = fieldPaths(example, schema);
  if (paths.length === 0) return fc.constant(example);
  return fc.constantFrom(...paths).chain(({ path, schema: fieldSchema }) =>
    fc
      .oneof(
        { weight: 6, arbitrary: hostileValueFor(fieldSchema).map((value): Mutation => ({ kind: 'replace', value })) },
        { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'delete' }) },
        { weight: 1, arbitrary: fc.record({ key: unknownKey, value: fc.jsonValue({ maxDepth: 2 }) }).map((added): Mutation => ({ kind: 'add', ...added })) },
      )
      .map((mutation) => applyMutation(example, path, mutation)),
  );
}

export const unknownKey = fc.oneof(fc.constantFrom('id', 'organizationId', 'role', 'status', 'isAdmin', 'createdAt', '$where', '', ' ', 'constructor', 'toString', 'hasOwnProperty'), fc.string({ minLength: 1, maxLength: 12 }));

/** JSON text of a value, writing RawJson tokens as they are. */
export function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, child]) => `${JSON.stringify(key)}:${jsonText(child)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
