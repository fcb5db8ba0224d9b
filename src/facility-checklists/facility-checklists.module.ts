import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { StandingModule } from '../standing/standing.module';
import { FacilityChecklistsController } from './facility-checklists.controller';
import { FacilityChecklistsService } from './facility-checklists.service';

/** The pharmacy's own checklist (薬局確認用). */
@Module({
  imports: [FormsModule, StandingModule],
  controllers: [FacilityChecklistsController],
  providers: [FacilityChecklistsService],
  exports: [FacilityChecklistsService],
})
export class FacilityChecklistsModule {}
