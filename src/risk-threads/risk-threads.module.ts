import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { RiskThreadDocuments } from './risk-thread-documents.service';
import { RiskThreadReader } from './risk-thread-reader.service';
import { RiskThreadsController } from './risk-threads.controller';
import { RiskThreadsService } from './risk-threads.service';

/** Risk-communication threads on いいえ/対象外 answers of disclosures and checklists. */
@Module({
  imports: [FormsModule],
  controllers: [RiskThreadsController],
  providers: [RiskThreadsService, RiskThreadReader, RiskThreadDocuments],
  exports: [RiskThreadsService, RiskThreadReader, RiskThreadDocuments],
})
export class RiskThreadsModule {}
