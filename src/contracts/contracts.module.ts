import { Module } from '@nestjs/common';
import { ContractsController } from './contracts.controller';
import { ContractsService } from './contracts.service';
import { ContractEndService } from './contract-end.service';
import { ContractWithdrawalService } from './contract-withdrawal.service';
import { PartyLookupController } from './party-lookup.controller';
import { PartyLookupService } from './party-lookup.service';

@Module({
  controllers: [ContractsController, PartyLookupController],
  providers: [ContractsService, ContractEndService, ContractWithdrawalService, PartyLookupService],
  exports: [ContractsService],
})
export class ContractsModule {}
