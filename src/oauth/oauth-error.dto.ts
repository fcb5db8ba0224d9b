import { ApiProperty } from '@nestjs/swagger';
import { OAUTH_ERROR_CODES, OAuthErrorCode } from './oauth-error';

/** The body of a refused token request (RFC 6749 §5.2), served as application/json. */
export class OAuthError {
  @ApiProperty({ enum: OAUTH_ERROR_CODES, description: 'Why the token request was refused (RFC 6749 §5.2).' })
  error: OAuthErrorCode;

  @ApiProperty({ description: 'A sentence for the integrator reading the logs; not meant to be parsed.' })
  error_description: string;
}

/** RFC 8414 authorization server metadata, as served at /.well-known/oauth-authorization-server. */
export class AuthorizationServerMetadata {
  @ApiProperty({ format: 'uri', description: 'KAIJI_PUBLIC_URL, or the scheme and host the request came to.' })
  issuer: string;

  @ApiProperty({ format: 'uri' })
  token_endpoint: string;

  @ApiProperty({ type: [String], enum: ['client_credentials'] })
  grant_types_supported: string[];

  @ApiProperty({ type: [String], enum: ['client_secret_basic', 'client_secret_post'] })
  token_endpoint_auth_methods_supported: string[];

  @ApiProperty({ type: [String], description: 'Every scope an API client may be given (a client may request only its own).' })
  scopes_supported: string[];

  @ApiProperty({ type: [String], description: 'Empty: there is no authorization endpoint, only the client-credentials grant.' })
  response_types_supported: string[];
}
