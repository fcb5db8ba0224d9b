import { Module } from '@nestjs/common';
import { RemindersService } from './reminders.service';

/** Reminders on a daily schedule, told as domain events (issue 15 part 5). */
@Module({
  providers: [RemindersService],
  exports: [RemindersService],
})
export class RemindersModule {}
