import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsString, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { MAIL_FAMILIES, MAIL_MODES, type MailFamily, type MailMode } from './mail-families';

export class FamilyPreferenceDto {
  @ApiProperty({ enum: MAIL_FAMILIES })
  family: MailFamily;
  /** 書類の提出・公開, 依頼, … */
  label: string;
  description: string;
  /** immediate: one mail per notification; daily: in the digest at digestHour (JST); off: no mail. */
  @ApiProperty({ enum: MAIL_MODES })
  mode: MailMode;
  /** Whether the mode is the family's default (the user has not chosen). */
  isDefault: boolean;
}

export class NotificationPreferencesDto {
  @ApiProperty({ type: [FamilyPreferenceDto] })
  families: FamilyPreferenceDto[];
  /** The hour (0–23, JST) the daily digest is sent. */
  @ApiProperty({ type: 'integer' })
  digestHour: number;
  /** Security messages (a login from a new address, a password or 2FA change) are always sent. */
  securityMessages: string;
}

export class FamilyChoiceDto {
  @ApiProperty({ enum: MAIL_FAMILIES })
  @IsIn(MAIL_FAMILIES, { message: `must be one of ${MAIL_FAMILIES.join(', ')}; security messages cannot be turned off (セキュリティのお知らせは止められません)` })
  family: MailFamily;

  @ApiProperty({ enum: MAIL_MODES })
  @IsIn(MAIL_MODES, { message: 'must be immediate, daily or off (immediate・daily・off のいずれかです)' })
  mode: MailMode;
}

/** What to change: the families listed (others keep their setting) and/or the digest hour. */
export class UpdateNotificationPreferencesDto {
  @ApiProperty({ type: [FamilyChoiceDto], required: false })
  // Absent means unchanged; null is refused (IsOptional would let it through).
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(MAIL_FAMILIES.length)
  @ArrayUnique((choice: FamilyChoiceDto) => choice?.family, { message: 'lists a family twice (同じ種類が 2 回あります)' })
  @ValidateNested({ each: true })
  @Type(() => FamilyChoiceDto)
  families?: FamilyChoiceDto[];

  /** 0–23 (JST). */
  @ApiProperty({ type: 'integer', required: false, minimum: 0, maximum: 23 })
  @ValidateIf((_, value) => value !== undefined)
  @IsInt({ message: 'must be a whole hour 0–23 (0〜23 の整数です)' })
  @Min(0, { message: 'must be a whole hour 0–23 (0〜23 の整数です)' })
  @Max(23, { message: 'must be a whole hour 0–23 (0〜23 の整数です)' })
  digestHour?: number;
}

export class UnsubscribeQueryDto {
  /** The token from the mail's link (`token=…`). */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{10,400}\.[A-Za-z0-9_-]{43}$/, { message: 'must be the token from the link in the e-mail (メールのリンクのトークンではありません)' })
  token: string;
}

export class UnsubscribedDto {
  @ApiProperty({ enum: MAIL_FAMILIES, isArray: true })
  families: MailFamily[];
  label: string;
  /** A Japanese sentence saying what was turned off. */
  message: string;
}
