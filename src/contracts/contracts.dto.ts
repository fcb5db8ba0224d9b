import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { IsCorporateNumber } from '../common/validators';
import { UpdatedSince } from '../sync/updated-since';
import { ContractTerminationDto } from './contract-end.dto';

export const CONTRACT_KINDS = ['sale_only', 'maintenance', 'operation'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];
/**
 * As shown: `ended` is an accepted contract past its last day (contract-term.ts); the table keeps `active`.
 * `declined`: the other side said no; `withdrawn`: the proposing side took its proposal back.
 */
export const CONTRACT_STATUSES = ['proposed', 'active', 'declined', 'withdrawn', 'ended'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
/** What the table keeps (contracts_status_check): everything shown but `ended`. */
export type StoredContractStatus = Exclude<ContractStatus, 'ended'>;

export const CONTRACT_KIND_LABELS: Record<ContractKind, string> = {
  sale_only: '売買契約のみ',
  maintenance: '保守契約',
  operation: '運用契約',
};
export const CONTRACT_STATUS_LABELS: Record<ContractStatus, string> = { proposed: '承認待ち', active: '有効', declined: '辞退', withdrawn: '取り下げ', ended: '終了' };

export class ProposeContractDto {
  @ApiProperty({ enum: CONTRACT_KINDS })
  @IsIn(CONTRACT_KINDS)
  kind: ContractKind;

  /** Vendor proposing: the customer pharmacy's 保険薬局コード. */
  @IsOptional()
  @Matches(/^\d{10}$/, { message: 'must be a 10-digit 保険薬局コード' })
  pharmacyCode?: string;

  /** Customer proposing: the vendor's organization id (or its 法人番号 below). */
  @IsOptional()
  @IsUUID()
  vendorId?: string;

  @IsOptional()
  @IsCorporateNumber()
  vendorCorporateNumber?: string;

  /** Chain proposing for one of its stores: which store. */
  @IsOptional()
  @IsUUID()
  customerId?: string;

  /** The vendor's products the contract covers (a customer may leave them to the vendor to fill in). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  productIds?: string[];

  /** An agent (代理店) that supports or remotely maintains the systems. */
  @IsOptional()
  @IsUUID()
  agentId?: string;

  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  startsOn: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  endsOn?: string;
}

export class AcceptContractDto {
  /** Vendor accepting a customer's proposal: the products covered (required when the proposal named none). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  productIds?: string[];
}

export class ContractQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CONTRACT_STATUSES })
  @IsOptional()
  @IsIn(CONTRACT_STATUSES)
  status?: ContractStatus;

  @ApiPropertyOptional({ enum: CONTRACT_KINDS })
  @IsOptional()
  @IsIn(CONTRACT_KINDS)
  kind?: ContractKind;

  @IsOptional()
  @IsUUID()
  vendorId?: string;

  @IsOptional()
  @IsUUID()
  customerId?: string;

  /** Only the contracts where you are the vendor, or only those you maintain as the agent (代理店). */
  @ApiPropertyOptional({ enum: ['vendor', 'agent'] })
  @IsOptional()
  @IsIn(['vendor', 'agent'])
  role?: 'vendor' | 'agent';

  /** Only the contracts with this pharmacy (its 10-digit 保険薬局コード); an agent matches only contracts whose customer it may see. */
  @ApiPropertyOptional({ pattern: '^\\d{10}$', example: '1312345678' })
  @IsOptional()
  @Matches(/^\d{10}$/, { message: 'must be a 10-digit 保険薬局コード' })
  pharmacyCode?: string;

  @UpdatedSince()
  updatedSince?: string;
}

export class ContractPartyDto {
  id: string;
  /** Hidden from a vendor until the contract is active, unless the customer proposed it. */
  name: string | null;
  pharmacyCode?: string | null;
}

export class ContractProductDto {
  id: string;
  name: string;
  category: string;
}

export class ContractDto {
  id: string;
  @ApiProperty({ enum: CONTRACT_KINDS })
  kind: ContractKind;
  /** 契約種別 as shown to people. */
  kindLabel: string;
  @ApiProperty({ enum: CONTRACT_STATUSES })
  status: ContractStatus;
  statusLabel: string;
  vendor: ContractPartyDto;
  customer: ContractPartyDto;
  @ApiPropertyOptional({ type: ContractPartyDto, nullable: true })
  agent: ContractPartyDto | null;
  @ApiProperty({ type: [ContractProductDto] })
  products: ContractProductDto[];
  startsOn: string;
  /** The last day in force (JST, inclusive); past it the contract shows as `ended`. */
  endsOn: string | null;
  /** Present once a party has ended the contract (POST /v1/contracts/{id}/end). */
  @ApiPropertyOptional({ type: ContractTerminationDto })
  termination?: ContractTerminationDto;
  @ApiProperty({ enum: ['vendor', 'customer'] })
  proposedBy: 'vendor' | 'customer';
  /** Your side of this contract. */
  @ApiProperty({ enum: ['vendor', 'agent', 'customer'] })
  yourRole: 'vendor' | 'agent' | 'customer';
  /** Maintenance and operation contracts owe a 事業者確認用 checklist every 年度; sale-only ones do not. */
  owesChecklist: boolean;
  decidedAt: string | null;
  createdAt: string;
  /** When anything of the contract last changed (what `updatedSince` compares and the ETag derives from). */
  updatedAt: string;
}

export class ContractPageDto {
  @ApiProperty({ type: [ContractDto] })
  items: ContractDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}
