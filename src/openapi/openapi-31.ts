/**
 * Rewrites the JSON Schemas of an OpenAPI 3.0 document (as @nestjs/swagger writes it) into the
 * JSON Schema 2020-12 dialect of OpenAPI 3.1, in place: `nullable` becomes a `null` type or a
 * `oneOf` with `{type: 'null'}` (a `{nullable, allOf: [$ref]}` lets no null through in 3.0),
 * and boolean `exclusiveMinimum`/`exclusiveMaximum` become the numbers 3.1 expects.
 */
type Json = Record<string, unknown>;

const NULL_SCHEMA = { type: 'null' };

export function toJsonSchema2020(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) toJsonSchema2020(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const object = node as Json;
  for (const value of Object.values(object)) toJsonSchema2020(value);
  if (typeof object.nullable === 'boolean') rewriteNullable(object);
  rewriteExclusive(object, 'exclusiveMinimum', 'minimum');
  rewriteExclusive(object, 'exclusiveMaximum', 'maximum');
}

function rewriteNullable(schema: Json): void {
  const nullable = schema.nullable;
  delete schema.nullable;
  if (!nullable) return;
  if (typeof schema.$ref === 'string') {
    schema.oneOf = [{ $ref: schema.$ref }, NULL_SCHEMA];
    delete schema.$ref;
  } else if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && (schema.type === undefined || schema.type === 'object')) {
    // Nest writes a nullable DTO property as {type: 'object', nullable: true, allOf: [$ref]}.
    schema.oneOf = [schema.allOf[0], NULL_SCHEMA];
    delete schema.allOf;
    delete schema.type;
  } else if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...(schema.enum as unknown[]), null];
  } else if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    const key = Array.isArray(schema.oneOf) ? 'oneOf' : 'anyOf';
    const options = schema[key] as Json[];
    if (!options.some((option) => option.type === 'null')) schema[key] = [...options, NULL_SCHEMA];
  } else if (Array.isArray(schema.allOf)) {
    schema.anyOf = [{ allOf: schema.allOf }, NULL_SCHEMA];
    delete schema.allOf;
  }
  // Otherwise the schema has no type at all: null is allowed already.
}

function rewriteExclusive(schema: Json, key: 'exclusiveMinimum' | 'exclusiveMaximum', bound: 'minimum' | 'maximum'): void {
  if (typeof schema[key] !== 'boolean') return;
  if (schema[key] && typeof schema[bound] === 'number') {
    schema[key] = schema[bound];
    delete schema[bound];
  } else {
    delete schema[key];
  }
}
