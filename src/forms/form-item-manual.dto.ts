import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { LIMITS, MANUAL_LIMITS } from './form-validation';

/**
 * A list of the manual's paragraphs (or references): at least one, each a non-empty string of at
 * most `maxLength`. The OpenAPI schema is stated here, as the swagger plugin cannot read a composed
 * decorator's limits.
 */
function Paragraphs(maxLength: number, options: { required: boolean; description: string }) {
  return applyDecorators(
    ApiProperty({
      required: options.required,
      description: options.description,
      type: 'array',
      minItems: 1,
      maxItems: MANUAL_LIMITS.paragraphs,
      items: { type: 'string', minLength: 1, maxLength },
    }),
    ...(options.required ? [] : [IsOptional()]),
    IsArray(),
    ArrayNotEmpty(),
    ArrayMaxSize(MANUAL_LIMITS.paragraphs),
    IsString({ each: true }),
    MinLength(1, { each: true }),
    MaxLength(maxLength, { each: true }),
  );
}

/** The checklist manual's text on an item, verbatim, with its source (see FormItemManual). */
export class FormItemManualDto {
  /** The manual's section heading as printed. */
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.text)
  section: string;

  @Paragraphs(MANUAL_LIMITS.paragraph, { required: true, description: "考え方・確認方法: the manual's paragraphs." })
  explanation: string[];

  @Paragraphs(MANUAL_LIMITS.paragraph, { required: false, description: '（用語の解説）, one term a paragraph.' })
  terms?: string[];

  @Paragraphs(MANUAL_LIMITS.paragraph, { required: false, description: '（補足）: among others, when to answer はい.' })
  notes?: string[];

  @Paragraphs(MANUAL_LIMITS.ref, { required: false, description: 'Guideline sections the item rests on (▶経営管理編 3.1.2②), as "経営管理編 3.1.2②".' })
  guidelineRefs?: string[];

  /** Where the text was copied from: the manual's title and edition, the file. */
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.note)
  source: string;
}
