import { Module } from '@nestjs/common';
import { ChecklistsModule } from '../checklists/checklists.module';
import { FacilityChecklistsModule } from '../facility-checklists/facility-checklists.module';
import { FormsModule } from '../forms/forms.module';
import { IncidentContactsModule } from '../incident-contacts/incident-contacts.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { StandingModule } from '../standing/standing.module';
import { InspectionPackGatherer } from './inspection-pack-gatherer.service';
import { InspectionPackZipService } from './inspection-pack-zip.service';
import { InspectionPackController } from './inspection-pack.controller';
import { InspectionPackService } from './inspection-pack.service';

/** The inspection pack (立入検査資料): one PDF per pharmacy and 年度, and a chain's ZIP of them. */
@Module({
  imports: [StandingModule, FacilityChecklistsModule, ChecklistsModule, FormsModule, IncidentContactsModule, EvidenceModule],
  controllers: [InspectionPackController],
  providers: [InspectionPackGatherer, InspectionPackService, InspectionPackZipService],
  exports: [InspectionPackService],
})
export class InspectionPackModule {}
