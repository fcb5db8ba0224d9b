import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { CHECKLIST_WORKBOOK_LAYOUTS, type ChecklistWorkbookLayout } from './checklist-workbook-layout';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** productId=a&productId=b or productId=a,b: a list of trimmed ids either way. */
function idList(value: unknown): unknown {
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.flatMap((v) => (typeof v === 'string' ? v.split(',').map((id) => id.trim()) : [v]));
}

export const CHECKLIST_WORKBOOK_MODES = ['draft', 'submit'] as const;
export type ChecklistWorkbookMode = (typeof CHECKLIST_WORKBOOK_MODES)[number];
export const WORKBOOK_CONTRACT_KINDS = ['maintenance', 'operation'] as const;

export class ChecklistWorkbookQueryDto {
  /** 年度 as the Gregorian year it starts in (2025 = 令和7年度). */
  @Type(() => Number)
  @IsInt()
  @Min(2019)
  @Max(2100)
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;

  /**
   * The form version the book is for. Needed only when your customers answer different versions in
   * this 年度 (pharmacies and medical institutions): a book holds one version, and the answer
   * without it (422 form_required) lists the versions and how many customers each has.
   */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  formId?: string;
}

export class ChecklistWorkbookDownloadQueryDto extends ChecklistWorkbookQueryDto {
  /** rows: one row per customer × item (default); sheets: one sheet per customer. */
  @ApiPropertyOptional({ enum: CHECKLIST_WORKBOOK_LAYOUTS, default: 'rows' })
  @IsOptional()
  @IsIn(CHECKLIST_WORKBOOK_LAYOUTS)
  layout?: ChecklistWorkbookLayout;

  /** true: each customer's latest answers (a draft included) filled in. */
  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  prefilled?: boolean;

  /** Only the customers whose contract covers this product. */
  @IsOptional()
  @IsUUID()
  productId?: string;

  /** Only contracts of this kind. */
  @ApiPropertyOptional({ enum: WORKBOOK_CONTRACT_KINDS })
  @IsOptional()
  @IsIn(WORKBOOK_CONTRACT_KINDS)
  contractKind?: (typeof WORKBOOK_CONTRACT_KINDS)[number];
}

export class ChecklistWorkbookUploadQueryDto extends ChecklistWorkbookQueryDto {
  /** draft: save every customer's draft, or nothing when any entry is wrong; submit: each customer whole or not at all, through the bulk path. */
  @ApiProperty({ enum: CHECKLIST_WORKBOOK_MODES })
  @IsIn(CHECKLIST_WORKBOOK_MODES)
  mode: ChecklistWorkbookMode;

  /** true: read and check only, answer what would change, write nothing. */
  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;
}

/** A problem where a person finds it in Excel: sheet, row, column heading and cell; Japanese with the English beside it. */
export class WorkbookProblemDto {
  sheet: string;
  @ApiPropertyOptional({ type: 'integer' })
  row?: number;
  column?: string;
  /** A1-style. */
  cell?: string;
  message: string;
}

export class ChecklistWorkbookCustomerDto {
  sheet: string;
  /** The row that names the customer. */
  @ApiProperty({ type: 'integer' })
  row: number;
  contractId: string | null;
  pharmacyCode: string | null;
  customerName: string | null;
  /** Answers read for the customer. */
  @ApiProperty({ type: 'integer' })
  answers: number;
  /** Compared with the latest revision (a draft included): new (none yet), changed, unchanged. */
  @ApiProperty({ enum: ['new', 'changed', 'unchanged'] })
  change: 'new' | 'changed' | 'unchanged';
  /** Items whose answer, dates or remarks differ from the latest revision. */
  changedItems: string[];
  /** valid (dry run), saved (draft), created / unchanged (submit), error. */
  @ApiProperty({ enum: ['valid', 'saved', 'created', 'unchanged', 'error'] })
  status: 'valid' | 'saved' | 'created' | 'unchanged' | 'error';
  checklistId: string | null;
  @ApiProperty({ type: 'integer', nullable: true })
  revision: number | null;
  @ApiProperty({ type: [WorkbookProblemDto] })
  problems: WorkbookProblemDto[];
}

export class ChecklistWorkbookResultDto {
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;
  formId: string;
  @ApiProperty({ enum: CHECKLIST_WORKBOOK_MODES })
  mode: ChecklistWorkbookMode;
  dryRun: boolean;
  /** Customers in the book. */
  @ApiProperty({ type: 'integer' })
  customers: number;
  /** Answers read. */
  @ApiProperty({ type: 'integer' })
  answers: number;
  /** Customers whose answers differ from their latest revision (or that have none). */
  @ApiProperty({ type: 'integer' })
  changed: number;
  @ApiProperty({ type: 'integer' })
  saved: number;
  @ApiProperty({ type: 'integer' })
  created: number;
  @ApiProperty({ type: 'integer' })
  unchanged: number;
  @ApiProperty({ type: 'integer' })
  failed: number;
  @ApiProperty({ type: [ChecklistWorkbookCustomerDto] })
  results: ChecklistWorkbookCustomerDto[];
}

/** GET /v1/disclosure-workbooks */
export class DisclosureWorkbookQueryDto {
  /** The MDS/SDS form version; the newest when omitted. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  formId?: string;

  /** Your products, one sheet each (repeat the parameter or separate with commas); at most 50. */
  @ApiProperty({ type: [String] })
  @Transform(({ value }: { value: unknown }) => idList(value))
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  productId: string[];

  /** true: each sheet filled from the latest revision (a draft included) of the product version's disclosure. */
  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  prefilled?: boolean;
}

export class DisclosureWorkbookUploadQueryDto {
  /** true: read and check only, write nothing. */
  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;
}

export class DisclosureWorkbookSheetDto {
  sheet: string;
  productId: string;
  productVersion: string;
  kind: string;
  @ApiProperty({ type: 'integer' })
  answers: number;
  /** create: a new draft; update: the draft in progress is replaced. */
  @ApiProperty({ enum: ['create', 'update'] })
  action: 'create' | 'update';
  /** The draft written (null on a dry run). */
  disclosureId: string | null;
}

export class DisclosureWorkbookResultDto {
  formId: string;
  dryRun: boolean;
  @ApiProperty({ type: [DisclosureWorkbookSheetDto] })
  sheets: DisclosureWorkbookSheetDto[];
}
