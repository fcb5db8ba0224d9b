import { API_SCOPES } from '../auth/scopes';
import type { AuthorizationServerMetadata } from './oauth-error.dto';

/** Where the token endpoint is, below the issuer (the global /v1 prefix and AuthController's route). */
export const TOKEN_ENDPOINT_PATH = '/v1/auth/token';

/**
 * RFC 8414 metadata for the one grant Kaiji offers. The issuer is the base URL clients discover
 * from: oauth4webapi and others refuse metadata whose `issuer` differs from the URL they asked.
 */
export function authorizationServerMetadata(issuer: string): AuthorizationServerMetadata {
  return {
    issuer,
    token_endpoint: `${issuer}${TOKEN_ENDPOINT_PATH}`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: [...API_SCOPES],
    // Required by RFC 8414 §2; there is no authorization endpoint, so no response type.
    response_types_supported: [],
  };
}
