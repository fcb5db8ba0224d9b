import fc from 'fast-check';
import { deepOrWide, encodeLoosely, exampleFor, hugeString, jsonText, mutatedExample, RawJson, schemaType, unicodeString, unknownKey, wrongTypeFor } from './fuzz-arbitraries';
import type { ApiOperation, JsonSchema, ParameterSpec } from './openapi-routes';

/**
 * Hostile requests for one operation of the OpenAPI document. Each case attacks one dimension
 * (path, query or body) and keeps the others valid, so that the hostile part reaches as deep into
 * the route as it can: malformed and mistyped bodies derived from the operation's schema, bad ids,
 * bad query parameters.
 */

/** What to send: the body bytes with their declared media type. */
export interface RawBody {
  contentType: string;
  payload: string | Buffer;
}

export interface FuzzRequest {
  /** The dimension attacked, e.g. `body:wrong-types`. */
  attack: string;
  /** Raw (already percent-encoded) path segments by parameter name. */
  pathValues: Record<string, string>;
  /** Raw query string without the `?`; repeated keys allowed. */
  query: string;
  body?: RawBody;
}

/** Valid values the world supplies: path parameters, and body fields / query parameters by name. */
export interface ValidValues {
  pathValues: Record<string, string>;
  hints: Record<string, unknown>;
}

const json = (value: unknown): RawBody => ({ contentType: 'application/json', payload: jsonText(value) });

/** `{"__proto__": …}` and `constructor.prototype`, at the top or inside a member of the example. */
function pollutionBodies(example: unknown): fc.Arbitrary<RawBody> {
  const poison = fc.constantFrom('"__proto__":{"polluted":"yes","isAdmin":true}', '"constructor":{"prototype":{"polluted":"yes"}}', '"__proto__":{"__proto__":{"polluted":"yes"}}');
  const members = example && typeof example === 'object' && !Array.isArray(example) ? Object.keys(example) : [];
  return fc.tuple(poison, fc.constantFrom<string | undefined>(undefined, ...members)).map(([member, inside]) => {
    const text = jsonText(example);
    if (inside === undefined || text === '{}') return { contentType: 'application/json', payload: text === '{}' ? `{${member}}` : `{${member},${text.slice(1)}` };
    const nested = jsonText({ ...(example as Record<string, unknown>), [inside]: new RawJson(`{${member}}`) });
    return { contentType: 'application/json', payload: nested };
  });
}

const MALFORMED_JSON = ['{', '{"a":', '{"a":1,}', "{'a':1}", 'NaN', '[1,2', '\uFEFF{}', '{"a":1}{"b":2}', '{"a":"\\x"}', '{"a":"\\uD800"}', '', ' ', '\u0000', '{"a":1e999}', 'nul', '{"a" 1}', '{,}', '"\u0000"'];
const NON_OBJECT_JSON = ['null', '42', '"text"', '[]', '[{}]', 'true', '-0', '1e999'];

/** Raw bytes that are not UTF-8 inside a JSON string. */
const INVALID_UTF8 = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);

function wrongMediaType(example: unknown): fc.Arbitrary<RawBody> {
  const text = jsonText(example);
  return fc.constantFrom<RawBody>(
    { contentType: 'text/plain', payload: text },
    { contentType: 'application/xml', payload: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>' },
    { contentType: 'application/x-www-form-urlencoded', payload: 'a=1&a=2&__proto__[polluted]=yes&constructor[prototype][polluted]=yes' },
    { contentType: 'multipart/form-data; boundary=x', payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--' },
    { contentType: 'application/json; charset=utf-16', payload: Buffer.from(text, 'utf16le') },
    { contentType: 'application/json; charset=latin1', payload: text },
    { contentType: 'application/octet-stream', payload: Buffer.from([0, 1, 2, 255]) },
    { contentType: 'application/pdf', payload: Buffer.from('%PDF-1.7\n%%EOF\n') },
    { contentType: 'application/json', payload: INVALID_UTF8 },
    { contentType: 'APPLICATION/JSON', payload: text },
    { contentType: 'application/json', payload: `${text}\u0000` },
  );
}

/** The example with several members of the wrong type at once. */
function wrongTypes(example: unknown, schema: JsonSchema): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return fc.constant(example);
  return fc
    .subarray(properties, { minLength: 1 })
    .chain((chosen) => fc.tuple(...chosen.map(([name, child]) => wrongTypeFor(child).map((value) => [name, value] as const))))
    .map((replaced) => ({ ...(example as Record<string, unknown>), ...Object.fromEntries(replaced) }));
}

/** The example with some of its schema's free-text members (optional ones too; enums and ids excluded) set to values drawn from `value`. */
function stringMembers(example: unknown, schema: JsonSchema, value: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const names = Object.entries(schema.properties ?? {})
    .filter(([, child]) => schemaType(child) === 'string' && !child.enum && !child.format && !child.pattern)
    .map(([name]) => name);
  if (names.length === 0) return value.map((text) => ({ ...(example as Record<string, unknown>), text }));
  return fc
    .subarray(names, { minLength: 1 })
    .chain((chosen) => fc.tuple(...chosen.map((name) => value.map((text) => [name, text] as const))))
    .map((members) => ({ ...(example as Record<string, unknown>), ...Object.fromEntries(members) }));
}

/** The example with one of its schema's members, or an unknown one (which validation walks too), set to a value drawn from `value`. */
function oneMember(example: unknown, schema: JsonSchema, value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const names = [...Object.keys(schema.properties ?? {}), 'unknownMember'];
  return fc.tuple(fc.constantFrom(...names), value).map(([name, member]) => ({ ...(example as Record<string, unknown>), [name]: member }));
}

/** Hostile bodies for a JSON route: malformed, not an object, wrong types, huge, unicode, pollution, unknown members, wrong media type, mutated example. */
export function jsonBodyAttacks(schema: JsonSchema | undefined, example: unknown): fc.Arbitrary<{ attack: string; body: RawBody }> {
  const objectSchema = schema ?? { type: 'object', properties: {} };
  const tagged = (attack: string, arbitrary: fc.Arbitrary<RawBody>) => arbitrary.map((body) => ({ attack: `body:${attack}`, body }));
  return fc.oneof(
    tagged('malformed-json', fc.constantFrom(...MALFORMED_JSON, ...NON_OBJECT_JSON).map((payload) => ({ contentType: 'application/json', payload }))),
    tagged('wrong-types', wrongTypes(example, objectSchema).map(json)),
    tagged('huge-string', oneMember(example, objectSchema, hugeString).map(json)),
    tagged('unicode', stringMembers(example, objectSchema, unicodeString).map(json)),
    tagged('prototype-pollution', pollutionBodies(example)),
    tagged('unknown-members', fc.dictionary(unknownKey, fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 4 }).map((extra) => json({ ...(example as object), ...extra }))),
    tagged('media-type', wrongMediaType(example)),
    tagged('deep-nesting', oneMember(example, objectSchema, deepOrWide).map(json)),
    { weight: 3, arbitrary: tagged('mutated-valid', mutatedExample(example, objectSchema).map(json)) },
  );
}

