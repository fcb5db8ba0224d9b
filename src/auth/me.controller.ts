import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Principal } from '../access/principal';
import { DisableTwoFactorDto, MeDto, OtpDto, RecoveryCodesDto, TwoFactorEnrolmentDto } from './auth.dto';
import { Authenticated, CurrentPrincipal } from './authenticated.decorator';
import { MyAccountService } from './my-account.service';
import { NoStore } from './no-store.decorator';
import { ApiProblems } from '../openapi/api-problems.decorator';

@ApiTags('auth')
@Controller()
export class MeController {
  constructor(private readonly myAccount: MyAccountService) {}

  @ApiOperation({ summary: 'Who you are: account, role, organization, 2FA state' })
  @Authenticated({ clients: true, selfService: true })
  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    return this.myAccount.me(principal);
  }

  @ApiOperation({ summary: 'Start 2FA enrolment: returns a new TOTP seed and its otpauth:// URI' })
  @Authenticated({ selfService: true })
  @ApiProblems(409)
  @Post('auth/2fa/enrolment')
  // The 2FA routes are rate-limited like /v1/auth/*: most take a 6-digit code that must not be guessable.
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  @NoStore()
  startEnrolment(@CurrentPrincipal() principal: Principal): Promise<TwoFactorEnrolmentDto> {
    return this.myAccount.startTwoFactorEnrolment(principal);
  }

  @ApiOperation({ summary: 'Confirm 2FA enrolment with a code from the app; returns one-time recovery codes' })
  @Authenticated({ selfService: true })
  @ApiProblems(409)
  @Post('auth/2fa/enrolment/confirm')
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  @NoStore()
  confirmEnrolment(@CurrentPrincipal() principal: Principal, @Body() body: OtpDto): Promise<RecoveryCodesDto> {
    return this.myAccount.confirmTwoFactor(principal, body.otp);
  }

  @ApiOperation({ summary: 'Replace your recovery codes' })
  @Authenticated({ selfService: true })
  @ApiProblems(409)
  @Post('auth/2fa/recovery-codes')
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  @NoStore()
  regenerateRecoveryCodes(@CurrentPrincipal() principal: Principal, @Body() body: OtpDto): Promise<RecoveryCodesDto> {
    return this.myAccount.regenerateRecoveryCodes(principal, body.otp);
  }

  @ApiOperation({ summary: 'Turn 2FA off (refused where the organization requires it)' })
  @Authenticated({ selfService: true })
  @ApiProblems(409)
  @Post('auth/2fa/disable')
  @UseGuards(ThrottlerGuard)
  @HttpCode(204)
  @NoStore()
  disable(@CurrentPrincipal() principal: Principal, @Body() body: DisableTwoFactorDto): Promise<void> {
    return this.myAccount.disableTwoFactor(principal, body.password, body.otp);
  }
}
