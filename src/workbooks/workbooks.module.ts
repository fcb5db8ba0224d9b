import { Module } from '@nestjs/common';
import { ChecklistsModule } from '../checklists/checklists.module';
import { FormsModule } from '../forms/forms.module';
import { ChecklistWorkbookDownloadService } from './checklist-workbook-download.service';
import { ChecklistWorkbookImportService } from './checklist-workbook-import.service';
import { ChecklistWorkbooksController } from './checklist-workbooks.controller';
import { DisclosureWorkbooksController } from './disclosure-workbooks.controller';
import { DisclosureWorkbooksService } from './disclosure-workbooks.service';

/**
 * Excel round trip for vendors: 事業者確認用 and MDS/SDS downloaded as workbooks, filled in Excel,
 * uploaded back. Submissions go through the bulk path (ChecklistBatchService, exported by
 * ChecklistsModule): exactly its checks, revisions, audit and events.
 */
@Module({
  imports: [FormsModule, ChecklistsModule],
  controllers: [ChecklistWorkbooksController, DisclosureWorkbooksController],
  providers: [ChecklistWorkbookDownloadService, ChecklistWorkbookImportService, DisclosureWorkbooksService],
})
export class WorkbooksModule {}
