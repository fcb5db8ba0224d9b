import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { NoStore } from '../auth/no-store.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { SessionListDto, SessionsRevokedDto } from './sessions.dto';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('me/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @ApiOperation({ summary: 'Your signed-in devices (active sessions); the one making this request is marked current' })
  @Authenticated({ selfService: true })
  @Get()
  @NoStore()
  list(@CurrentPrincipal() principal: Principal): Promise<SessionListDto> {
    return this.sessions.list(principal);
  }

  // Declared before {sessionId}/revoke so the literal path is never read as an id.
  @ApiOperation({ summary: 'Sign out every other device: their refresh and access tokens stop working' })
  @Authenticated({ selfService: true })
  @Post('revoke-others')
  @HttpCode(200)
  revokeOthers(@CurrentPrincipal() principal: Principal): Promise<SessionsRevokedDto> {
    return this.sessions.revokeOthers(principal);
  }

  @ApiOperation({ summary: 'Sign out one of your sessions (another user\u2019s session: 404)' })
  @Authenticated({ selfService: true })
  @Post(':sessionId/revoke')
  @HttpCode(204)
  revoke(@CurrentPrincipal() principal: Principal, @Param('sessionId', UuidPipe) sessionId: string): Promise<void> {
    return this.sessions.revoke(principal, sessionId);
  }
}
