import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { MailDeliveryPageDto, MailDeliveryQueryDto } from './mail.dto';
import { MailService } from './mail.service';

@ApiTags('mail')
@Controller('organizations/:organizationId/mail-deliveries')
export class MailDeliveriesController {
  constructor(private readonly mail: MailService) {}

  @ApiOperation({ summary: "The mail Kaiji sent to the organization's people, newest first: recipient, subject, kind and delivery status (never the body)" })
  @Authenticated({ roles: ['admin'] })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Param('organizationId', UuidPipe) organizationId: string, @Query() query: MailDeliveryQueryDto): Promise<MailDeliveryPageDto> {
    return this.mail.list(principal, organizationId, query);
  }
}
