/** The `error` codes of RFC 6749 §5.2 the token endpoint answers with. */
export const OAUTH_ERROR_CODES = ['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope'] as const;

export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number];

/**
 * A refused token request. The token route answers it as RFC 6749 §5.2 JSON (oauth-error-response.ts),
 * not problem+json, because OAuth client libraries read `error` from that shape only. The status is
 * chosen there too: invalid_client is 401 only when the client authenticated with HTTP Basic.
 */
export class OAuthTokenError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
  }
}
