import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal, RequestOrigin } from '../access/principal';
import { Authenticated, CurrentPrincipal, Origin, Public } from '../auth/authenticated.decorator';
import { NoStore } from '../auth/no-store.decorator';
import { NotificationPreferencesDto, UnsubscribedDto, UnsubscribeQueryDto, UpdateNotificationPreferencesDto } from './notification-preferences.dto';
import { NotificationPreferencesService } from './notification-preferences.service';

/**
 * A portal user's notification e-mail: per family at once, in a daily digest, or off. API clients
 * are refused (users_only): systems hear through webhooks. The unsubscribe route is public: the
 * signed token in the mail's List-Unsubscribe link is the proof (RFC 8058 one-click).
 */
@ApiTags('notifications')
@Controller()
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @ApiOperation({ summary: 'Your notification e-mail settings: per event family immediate, daily (digest hour JST) or off' })
  @Authenticated({ selfService: true })
  @Get('me/notification-preferences')
  get(@CurrentPrincipal() principal: Principal): Promise<NotificationPreferencesDto> {
    return this.preferences.get(principal);
  }

  @ApiOperation({ summary: 'Change your notification e-mail settings (families listed and/or the digest hour); security messages cannot be turned off' })
  @Authenticated({ selfService: true })
  @Put('me/notification-preferences')
  update(@CurrentPrincipal() principal: Principal, @Body() body: UpdateNotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    return this.preferences.update(principal, body);
  }

  @ApiOperation({ summary: "One-click unsubscribe (RFC 8058) with the mail's signed token: turns that family's e-mail off" })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @Public()
  @Post('notification-preferences/unsubscribe')
  @HttpCode(200)
  @NoStore()
  unsubscribe(@Query() query: UnsubscribeQueryDto, @Origin() origin: RequestOrigin): Promise<UnsubscribedDto> {
    return this.preferences.unsubscribe(query.token, origin);
  }
}
