/**
 * Response fields that carry a credential shown once: an API client's secret, a TOTP seed and its
 * otpauth:// URI, recovery codes, a webhook signing secret, tokens, a password. Kaiji keeps only
 * hashes of these; an answer that holds one is never written anywhere else either (the
 * Idempotency-Key table records that it was withheld instead). secret-answers.spec.ts fails when a
 * response schema grows a field whose name looks like a secret and is not listed here or as harmless.
 */
export const SECRET_FIELDS = [
  'clientSecret',
  'client_secret',
  'secret',
  'otpauthUri',
  'recoveryCodes',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'password',
  'temporaryPassword',
] as const;

// In JSON text a key is preceded by { or , — inside a string value a quote is always escaped (\"),
// so a remark that happens to contain `,"secret":` does not match.
const SECRET_KEY = new RegExp(`[{,]"(?:${SECRET_FIELDS.join('|')})":`);

/** Whether a serialized (JSON.stringify) answer holds a secret field at any depth. */
export function answerCarriesSecret(serializedJson: string): boolean {
  return SECRET_KEY.test(serializedJson);
}
