import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { DemoData } from './demo-data';
import { OperatorBootstrap } from './operator-bootstrap';

@Module({
  imports: [AccountsModule, OrganizationsModule],
  providers: [OperatorBootstrap, DemoData],
  exports: [OperatorBootstrap, DemoData],
})
export class StartupModule {}
