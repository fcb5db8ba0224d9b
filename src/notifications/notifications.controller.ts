import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { MarkAllReadDto, NotificationDto, NotificationPageDto, NotificationQueryDto } from './notifications.dto';
import { NotificationsService } from './notifications.service';

/**
 * The portal's notification list: portal users only (API clients are told `users_only`; systems
 * subscribe to webhooks instead). Marking read is the user's own state, so viewers may do it too.
 */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @ApiOperation({ summary: 'Your notifications, newest first, with your unread count' })
  @Authenticated()
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: NotificationQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(principal, query);
  }

  @ApiOperation({ summary: 'Mark every notification of yours read' })
  @Authenticated({ selfService: true })
  @Post('read-all')
  @HttpCode(200)
  markAllRead(@CurrentPrincipal() principal: Principal): Promise<MarkAllReadDto> {
    return this.notifications.markAllRead(principal);
  }

  @ApiOperation({ summary: 'Mark one notification read' })
  @Authenticated({ selfService: true })
  @Post(':id/read')
  @HttpCode(200)
  markRead(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<NotificationDto> {
    return this.notifications.markRead(principal, id);
  }
}
