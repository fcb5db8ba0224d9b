import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { ChangeNotifier } from './change-notifier.service';
import { RevisionChangesController } from './revision-changes.controller';
import { RevisionChangesService } from './revision-changes.service';

/** Answer-level diffs between revisions of checklists and disclosures, and the change notifications. */
@Module({
  imports: [FormsModule],
  controllers: [RevisionChangesController],
  providers: [RevisionChangesService, ChangeNotifier],
})
export class RevisionChangesModule {}
