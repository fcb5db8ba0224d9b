import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { StandingController } from './standing.controller';
import { StandingQueries } from './standing.queries';
import { StandingService } from './standing.service';

/** A pharmacy's standing with its vendors; its set-based queries also derive checklist items 2-② and 2-③. */
@Module({
  imports: [FormsModule],
  controllers: [StandingController],
  providers: [StandingService, StandingQueries],
  exports: [StandingQueries],
})
export class StandingModule {}
