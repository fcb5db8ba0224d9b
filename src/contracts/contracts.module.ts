import { Module } from '@nestjs/common';
import { ContractsController } from './contracts.controller';
import { ContractsService } from './contracts.service';
import { ContractEndService } from './contract-end.service';

@Module({ controllers: [ContractsController], providers: [ContractsService, ContractEndService], exports: [ContractsService] })
export class ContractsModule {}
