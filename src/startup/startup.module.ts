import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ChecklistsModule } from '../checklists/checklists.module';
import { ContractsModule } from '../contracts/contracts.module';
import { DisclosuresModule } from '../disclosures/disclosures.module';
import { FormsModule } from '../forms/forms.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ProductsModule } from '../products/products.module';
import { DemoData } from './demo-data';
import { DemoDocuments } from './demo-documents';
import { OperatorBootstrap } from './operator-bootstrap';

@Module({
  imports: [AccountsModule, OrganizationsModule, ProductsModule, ContractsModule, DisclosuresModule, ChecklistsModule, FormsModule],
  providers: [OperatorBootstrap, DemoData, DemoDocuments],
  exports: [OperatorBootstrap, DemoData],
})
export class StartupModule {}
