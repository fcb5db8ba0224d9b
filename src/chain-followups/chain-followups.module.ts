import { Module } from '@nestjs/common';
import { DocumentRequestsModule } from '../document-requests/document-requests.module';
import { FormsModule } from '../forms/forms.module';
import { RiskThreadsModule } from '../risk-threads/risk-threads.module';
import { ChainFollowupsController } from './chain-followups.controller';
import { ChainFollowupsService } from './chain-followups.service';
import { FollowupAnswers } from './followup-answers.service';
import { FollowupReader } from './followup-reader.service';
import { FollowupRequests } from './followup-requests.service';
import { FollowupThreads } from './followup-threads.service';
import { FollowupsController } from './followups.controller';

/** Chain-wide follow-up: headquarters asks a vendor once for many stores; the vendor answers once; each store keeps its own request or thread. */
@Module({
  imports: [DocumentRequestsModule, RiskThreadsModule, FormsModule],
  controllers: [ChainFollowupsController, FollowupsController],
  providers: [ChainFollowupsService, FollowupRequests, FollowupThreads, FollowupReader, FollowupAnswers],
  exports: [FollowupReader],
})
export class ChainFollowupsModule {}
