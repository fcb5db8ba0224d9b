import { Module } from '@nestjs/common';
import { FormRegistrationService } from '../form-registration/form-registration.service';
import { FormCatalogLoader } from './form-catalog.loader';
import { FormsController } from './forms.controller';
import { FormsService } from './forms.service';

/** The form catalog; other features use FormsService to find the form that applies. */
@Module({
  controllers: [FormsController],
  providers: [FormsService, FormCatalogLoader, FormRegistrationService],
  exports: [FormsService],
})
export class FormsModule {}
