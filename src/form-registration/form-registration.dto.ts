import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { FormDto } from '../forms/forms.dto';

/** GET /v1/forms/{formId}: JSON (the default) or the workbook layout an operator edits into a new version. */
export class FormFormatQueryDto {
  /** xlsx: the version as a workbook in the layout of the README's form-catalog section (sheets 様式 (form), 項目 (items), 記入方法 (guide)). */
  @ApiPropertyOptional({ enum: ['json', 'xlsx'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'xlsx'])
  format?: 'json' | 'xlsx';
}

export class RegisterFormQueryDto {
  /** true: parse and check the version, answer it with an item-by-item diff against the version it would follow (200), and write nothing. */
  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

export class FormDiffItemDto {
  itemId: string;
  text: string;
}

export class FormDiffTextChangeDto {
  itemId: string;
  before: string;
  after: string;
}

export class FormDiffRenumberingDto {
  fromItemId: string;
  toItemId: string;
  text: string;
}

/** Item by item against the previous version (matched on text first, then on number). */
export class FormDiffDto {
  @ApiProperty({ type: [FormDiffItemDto] })
  added: FormDiffItemDto[];
  @ApiProperty({ type: [FormDiffItemDto] })
  removed: FormDiffItemDto[];
  @ApiProperty({ type: [FormDiffTextChangeDto] })
  textChanged: FormDiffTextChangeDto[];
  /** The same text under another number. */
  @ApiProperty({ type: [FormDiffRenumberingDto] })
  renumbered: FormDiffRenumberingDto[];
  /** Items with the same number and text. */
  @ApiProperty({ type: 'integer' })
  unchanged: number;
}

/** What registering would store (POST /v1/forms?dryRun=true): nothing is written. */
export class FormPreviewDto {
  /** The version as it would be registered, with where it would stand in its series. */
  form: FormDto;
  /** The version it follows: the newest older one of its series, or of its kind for an overlapping audience; null for the first. */
  @ApiProperty({ type: String, nullable: true })
  previousFormId: string | null;
  diff: FormDiffDto;
  /** The upload is a version already registered, unchanged (a download uploaded back): registering it would be refused as form_exists. */
  alreadyRegistered: boolean;
}
