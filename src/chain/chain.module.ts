import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { ChainAccess } from './chain-access.service';
import { ChainAggregatesService } from './chain-aggregates.service';
import { ChainExportDates } from './chain-export-dates';
import { ChainMatrixService } from './chain-matrix.service';
import { ChainSnapshots } from './chain-snapshots.service';
import { ChainSummaryService } from './chain-summary.service';
import { ChainController } from './chain.controller';

/** Chain headquarters' aggregates: the store × vendor matrix, the vendor and store summaries, and their downloads for Excel. */
@Module({
  imports: [FormsModule],
  controllers: [ChainController],
  providers: [ChainAccess, ChainSnapshots, ChainMatrixService, ChainSummaryService, ChainAggregatesService, ChainExportDates],
})
export class ChainModule {}
