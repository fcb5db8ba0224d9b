import { Module } from '@nestjs/common';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** A user's own signed-in devices (issue 15 part 6). */
@Module({
  controllers: [SessionsController],
  providers: [SessionsService],
})
export class SessionsModule {}
