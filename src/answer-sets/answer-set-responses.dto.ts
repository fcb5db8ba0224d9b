import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldErrorDto } from './field-error.dto';

export class AnswerSetAnswerDto {
  itemId: string;
  answer: string;
  confirmedOn: string | null;
  targetOn: string | null;
  plannedOn: string | null;
  remarks: string | null;
}

class AnswerSetFormDto {
  id: string;
  /** 令和7年度版 … */
  versionLabel: string;
  title: string;
  /** The 年度 the version was written for (it may be carried forward to later ones). */
  @ApiPropertyOptional({ type: 'integer', nullable: true })
  fiscalYear: number | null;
  @ApiProperty({ enum: ['pharmacy', 'medical', 'any'] })
  audience: 'pharmacy' | 'medical' | 'any';
}

export class AnswerSetSummaryDto {
  id: string;
  name: string;
  form: AnswerSetFormDto;
  managerName: string | null;
  @ApiProperty({ type: 'integer' })
  answerCount: number;
  /** Every required item answered: the set can be applied. */
  complete: boolean;
  /** Required items still unanswered, as printed. */
  missingItems: string[];
  archived: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export class AnswerSetDto extends AnswerSetSummaryDto {
  @ApiProperty({ type: [AnswerSetAnswerDto] })
  answers: AnswerSetAnswerDto[];
}

export class AnswerSetPageDto {
  @ApiProperty({ type: [AnswerSetSummaryDto] })
  items: AnswerSetSummaryDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}

/** A customer an application targets. */
export class TargetCustomerDto {
  contractId: string;
  customerId: string;
  customerName: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  pharmacyCode: string | null;
  @ApiProperty({ enum: ['maintenance', 'operation'] })
  contractKind: 'maintenance' | 'operation';
  /** The customer's checklist for the 年度 so far: submitted, a draft only, or none. */
  @ApiProperty({ enum: ['submitted', 'draft', 'none'] })
  checklistStatus: 'submitted' | 'draft' | 'none';
}

/** A chain (法人本部) some targeted customers are stores of: choosing it (chainId) targets these `customers`. */
export class TargetChainDto {
  id: string;
  name: string;
  /** Customers (contracts) the other criteria select that are stores of this chain. */
  @ApiProperty({ type: 'integer' })
  customers: number;
}

export class OverrideCheckDto {
  @ApiProperty({ type: 'integer' })
  index: number;
  contractId: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  customerName: string | null;
  valid: boolean;
  @ApiProperty({ type: [FieldErrorDto] })
  errors: FieldErrorDto[];
}

export class ApplicationFailureDto {
  contractId: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  customerName: string | null;
  @ApiProperty({ type: [FieldErrorDto] })
  errors: FieldErrorDto[];
}

export const APPLICATION_STATUSES = ['preview', 'running', 'completed', 'failed', 'interrupted'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * One application of a set: a preview (dryRun: nothing written, id null) or the record of a real
 * one, with its progress. `created + unchanged + failed = done`, and done reaches total when finished.
 */
export class AnswerSetApplicationDto {
  @ApiPropertyOptional({ type: String, nullable: true })
  id: string | null;
  answerSetId: string;
  dryRun: boolean;
  /** preview (dryRun), running, completed, failed (stopped by an error), interrupted (the server stopped while it ran: apply again, done customers answer unchanged). */
  @ApiProperty({ enum: APPLICATION_STATUSES })
  status: ApplicationStatus;
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;
  /** 令和8年度 */
  fiscalYearLabel: string;
  /** Customers targeted. */
  @ApiProperty({ type: 'integer' })
  total: number;
  @ApiProperty({ type: 'integer' })
  done: number;
  @ApiProperty({ type: 'integer' })
  created: number;
  @ApiProperty({ type: 'integer' })
  unchanged: number;
  @ApiProperty({ type: 'integer' })
  failed: number;
  @ApiProperty({ type: 'integer' })
  overrideCount: number;
  /** A preview: the first 50 targeted customers by name (only those matching customerQuery, when given); a record: none. */
  @ApiProperty({ type: [TargetCustomerDto] })
  customers: TargetCustomerDto[];
  /**
   * A preview: what choosing a chain would target — the customers the other criteria select
   * (chainId aside) that are stores of a chain, by chain (name order, at most 500). Only chains
   * you have such a customer in. A record: none.
   */
  @ApiProperty({ type: [TargetChainDto] })
  chains: TargetChainDto[];
  /** A preview: each override checked against the set and the 年度. */
  @ApiProperty({ type: [OverrideCheckDto] })
  overrides: OverrideCheckDto[];
  /** A preview: what stops the application as a whole (the set's answers for the 年度, contracts not targeted…); empty when it can run. */
  @ApiProperty({ type: [FieldErrorDto] })
  problems: FieldErrorDto[];
  /** A record: the customers refused, with their errors (the first 1,000). */
  @ApiProperty({ type: [ApplicationFailureDto] })
  failures: ApplicationFailureDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  createdAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  finishedAt: string | null;
}

export class AnswerSetApplicationPageDto {
  @ApiProperty({ type: [AnswerSetApplicationDto] })
  items: AnswerSetApplicationDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}
