import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from './form-validation';

/** Which form version a 年度's checklist uses, whether carried forward from an earlier 年度, and whether outdated. */
export class FormUseDto {
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;
  /** 令和8年度 */
  fiscalYearLabel: string;
  formId: string;
  /** The version used, as people name it: 令和7年度版 */
  versionLabel: string;
  @ApiProperty({ type: 'integer', nullable: true })
  formFiscalYear: number | null;
  /** The version used is an earlier 年度's: the 年度 has no version of its own (or had none when answered). */
  carriedForward: boolean;
  /** A newer version applies to this 年度 (newerFormId): answer again on it. */
  outdated: boolean;
  @ApiProperty({ type: String, nullable: true })
  newerFormId: string | null;
  /** Said plainly, e.g. 「令和8年度: 令和7年度版で回答（令和8年度版は未登録）」. */
  label: string;
}

/** GET /v1/forms/applicable: which checklist version a 年度 uses for a kind of facility. */
export class ApplicableFormQueryDto {
  @ApiProperty({ enum: ['vendor_checklist', 'facility_checklist'] })
  @IsIn(['vendor_checklist', 'facility_checklist'])
  kind: 'vendor_checklist' | 'facility_checklist';

  @ApiProperty({ enum: ['pharmacy', 'medical'] })
  @IsIn(['pharmacy', 'medical'])
  audience: 'pharmacy' | 'medical';

  /** Gregorian year the 年度 starts in (2026 = 令和8年度); default: the current 年度. */
  @ApiPropertyOptional({ type: 'integer', minimum: MIN_FISCAL_YEAR, maximum: MAX_FISCAL_YEAR })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(MIN_FISCAL_YEAR)
  @Max(MAX_FISCAL_YEAR)
  fiscalYear?: number;
}
