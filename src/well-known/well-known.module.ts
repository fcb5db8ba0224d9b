import { Module } from '@nestjs/common';
import { OauthController } from './oauth-metadata.controller';
import { SecurityTxtController } from './security-txt.controller';

/** Files under /.well-known/ (RFC 8615). */
@Module({ controllers: [SecurityTxtController, OauthController] })
export class WellKnownModule {}
