import { Module } from '@nestjs/common';
import { SecurityTxtController } from './security-txt.controller';

/** Files under /.well-known/ (RFC 8615). */
@Module({ controllers: [SecurityTxtController] })
export class WellKnownModule {}
