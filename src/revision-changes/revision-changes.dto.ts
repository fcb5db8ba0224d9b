import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CHANGE_FIELDS, CHANGE_KINDS, ChangeField, ChangeKind } from './answer-changes';

export class ChecklistChangesQueryDto {
  /**
   * The revision to show the changes of (against the latest submitted revision before it). By
   * default the latest submitted revision. The vendor may name its draft: the draft against the
   * latest submitted revision.
   */
  @ApiPropertyOptional({ type: 'integer', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '版は1以上の整数です (revision must be a whole number from 1)' })
  @Min(1, { message: '版は1以上の整数です (revision must be a whole number from 1)' })
  @Max(100000, { message: '版の番号が大きすぎます (revision is too large)' })
  revision?: number;
}

/** One side of a comparison. */
export class RevisionRefDto {
  /** The checklist or disclosure id of this revision. */
  id: string;
  @ApiProperty({ type: 'integer' })
  revision: number;
  @ApiProperty({ enum: ['draft', 'submitted', 'published', 'superseded', 'withdrawn'] })
  status: string;
  /** When it was submitted (checklist) or published (disclosure); null for a draft. */
  @ApiProperty({ type: String, nullable: true })
  date: string | null;
  formId: string;
  formLabel: string;
}

export class AnswerChangeDto {
  /** The item as printed on the form ("2-③", "1.1"). */
  itemId: string;
  /** The item's section and wording as the form has them (for people; the rules never read them). */
  @ApiProperty({ type: String, nullable: true })
  section: string | null;
  @ApiProperty({ type: String, nullable: true })
  itemText: string | null;
  @ApiProperty({ enum: CHANGE_KINDS, description: 'added / removed (an item only one form version has) or changed' })
  kind: ChangeKind;
  @ApiProperty({ enum: CHANGE_FIELDS, description: 'item (added or removed as a whole), answer, confirmedOn (確認日), targetOn (目標日), plannedOn (実装予定日), remarks (備考)' })
  field: ChangeField;
  /** 回答, 確認日, 目標日, 実装予定日, 備考; 項目 for an added or removed item. */
  fieldLabel: string;
  /** The previous value (for a removed item: its answer); null when there was none. */
  @ApiProperty({ type: String, nullable: true })
  before: string | null;
  /** The new value (for an added item: its answer); null when there is none. */
  @ApiProperty({ type: String, nullable: true })
  after: string | null;
  /** The pharmacy is told about it (checklist.changed / disclosure.changed): an answer turning いいえ/対象外, a 目標日 postponed or past the 年度… */
  significant: boolean;
  /** Why it matters, in Japanese; null when it does not. */
  @ApiProperty({ type: String, nullable: true })
  reason: string | null;
}

export class RevisionChangesDto {
  @ApiProperty({ enum: ['checklist', 'disclosure'] })
  documentType: 'checklist' | 'disclosure';
  /** There is no earlier revision to compare with (from is null, changes empty). */
  firstRevision: boolean;
  @ApiProperty({ type: RevisionRefDto, nullable: true })
  from: RevisionRefDto | null;
  to: RevisionRefDto;
  /** The two revisions answer different form versions: items may be added or removed. */
  formChanged: boolean;
  @ApiProperty({ type: 'integer' })
  significantCount: number;
  @ApiProperty({ type: [AnswerChangeDto] })
  changes: AnswerChangeDto[];
}