/** Hostile bodies for the PDF upload route: not PDFs, PDF-looking garbage, JSON, nothing. */
export function binaryBodyAttacks(contentType: string): fc.Arbitrary<{ attack: string; body: RawBody }> {
  return fc
    .oneof(
      fc.uint8Array({ minLength: 0, maxLength: 4096 }).map((bytes): RawBody => ({ contentType, payload: Buffer.from(bytes) })),
      fc.constantFrom('%PDF-', '%PDF-1.7\n%%EOF', '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF', '%%EOF%PDF-').map((text): RawBody => ({ contentType, payload: Buffer.from(text) })),
      unicodeString.map((text): RawBody => ({ contentType, payload: Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`) })),
      fc.constantFrom<RawBody>({ contentType: 'application/json', payload: '{"pdf":true}' }, { contentType: 'text/plain', payload: '%PDF-1.7' }, { contentType: 'application/pdf; charset=utf-8', payload: 'x' }),
    )
    .map((body) => ({ attack: 'body:binary', body }));
}

/** Form-encoded bodies (the OAuth token endpoint): repeated keys, odd unicode, pollution keys. */
export function formBodyAttacks(example: Record<string, unknown>): fc.Arbitrary<{ attack: string; body: RawBody }> {
  const pairs = Object.entries(example).map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return fc
    .oneof(
      fc.constantFrom('grant_type=client_credentials&grant_type=password', '__proto__[polluted]=yes', 'constructor[prototype][polluted]=yes', '%ZZ=%', '&&&=', 'a'.repeat(200_000)),
      fc.tuple(fc.constantFrom(...Object.keys(example)), unicodeString).map(([key, value]) => [...pairs, `${key}=${encodeLoosely(value)}`].join('&')),
      fc.tuple(fc.constantFrom(...Object.keys(example)), hugeString).map(([key, value]) => [...pairs.filter((pair) => !pair.startsWith(`${key}=`)), `${key}=${value}`].join('&')),
    )
    .map((payload) => ({ attack: 'body:form', body: { contentType: 'application/x-www-form-urlencoded', payload } }));
}

// ---------------------------------------------------------------------------------------------
// Path and query

/** Path segments that are not ids: malformed, traversal, NUL, too long, ids of nothing. */
export const hostilePathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'not-a-uuid',
    '0',
    '-1',
    '..',
    '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e',
    '..%5C..',
    '%00',
    'abc%00def',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '{12345678-1234-1234-1234-123456789abc}',
    '123456781234123412341234567890ab',
    'x'.repeat(101),
    'x'.repeat(5000),
    '%E0%A4%A',
    '%',
    '%ZZ',
    "'%20OR%20'1'%3D'1",
    '1%3BDROP%20TABLE%20users',
    '2025.5',
    '1e309',
    '99999999999999999999',
    '-2025',
    '0x7E9',
    '%202025',
    'NaN',
    'Infinity',
    '%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95',
  ),
  fc.uuid().map((id) => id),
  fc.uuid().map((id) => `${id.toUpperCase()}%00`),
  unicodeString.map((text) => encodeLoosely(text)),
);

const QUERY_VALUES = ['-1', '0', '101', '1e309', 'abc', '', '1.5', '99999999999999999999', '0x10', '%205', 'NaN', 'null', 'undefined', 'true', 'yes', 'TRUE', '2025-13-45', '0000-00-00', '2025-02-30', 'not-a-uuid', 'platform', '%ZZ', '%00', 'x'.repeat(5000)];

/** A garbage cursor: base64url of hostile JSON, random text, or an encoded huge value. */
const garbageCursor: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
  fc.constantFrom('eyJpZCI6Ii0xIn0', 'eyJrIjpbMSwyXX0', Buffer.from('{"t":"9999-99-99","id":"x"}').toString('base64url'), Buffer.from('{"o":-1,"id":null}').toString('base64url'), 'AAAA', '====', '!!'),
  fc.string({ maxLength: 60 }).map(encodeLoosely),
);

function hostileQueryValue(param: ParameterSpec): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [fc.constantFrom(...QUERY_VALUES), unicodeString.map((text) => encodeLoosely(text))];
  if (param.name === 'cursor') options.push(garbageCursor, garbageCursor);
  if (param.schema.enum?.length) options.push(fc.constantFrom(...param.schema.enum.map((value) => encodeURIComponent(String(value).toUpperCase() + ' '))));
  return fc.oneof(...options);
}

/** 1–3 query parameters with hostile values, some repeated (arrays), plus unknown and pollution keys. */
export function queryAttacks(params: ParameterSpec[]): fc.Arbitrary<string> {
  const known = params.map((param) =>
    fc
      .tuple(hostileQueryValue(param), fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileQueryValue(param) }))
      .map(([value, repeated]) => [param.name, value, ...(repeated === null ? [] : [repeated])] as const),
  );
  const odd = fc.constantFrom(['__proto__', 'x'], ['__proto__[polluted]', 'yes'], ['constructor[prototype][polluted]', 'yes'], ['unknownParam', '1'], ['limit[]', '5'], ['', '']);
  const entries = fc.oneof(...known, odd);
  return fc.array(entries, { minLength: 1, maxLength: 3 }).map((chosen) =>
    chosen.flatMap(([name, ...values]) => values.map((value) => `${encodeURIComponent(name)}=${value}`)).join('&'),
  );
}

// ---------------------------------------------------------------------------------------------
// One request

/** Every hostile request for an operation, given the world's valid values. */
export function hostileRequests(operation: ApiOperation, valid: ValidValues): fc.Arbitrary<FuzzRequest> {
  const base = { pathValues: valid.pathValues, query: '' };
  const validBody = bodyExample(operation, valid.hints);
  const attacks: fc.WeightedArbitrary<FuzzRequest>[] = operation.pathParams.map((param) => ({
    weight: 1,
    arbitrary: hostilePathSegment.map((segment) => ({ ...base, body: validBody, attack: `path:${param.name}`, pathValues: { ...valid.pathValues, [param.name]: segment } })),
  }));
  attacks.push({ weight: 1, arbitrary: queryAttacks(operation.queryParams).map((query) => ({ ...base, body: validBody, attack: 'query', query })) });
  if (operation.method !== 'get') {
    // A route that takes a body is mostly attacked through it; one without still gets a few bodies it does not expect.
    const weight = operation.body ? 3 * attacks.length : attacks.length;
    attacks.push({ weight, arbitrary: bodyAttacks(operation, valid.hints).map(({ attack, body }) => ({ ...base, attack, body })) });
  }
  return fc.oneof(...attacks);
}

function bodyAttacks(operation: ApiOperation, hints: Record<string, unknown>): fc.Arbitrary<{ attack: string; body: RawBody }> {
  const body = operation.body;
  if (!body) return jsonBodyAttacks(undefined, {});
  const example = exampleFor(body.schema, '', hints);
  if (body.contentType === 'application/pdf') return binaryBodyAttacks(body.contentType);
  if (body.contentType === 'application/x-www-form-urlencoded') return fc.oneof(formBodyAttacks(example as Record<string, unknown>), jsonBodyAttacks(body.schema, example));
  return jsonBodyAttacks(body.schema, example);
}

/** The schema-valid body sent alongside path and query attacks (JSON routes only). */
function bodyExample(operation: ApiOperation, hints: Record<string, unknown>): RawBody | undefined {
  if (!operation.body || operation.body.contentType !== 'application/json') return undefined;
  return json(exampleFor(operation.body.schema, '', hints));
}

/** A short, printable description of a request (huge strings elided), for failure messages. */
export function describeRequest(request: FuzzRequest, url: string): string {
  const shorten = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…(${text.length} chars)` : text);
  const payload = request.body ? (Buffer.isBuffer(request.body.payload) ? `<${request.body.payload.length} bytes: ${shorten(request.body.payload.toString('latin1'))}>` : shorten(request.body.payload)) : '(none)';
  return `${request.attack} ${shorten(url)} [${request.body?.contentType ?? 'no body'}] ${JSON.stringify(payload)}`;
}
