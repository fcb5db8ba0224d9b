import { Global, Module } from '@nestjs/common';
import { AuditAnchorService } from './audit-anchors.service';
import { AuditLogService } from './audit-log.service';
import { AuditVerificationService } from './audit-verification.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditLogService, AuditVerificationService, AuditAnchorService],
  exports: [AuditService, AuditLogService, AuditVerificationService, AuditAnchorService],
})
export class AuditModule {}
