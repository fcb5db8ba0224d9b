import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/authenticated.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { authorizationServerMetadata } from '../oauth/authorization-server-metadata';
import { AuthorizationServerMetadata } from '../oauth/oauth-error.dto';

/**
 * /.well-known/oauth-authorization-server (RFC 8414), outside the /v1 prefix where discovery
 * looks for it. Unlike security.txt it is in the OpenAPI document: integrators' tools read it.
 */
@ApiTags('auth')
@Controller('.well-known')
export class OauthController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @ApiOperation({
    summary: 'OAuth 2.0 authorization server metadata (RFC 8414)',
    description:
      'Where to get a token (the client-credentials grant), how a client authenticates, and which scopes exist. ' +
      'The issuer is KAIJI_PUBLIC_URL when set, else the scheme and host the request came to.',
  })
  @ApiOkResponse({ type: AuthorizationServerMetadata })
  @Public()
  @Get('oauth-authorization-server')
  @Header('Cache-Control', 'public, max-age=3600')
  authorizationServerMetadata(@Req() request: FastifyRequest): AuthorizationServerMetadata {
    return authorizationServerMetadata(this.config.publicUrl ?? `${request.protocol}://${request.host}`);
  }
}
