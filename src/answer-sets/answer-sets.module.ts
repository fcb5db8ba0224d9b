import { Module } from '@nestjs/common';
import { ChecklistsModule } from '../checklists/checklists.module';
import { FormsModule } from '../forms/forms.module';
import { AnswerSetApplicationsService } from './answer-set-applications.service';
import { AnswerSetsController } from './answer-sets.controller';
import { AnswerSetsService } from './answer-sets.service';

/** Answer sets (回答セット): a vendor's reusable 事業者確認用 answers, applied through the checklists' bulk path. */
@Module({
  imports: [FormsModule, ChecklistsModule],
  controllers: [AnswerSetsController],
  providers: [AnswerSetsService, AnswerSetApplicationsService],
})
export class AnswerSetsModule {}
