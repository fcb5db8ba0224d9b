import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { AnswerReviewDto, MarkReviewedDto, ReviewQueuePageDto, ReviewQueueQueryDto } from './review-queue.dto';
import { ReviewQueueService } from './review-queue.service';
import { ApiProblems } from '../openapi/api-problems.decorator';

@ApiTags('review-queue')
@Controller('review-queue')
export class ReviewQueueController {
  constructor(private readonly queue: ReviewQueueService) {}

  @ApiOperation({ summary: 'いいえ/対象外 answers received (current disclosures, latest checklists) that nobody has reviewed or opened a thread on' })
  @Authenticated({ clients: true })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: ReviewQueueQueryDto): Promise<ReviewQueuePageDto> {
    return this.queue.list(principal, query);
  }

  @ApiOperation({ summary: 'Mark an いいえ/対象外 answer reviewed for the pharmacy: it leaves the queue' })
  @Authenticated({ clients: true, scope: 'threads:write' })
  @ApiProblems(404, 409, 422)
  @Post('reviews')
  markReviewed(@CurrentPrincipal() principal: Principal, @Body() body: MarkReviewedDto): Promise<AnswerReviewDto> {
    return this.queue.markReviewed(principal, body);
  }
}
