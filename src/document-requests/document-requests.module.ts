import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { DocumentRequestCandidates } from './document-request-candidates.service';
import { DocumentRequestFulfilment } from './document-request-fulfilment.service';
import { DocumentRequestWriter } from './document-request-writer.service';
import { DocumentRequestsController } from './document-requests.controller';
import { DocumentRequestsService } from './document-requests.service';

/** Document requests (the portal's "request SDS"); fulfils open requests when matching documents are published. */
@Module({
  imports: [FormsModule],
  controllers: [DocumentRequestsController],
  providers: [DocumentRequestsService, DocumentRequestFulfilment, DocumentRequestWriter, DocumentRequestCandidates],
  exports: [DocumentRequestsService, DocumentRequestWriter],
})
export class DocumentRequestsModule {}
