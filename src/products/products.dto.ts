import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../common/pagination';

export const PRODUCT_CATEGORIES = ['レセコン', '電子薬歴', '調剤機器', '過誤防止', '電子お薬手帳', 'オンライン資格確認', '会計', 'NSIPS連携', 'other'] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];
export const DEPLOYMENTS = ['on-premises', 'cloud', 'hybrid'] as const;
export type Deployment = (typeof DEPLOYMENTS)[number];

export const DEPLOYMENT_LABELS: Record<Deployment, string> = { 'on-premises': 'オンプレミス', cloud: 'クラウド', hybrid: 'ハイブリッド' };
export const categoryLabel = (category: ProductCategory) => (category === 'other' ? 'その他' : category);

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimEach = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value);

export class CreateProductDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: PRODUCT_CATEGORIES })
  @IsIn(PRODUCT_CATEGORIES)
  category: ProductCategory;

  @ApiProperty({ enum: DEPLOYMENTS })
  @IsIn(DEPLOYMENTS)
  deployment: Deployment;

  /** Released versions, e.g. ["5.2", "6.0"]. */
  @IsOptional()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  versions?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

/** Any of the fields; `versions` replaces the list. */
export class UpdateProductDto extends PartialType(CreateProductDto) {}

export class ProductQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PRODUCT_CATEGORIES })
  @IsOptional()
  @IsIn(PRODUCT_CATEGORIES)
  category?: ProductCategory;

  @IsOptional()
  @IsUUID()
  vendorId?: string;
}

export class ProductDto {
  id: string;
  vendorId: string;
  vendorName: string;
  name: string;
  @ApiProperty({ enum: PRODUCT_CATEGORIES })
  category: ProductCategory;
  /** カテゴリ as shown to people. */
  categoryLabel: string;
  @ApiProperty({ enum: DEPLOYMENTS })
  deployment: Deployment;
  deploymentLabel: string;
  versions: string[];
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export class ProductPageDto {
  @ApiProperty({ type: [ProductDto] })
  items: ProductDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}
