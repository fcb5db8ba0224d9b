import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { FormUseDto } from '../forms/form-use.dto';
import { UpdatedSince } from '../sync/updated-since';
import type { ChecklistStatus } from './checklists.dto';

/** GET /v1/checklists: one 年度's checklists, one row per contract. */
export class ChecklistListQueryDto extends PageQueryDto {
  /** The year the 年度 starts in (2026 for 令和8年度). */
  @ApiProperty({ type: 'integer', minimum: 2019, maximum: 2100, example: 2026 })
  @Type(() => Number)
  @IsInt({ message: 'fiscalYear must be the year the 年度 starts in, e.g. 2026 for 令和8年度' })
  @Min(2019)
  @Max(2100)
  fiscalYear: number;

  /** The state of each contract's current revision (for a vendor, a draft counts as current). */
  @ApiPropertyOptional({ enum: ['draft', 'submitted'] })
  @IsOptional()
  @IsIn(['draft', 'submitted'])
  status?: ChecklistStatus;

  /** Only the contract(s) with this pharmacy (10-digit 保険薬局コード). */
  @ApiPropertyOptional({ pattern: '^\\d{10}$', example: '1312345678' })
  @IsOptional()
  @Matches(/^\d{10}$/, { message: 'must be a 10-digit 保険薬局コード' })
  pharmacyCode?: string;

  @UpdatedSince()
  updatedSince?: string;
}

export class ChecklistListPartyDto {
  id: string;
  name: string;
  /** The customer's 保険薬局コード (pharmacies only). */
  @ApiPropertyOptional({ type: String, nullable: true })
  pharmacyCode?: string | null;
}

export class ChecklistSummaryDto {
  /** The current revision's id. */
  id: string;
  contractId: string;
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;
  fiscalYearLabel: string;
  /** The current revision: the vendor's latest (its draft included), a customer's latest submitted. */
  @ApiProperty({ type: 'integer' })
  revision: number;
  @ApiProperty({ enum: ['draft', 'submitted'] })
  status: ChecklistStatus;
  statusLabel: string;
  /** The latest submitted revision (for a vendor with a draft on top of it), or null if none was submitted. */
  @ApiProperty({ type: 'integer', nullable: true })
  submittedRevision: number | null;
  formId: string;
  formOutdated: boolean;
  formUse: FormUseDto;
  vendor: ChecklistListPartyDto;
  customer: ChecklistListPartyDto;
  /** Number of いいえ answers in the current revision. */
  @ApiProperty({ type: 'integer' })
  noCount: number;
  /** When the current revision was submitted (null for a draft). */
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  submittedAt: string | null;
  /** When the 年度's checklist was first submitted to the customer (revision 1, usually): when it "arrived". */
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  firstSubmittedAt: string | null;
  /** When the current revision last changed: `updatedSince` compares it, the ETag of GET /v1/contracts/{id}/checklists/{fiscalYear} derives from it. */
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class ChecklistSummaryPageDto {
  @ApiProperty({ type: [ChecklistSummaryDto] })
  items: ChecklistSummaryDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}
