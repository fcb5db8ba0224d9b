import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccountsModule } from '../accounts/accounts.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MailModule } from '../mail/mail.module';
import { NotificationMailModule } from '../notification-mail/notification-mail.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { ClientCredentialsService } from './client-credentials.service';
import { CredentialRecheck } from './credential-recheck.service';
import { JwtKeyring } from './jwt-keys';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottle } from './login-throttle.service';
import { LoginService } from './login.service';
import { MeController } from './me.controller';
import { MyAccountService } from './my-account.service';
import { PasswordResetController } from './password-reset.controller';
import { PasswordResetService } from './password-reset.service';
import { PrincipalLoader } from './principal-loader.service';
import { TokensService } from './tokens.service';
import { TwoFactorService } from './two-factor.service';

@Module({
  imports: [
    AccountsModule,
    MailModule,
    NotificationMailModule,
    PassportModule,
    JwtModule.register({}),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => [{ name: 'auth', ttl: 60_000, limit: config.login.rateLimitPerMinute }],
    }),
  ],
  controllers: [AuthController, MeController, PasswordResetController],
  providers: [
    { provide: JwtKeyring, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new JwtKeyring(config.jwt) },
    { provide: APP_GUARD, useClass: AuthGuard },
    JwtStrategy,
    PrincipalLoader,
    TokensService,
    TwoFactorService,
    LoginThrottle,
    LoginService,
    ClientCredentialsService,
    MyAccountService,
    CredentialRecheck,
    PasswordResetService,
  ],
  exports: [TokensService],
})
export class AuthModule {}
