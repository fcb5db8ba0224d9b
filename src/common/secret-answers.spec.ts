import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerCarriesSecret, SECRET_FIELDS } from './secret-answers';

/** Response fields whose names look like secrets but are not (a kind of token, a count, a flag). */
const HARMLESS = new Set([
  'tokenType',
  'token_type',
  'recoveryCodesRemaining',
  'passwordChangeRequired',
  'uniqueCredentials',
  // RFC 8414 metadata: the token endpoint's address and the ways a client may authenticate there.
  'token_endpoint',
  'token_endpoint_auth_methods_supported',
  // When a rotated webhook secret stops being accepted: a time, not the secret.
  'previousSecretExpiresAt',
]);
const LOOKS_SECRET = /secret|token|password|recovery|otpauth|seed|credential/i;

interface Schema {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

/** Every property name any response of the committed OpenAPI document can carry, at any depth. */
function responseFieldNames(): Set<string> {
  const document = JSON.parse(readFileSync(join(__dirname, '../../openapi/openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
    components: { schemas: Record<string, Schema> };
  };
  const names = new Set<string>();
  const seen = new Set<Schema>();
  const walk = (schema: Schema | undefined): void => {
    if (!schema || seen.has(schema)) return;
    seen.add(schema);
    if (schema.$ref) walk(document.components.schemas[schema.$ref.split('/').pop() as string]);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      names.add(name);
      walk(property);
    }
    for (const part of [schema.items, ...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) walk(part);
  };
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      for (const response of Object.values(operation.responses ?? {})) {
        for (const media of Object.values(response.content ?? {})) walk(media.schema);
      }
    }
  }
  return names;
}

describe('secret answers (never stored by the Idempotency-Key table)', () => {
  it('lists every response field of the API whose name looks like a secret, or calls it harmless', () => {
    const names = responseFieldNames();
    expect(names.size).toBeGreaterThan(50);
    const unlisted = [...names].filter((name) => LOOKS_SECRET.test(name) && !(SECRET_FIELDS as readonly string[]).includes(name) && !HARMLESS.has(name));
    expect(unlisted).toEqual([]);
    // The ones the API answers today are among them.
    for (const name of ['clientSecret', 'secret', 'otpauthUri', 'recoveryCodes', 'accessToken', 'refreshToken', 'access_token']) expect(names).toContain(name);
  });

  it('finds a secret field at any depth, and not a look-alike inside a string value', () => {
    expect(answerCarriesSecret(JSON.stringify({ id: 'x', clientSecret: 'ks_1' }))).toBe(true);
    expect(answerCarriesSecret(JSON.stringify({ items: [{ nested: { recoveryCodes: ['a'] } }] }))).toBe(true);
    expect(answerCarriesSecret(JSON.stringify([{ secret: null }]))).toBe(true);
    expect(answerCarriesSecret(JSON.stringify({ remarks: '{"secret":"x"},"clientSecret":1', secretive: true, tokenType: 'Bearer' }))).toBe(false);
    expect(answerCarriesSecret(JSON.stringify({ created: 40, failed: 0 }))).toBe(false);
    expect(answerCarriesSecret('null')).toBe(false);
  });
});
