import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/authenticated.decorator';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { renderSecurityTxt } from './security-txt';

/**
 * /.well-known/security.txt (RFC 9116), outside the /v1 prefix and the OpenAPI document: a file for
 * people and scanners, not an API operation. Without KAIJI_SECURITY_CONTACT there is no one to
 * name, and a security.txt without Contact is invalid: 404.
 */
@ApiExcludeController()
@Controller('.well-known')
export class SecurityTxtController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get('security.txt')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  securityTxt(): string {
    if (this.config.securityContacts.length === 0) throw AppError.notFound('security.txt');
    return renderSecurityTxt(this.config.securityContacts);
  }
}
