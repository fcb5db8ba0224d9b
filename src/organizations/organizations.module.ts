import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityChangesController } from './identity-changes.controller';
import { IdentityChangesService } from './identity-changes.service';
import { Organization } from './organization.entity';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';

@Module({
  imports: [TypeOrmModule.forFeature([Organization])],
  controllers: [OrganizationsController, IdentityChangesController],
  providers: [OrganizationsService, IdentityChangesService],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
