import { Module } from '@nestjs/common';
import { StandingController } from './standing.controller';
import { StandingQueries } from './standing.queries';
import { StandingService } from './standing.service';

/** A pharmacy's standing with its vendors; its set-based queries also derive checklist items 2-② and 2-③. */
@Module({
  controllers: [StandingController],
  providers: [StandingService, StandingQueries],
  exports: [StandingQueries],
})
export class StandingModule {}
