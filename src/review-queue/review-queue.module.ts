import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { RiskThreadsModule } from '../risk-threads/risk-threads.module';
import { ReviewQueueController } from './review-queue.controller';
import { ReviewQueueService } from './review-queue.service';

/** The pharmacy's queue of いいえ/対象外 answers to review, and the reviews that clear it. */
@Module({
  imports: [FormsModule, RiskThreadsModule],
  controllers: [ReviewQueueController],
  providers: [ReviewQueueService],
})
export class ReviewQueueModule {}
