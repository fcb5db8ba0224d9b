import { Body, Controller, Headers, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConsumes, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal, RequestOrigin } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { OAuthTokenError } from '../oauth/oauth-error';
import { OAuthError } from '../oauth/oauth-error.dto';
import { ChangePasswordDto, ClientTokenDto, ClientTokenRequestDto, LoginDto, RefreshDto, TokensDto } from './auth.dto';
import { Authenticated, CurrentPrincipal, Origin, Public } from './authenticated.decorator';
import { ClientCredentialsService, invalidClient } from './client-credentials.service';
import { LoginService } from './login.service';
import { MyAccountService } from './my-account.service';
import { NoStore } from './no-store.decorator';
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie, TokenDelivery } from './refresh-cookie';
import { invalidRefreshToken, TokensService, UserTokens } from './tokens.service';
import { ApiProblems } from '../openapi/api-problems.decorator';

@ApiTags('auth')
@Controller('auth')
@UseGuards(ThrottlerGuard)
@ApiTooManyRequestsResponse({ description: 'Rate limited, slowed down after failures, or locked (problem+json, Retry-After).' })
export class AuthController {
  constructor(
    private readonly logins: LoginService,
    private readonly tokens: TokensService,
    private readonly clients: ClientCredentialsService,
    private readonly myAccount: MyAccountService,
    private readonly audit: AuditService,
  ) {}

  @ApiOperation({ summary: 'Log in with e-mail, password and (once enrolled) the 2FA code' })
  @Public()
  @ApiProblems(401)
  @Post('login')
  @HttpCode(200)
  @NoStore()
  async login(
    @Body() body: LoginDto,
    @Origin() origin: RequestOrigin,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokensDto> {
    return this.deliver(await this.logins.login(body.email, body.password, body.otp, origin), body.tokenDelivery, request, reply);
  }

  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (the old one stops working)' })
  @Public()
  @ApiProblems(401)
  @Post('refresh')
  @HttpCode(200)
  @NoStore()
  async refresh(
    @Body() body: RefreshDto,
    @Origin() origin: RequestOrigin,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokensDto> {
    const fromCookie = body.tokenDelivery === 'cookie';
    const refreshToken = fromCookie ? refreshCookieOf(request) : body.refreshToken;
    try {
      if (!refreshToken) throw invalidRefreshToken();
      const result = await this.tokens.rotate(refreshToken);
      if ('reused' in result) {
        await this.audit.record({
          actor: { type: 'anonymous', label: null, origin },
          organizationId: result.organizationId,
          action: 'auth.refresh_token_reuse',
          outcome: 'failure',
          target: { type: 'session', id: result.sessionId },
          details: { revoked: 'session' },
        });
        throw invalidRefreshToken();
      }
      return this.deliver(result.tokens, body.tokenDelivery, request, reply);
    } catch (error) {
      // A refused cookie is dropped, so the browser stops presenting a dead token.
      if (fromCookie && error instanceof AppError && error.code === 'invalid_refresh_token') clearRefreshCookie(reply, request);
      throw error;
    }
  }

  @ApiOperation({ summary: 'Log out: the session and all its tokens stop working' })
  @Authenticated({ selfService: true })
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.myAccount.logout(principal);
    clearRefreshCookie(reply, request);
  }

  @ApiOperation({
    summary: 'OAuth 2.0 client-credentials grant for vendor systems (RFC 6749 §4.4)',
    description:
      'Discoverable at /.well-known/oauth-authorization-server (RFC 8414). The client authenticates with HTTP Basic (client_secret_basic) ' +
      'or with client_id and client_secret in the body (client_secret_post), not both. Refusals are RFC 6749 §5.2 JSON ' +
      '(`error`, `error_description`), not problem+json; rate limits stay 429 problem+json.',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBadRequestResponse({ type: OAuthError, description: 'Refused (RFC 6749 §5.2): invalid_request, invalid_client (without HTTP Basic), unauthorized_client (source address not allowed), unsupported_grant_type, invalid_scope.' })
  @ApiUnauthorizedResponse({
    type: OAuthError,
    description: 'invalid_client when the client authenticated with HTTP Basic (RFC 6749 §5.2).',
    headers: { 'WWW-Authenticate': { description: 'Basic realm="kaiji"', schema: { type: 'string' } } },
  })
  @Public()
  @Post('token')
  @HttpCode(200)
  async token(
    @Body() body: ClientTokenRequestDto,
    @Headers('authorization') authorization: string | undefined,
    @Origin() origin: RequestOrigin,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClientTokenDto> {
    const credentials = clientCredentials(authorization, body);
    // As NoStore() does, but set before issuing so that the OAuth error answers carry it too.
    void reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    return this.clients.issue(credentials.id, credentials.secret, body.scope, origin);
  }

  @ApiOperation({ summary: 'Change your password (other sessions are logged out)' })
  @Authenticated({ selfService: true })
  @Post('password')
  @HttpCode(204)
  changePassword(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordDto): Promise<void> {
    return this.myAccount.changePassword(principal, body.currentPassword, body.newPassword);
  }

  /** The portal's refresh token goes into its HttpOnly cookie and out of the JSON (refresh-cookie.ts). */
  private deliver(tokens: UserTokens, delivery: TokenDelivery | undefined, request: FastifyRequest, reply: FastifyReply): TokensDto {
    if (delivery !== 'cookie') return tokens;
    const { refreshToken, ...rest } = tokens;
    setRefreshCookie(reply, request, refreshToken, this.tokens.refreshTokenTtlSeconds);
    return rest;
  }
}

/** RFC 6749 §2.3.1: HTTP Basic or the body's client_id and client_secret, never both at once. */
function clientCredentials(authorization: string | undefined, body: ClientTokenRequestDto): { id: string; secret: string } {
  const basic = basicCredentials(authorization);
  if (basic && body.client_secret !== undefined) {
    throw new OAuthTokenError('invalid_request', 'Authenticate with HTTP Basic or with client_secret in the body, not both.');
  }
  if (basic && body.client_id !== undefined && body.client_id !== basic.id) throw new OAuthTokenError('invalid_request', 'client_id in the body differs from the HTTP Basic user.');
  const credentials = basic ?? { id: body.client_id, secret: body.client_secret };
  if (!credentials.id || !credentials.secret) {
    throw invalidClient('Client authentication is required: HTTP Basic (client_secret_basic), or client_id and client_secret in the body (client_secret_post).');
  }
  return { id: credentials.id, secret: credentials.secret };
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) throw invalidClient('Malformed HTTP Basic credentials.');
  // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
  try {
    return { id: decodeURIComponent(decoded.slice(0, separator)), secret: decodeURIComponent(decoded.slice(separator + 1)) };
  } catch {
    // A stray "%" is the caller's mistake (401), not a server error.
    throw invalidClient('Malformed HTTP Basic credentials.');
  }
}
