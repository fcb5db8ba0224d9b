import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength, NotContains, ValidateNested } from 'class-validator';

/** The most rows a pharmacy keeps in its own part of the 連絡体制図. */
export const MAX_OWN_CONTACTS = 30;

const NUL = '\u0000';
const noNul = { message: 'must not contain NUL characters' };
/** Trimmed; an empty optional field is stored as "not given". */
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimOrNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);
/** Digits, spaces, hyphens, parentheses, a leading + and an extension ("内線 123") — what a person dials from. */
const PHONE = /^[0-9０-９+()（）\-－ \u3000]+((内線|ext\.?|#)\s*[0-9]+)?$/;
const phoneMessage = { message: '電話番号は数字とハイフンで入力してください (digits, hyphens, spaces, parentheses)' };

/** A vendor's (or agent's) incident 連絡窓口, published once or overriding it for one contract. */
export class PutIncidentContactDto {
  /** 窓口名・部署 (e.g. 「サポートセンター 障害受付」). */
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: '窓口名・部署を入力してください (required)' })
  @MaxLength(200)
  @NotContains(NUL, noNul)
  contactName: string;

  /** The number to call during 受付時間. */
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: '電話番号を入力してください (required)' })
  @MaxLength(40)
  @Matches(PHONE, phoneMessage)
  phone: string;

  @Transform(trimOrNull)
  @IsOptional()
  @MaxLength(254)
  @IsEmail({}, { message: 'メールアドレスの形式が正しくありません (not an e-mail address)' })
  email?: string | null;

  /** 受付時間, free text (e.g. 「平日 9:00–18:00」). */
  @Transform(trimOrNull)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @NotContains(NUL, noNul)
  hours?: string | null;

  /** The number to call outside 受付時間 (夜間・休日). */
  @Transform(trimOrNull)
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(PHONE, phoneMessage)
  outOfHoursPhone?: string | null;

  @Transform(trimOrNull)
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @NotContains(NUL, noNul)
  notes?: string | null;
}

export class IncidentContactDto {
  contactName: string;
  phone: string;
  email: string | null;
  hours: string | null;
  outOfHoursPhone: string | null;
  notes: string | null;
  updatedAt: string;
}

/** The caller's published 連絡窓口; null until it publishes one. */
export class PublishedIncidentContactDto {
  @ApiProperty({ type: IncidentContactDto, nullable: true })
  contact: IncidentContactDto | null;
}

/** The caller's 連絡窓口 for one contract: its override if any, and the published one it otherwise shows. */
export class ContractIncidentContactDto {
  contractId: string;
  /** Whether the caller is the contract's vendor or its agent (代理店). */
  @ApiProperty({ enum: ['vendor', 'agent'] })
  party: 'vendor' | 'agent';
  @ApiProperty({ type: IncidentContactDto, nullable: true })
  override: IncidentContactDto | null;
  @ApiProperty({ type: IncidentContactDto, nullable: true })
  published: IncidentContactDto | null;
}

/** One row of the pharmacy's own contacts (院内の連絡先). */
export class OwnContactInputDto {
  /** 役割 (管理薬剤師, 開設者, IT担当, 医療情報システム安全管理責任者 …). */
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: '役割を入力してください (required)' })
  @MaxLength(100)
  @NotContains(NUL, noNul)
  role: string;

  @Transform(trim)
  @IsString()
  @MinLength(1, { message: '氏名を入力してください (required)' })
  @MaxLength(100)
  @NotContains(NUL, noNul)
  name: string;

  @Transform(trimOrNull)
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(PHONE, phoneMessage)
  phone?: string | null;

  @Transform(trimOrNull)
  @IsOptional()
  @MaxLength(254)
  @IsEmail({}, { message: 'メールアドレスの形式が正しくありません (not an e-mail address)' })
  email?: string | null;

  @Transform(trimOrNull)
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @NotContains(NUL, noNul)
  notes?: string | null;
}

/** The whole list, in the order to print (it replaces the previous list). */
export class PutOwnContactsDto {
  @IsArray()
  @ArrayMaxSize(MAX_OWN_CONTACTS, { message: `連絡先は${MAX_OWN_CONTACTS}件までです (at most ${MAX_OWN_CONTACTS} contacts)` })
  @ValidateNested({ each: true })
  @Type(() => OwnContactInputDto)
  contacts: OwnContactInputDto[];
}

export class OwnContactDto {
  role: string;
  name: string;
  phone: string | null;
  email: string | null;
  notes: string | null;
}

export class OwnContactsDto {
  @ApiProperty({ type: [OwnContactDto] })
  contacts: OwnContactDto[];
}

/** Where the contact shown comes from: the contract's override, the published 窓口, or none (未登録). */
export type ContactSource = 'contract' | 'published' | 'missing';

export class ChartPartyContactDto {
  organizationId: string;
  organizationName: string;
  /** vendor: the contract's vendor; agent: its 代理店 (support / remote maintenance). */
  @ApiProperty({ enum: ['vendor', 'agent'] })
  party: 'vendor' | 'agent';
  @ApiProperty({ enum: ['contract', 'published', 'missing'] })
  source: ContactSource;
  @ApiProperty({ type: IncidentContactDto, nullable: true })
  contact: IncidentContactDto | null;
}

export class ChartContractDto {
  contractId: string;
  /** sale_only | maintenance | operation. */
  kind: string;
  /** The products the contract covers, by name. */
  productNames: string[];
  @ApiProperty({ type: [ChartPartyContactDto] })
  contacts: ChartPartyContactDto[];
}

/** The 連絡体制図 (checklist item 3-①): the pharmacy's own contacts and each vendor's incident contact in effect. */
export class ContactChartDto {
  pharmacyId: string;
  pharmacyName: string;
  pharmacyCode: string | null;
  @ApiProperty({ type: [OwnContactDto] })
  ownContacts: OwnContactDto[];
  /** Contracts in force today, by vendor name. */
  @ApiProperty({ type: [ChartContractDto] })
  contracts: ChartContractDto[];
  /** How many vendor/agent contacts are 未登録. */
  missingCount: number;
  /** The day (JST) the chart was read, YYYY-MM-DD. */
  asOf: string;
}
