import { Module } from '@nestjs/common';
import { RemoteMaintenanceReader } from './remote-maintenance-reader.service';
import { RemoteMaintenanceController } from './remote-maintenance.controller';
import { RemoteMaintenanceService } from './remote-maintenance.service';

/** Remote-maintenance disclosures (checklist item 2-②): the most sensitive data Kaiji holds. */
@Module({
  controllers: [RemoteMaintenanceController],
  providers: [RemoteMaintenanceService, RemoteMaintenanceReader],
  exports: [RemoteMaintenanceService, RemoteMaintenanceReader],
})
export class RemoteMaintenanceModule {}
