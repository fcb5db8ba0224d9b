import { Module } from '@nestjs/common';
import { StandingModule } from '../standing/standing.module';
import { ContactChartController } from './contact-chart.controller';
import { ContactChartService } from './contact-chart.service';
import { IncidentContactsController } from './incident-contacts.controller';
import { IncidentContactsService } from './incident-contacts.service';

/** The 連絡体制図 (checklist item 3-①): vendors' incident 連絡窓口 and the pharmacy's own contacts. */
@Module({
  imports: [StandingModule],
  controllers: [IncidentContactsController, ContactChartController],
  providers: [IncidentContactsService, ContactChartService],
  exports: [ContactChartService],
})
export class IncidentContactsModule {}
