import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { DisclosureAttachmentsService } from './disclosure-attachments.service';
import { DisclosurePdfService } from './disclosure-pdf.service';
import { DisclosureReader } from './disclosure-reader.service';
import { DisclosuresController } from './disclosures.controller';
import { DisclosuresService } from './disclosures.service';

@Module({
  imports: [FormsModule],
  controllers: [DisclosuresController],
  providers: [DisclosuresService, DisclosureReader, DisclosureAttachmentsService, DisclosurePdfService],
  exports: [DisclosuresService, DisclosureReader],
})
export class DisclosuresModule {}
