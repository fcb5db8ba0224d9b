import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { RequestOrigin } from '../access/principal';
import { Origin, Public } from './authenticated.decorator';
import { NoStore } from './no-store.decorator';
import { PasswordResetAcceptedDto, PasswordResetConfirmDto, PasswordResetRequestDto } from './password-reset.dto';
import { PasswordResetService, RESET_ACCEPTED } from './password-reset.service';

@ApiTags('auth')
@Controller('auth/password-reset')
@UseGuards(ThrottlerGuard)
@ApiTooManyRequestsResponse({ description: 'Too many requests from this source or for this address (problem+json, Retry-After).' })
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetService) {}

  @ApiOperation({ summary: 'Ask for a password reset link by e-mail (the same answer whatever the address)' })
  @ApiAcceptedResponse({ type: PasswordResetAcceptedDto })
  @Public()
  @Post()
  @HttpCode(202)
  @NoStore()
  async request(@Body() body: PasswordResetRequestDto, @Origin() origin: RequestOrigin): Promise<PasswordResetAcceptedDto> {
    await this.resets.request(body.email, origin);
    return { message: RESET_ACCEPTED };
  }

  @ApiOperation({ summary: "Set a new password with the e-mailed link's token: every session ends and the user is told by e-mail" })
  @Public()
  @Post('confirm')
  @HttpCode(204)
  @NoStore()
  confirm(@Body() body: PasswordResetConfirmDto, @Origin() origin: RequestOrigin): Promise<void> {
    return this.resets.confirm(body.token, body.newPassword, origin);
  }
}
