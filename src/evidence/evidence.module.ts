import { Module } from '@nestjs/common';
import { StandingModule } from '../standing/standing.module';
import { EvidenceDocumentsController } from './evidence-documents.controller';
import { EvidenceDocumentsService } from './evidence-documents.service';

/** Evidence files a pharmacy keeps for the inspection: BCP, 規程類, access-log review records (2-⑪). */
@Module({
  imports: [StandingModule],
  controllers: [EvidenceDocumentsController],
  providers: [EvidenceDocumentsService],
  exports: [EvidenceDocumentsService],
})
export class EvidenceModule {}
