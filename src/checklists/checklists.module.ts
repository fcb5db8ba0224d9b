import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { ChecklistBatchService } from './checklist-batch.service';
import { ChecklistListService } from './checklist-list.service';
import { ChecklistPdfService } from './checklist-pdf.service';
import { ChecklistReader } from './checklist-reader.service';
import { ChecklistsController } from './checklists.controller';
import { ChecklistsService } from './checklists.service';

@Module({
  imports: [FormsModule],
  controllers: [ChecklistsController],
  providers: [ChecklistsService, ChecklistReader, ChecklistBatchService, ChecklistPdfService, ChecklistListService],
  exports: [ChecklistsService, ChecklistReader, ChecklistBatchService],
})
export class ChecklistsModule {}
