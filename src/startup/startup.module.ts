import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ChecklistsModule } from '../checklists/checklists.module';
import { ContractsModule } from '../contracts/contracts.module';
import { DisclosuresModule } from '../disclosures/disclosures.module';
import { FormsModule } from '../forms/forms.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ProductsModule } from '../products/products.module';
import { DemoApiClient } from './demo-api-client';
import { DemoData } from './demo-data';
import { DemoChain } from './demo-chain';
import { DemoCurrentYear } from './demo-current-year';
import { DemoDocuments } from './demo-documents';
import { DemoWorkflows } from './demo-workflows';
import { DocumentRequestsModule } from '../document-requests/document-requests.module';
import { FacilityChecklistsModule } from '../facility-checklists/facility-checklists.module';
import { RemoteMaintenanceModule } from '../remote-maintenance/remote-maintenance.module';
import { RiskThreadsModule } from '../risk-threads/risk-threads.module';
import { OperatorBootstrap } from './operator-bootstrap';

@Module({
  imports: [AccountsModule, OrganizationsModule, ProductsModule, ContractsModule, DisclosuresModule, ChecklistsModule, FormsModule, DocumentRequestsModule, RiskThreadsModule, RemoteMaintenanceModule, FacilityChecklistsModule],
  providers: [OperatorBootstrap, DemoData, DemoDocuments, DemoWorkflows, DemoChain, DemoCurrentYear, DemoApiClient],
  exports: [OperatorBootstrap, DemoData, DemoApiClient],
})
export class StartupModule {}
