import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module';
import { PendingPharmaciesController } from './pending-pharmacies.controller';
import { PendingPharmaciesService } from './pending-pharmacies.service';

/** Pharmacies invited by a vendor or chain before they are on Kaiji, approved by the operator (issue 15). */
@Module({
  imports: [InvitationsModule],
  controllers: [PendingPharmaciesController],
  providers: [PendingPharmaciesService],
})
export class PendingPharmaciesModule {}
