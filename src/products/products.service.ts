import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { productVisible, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import { categoryLabel, CreateProductDto, Deployment, DEPLOYMENT_LABELS, ProductCategory, ProductDto, ProductQueryDto, UpdateProductDto } from './products.dto';

interface ProductRow {
  id: string;
  vendor_id: string;
  vendor_name: string;
  name: string;
  category: ProductCategory;
  deployment: Deployment;
  versions: string[];
  description: string | null;
  created_at: Date;
  updated_at: Date;
}

const SELECT_PRODUCT = `SELECT p.*, o.name AS vendor_name FROM products p JOIN organizations o ON o.id = p.vendor_id`;

/** A vendor's systems and services (レセコン, 電子薬歴, …) that disclosures and contracts refer to. */
@Injectable()
export class ProductsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(principal: Principal, input: CreateProductDto): Promise<ProductDto> {
    if (principal.organizationKind !== 'vendor') throw AppError.forbidden('Only vendors manage products.', 'vendor_required');
    return this.db.transaction(async (manager) => {
      const [row]: { id: string }[] = await manager.query(
        `INSERT INTO products (vendor_id, name, category, deployment, versions, description) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [principal.organizationId, input.name, input.category, input.deployment, unique(input.versions ?? []), input.description ?? null],
      );
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'product.create', target: { type: 'product', id: row.id }, details: { name: input.name } }, manager);
      return this.findOne(manager, row.id);
    });
  }

  async list(principal: Principal, query: ProductQueryDto): Promise<Page<ProductDto>> {
    const params = new SqlParams();
    const where = [productVisible(principal, 'p', params)];
    if (query.category) where.push(`p.category = ${params.add(query.category)}`);
    if (query.vendorId) where.push(`p.vendor_id = ${params.add(query.vendorId)}`);
    const after = decodeCursor(query.cursor);
    if (after) where.push(`(p.created_at, p.id) > (${params.add(after.createdAt)}, ${params.add(after.id)}::uuid)`);
    const size = pageSize(query);
    const rows: ProductRow[] = await this.db.query(`${SELECT_PRODUCT} WHERE ${where.join(' AND ')} ORDER BY p.created_at, p.id LIMIT ${params.add(size + 1)}`, params.values);
    return toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), toDto);
  }

  async get(principal: Principal, id: string): Promise<ProductDto> {
    const params = new SqlParams([id]);
    const [row]: ProductRow[] = await this.db.query(`${SELECT_PRODUCT} WHERE p.id = $1 AND ${productVisible(principal, 'p', params)}`, params.values);
    if (!row) throw AppError.notFound('product');
    return toDto(row);
  }

  async update(principal: Principal, id: string, input: UpdateProductDto): Promise<ProductDto> {
    if (principal.organizationKind !== 'vendor') throw AppError.forbidden('Only vendors manage products.', 'vendor_required');
    return this.db.transaction(async (manager) => {
      const [owned]: unknown[] = await manager.query('SELECT 1 FROM products WHERE id = $1 AND vendor_id = $2 FOR UPDATE', [id, principal.organizationId]);
      if (!owned) throw AppError.notFound('product');
      await manager.query(
        `UPDATE products SET name = coalesce($2, name), category = coalesce($3, category), deployment = coalesce($4, deployment),
                versions = coalesce($5, versions), description = coalesce($6, description), updated_at = now() WHERE id = $1`,
        [id, input.name ?? null, input.category ?? null, input.deployment ?? null, input.versions ? unique(input.versions) : null, input.description ?? null],
      );
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'product.update', target: { type: 'product', id }, details: { ...input } }, manager);
      return this.findOne(manager, id);
    });
  }

  private async findOne(manager: EntityManager, id: string): Promise<ProductDto> {
    const [row]: ProductRow[] = await manager.query(`${SELECT_PRODUCT} WHERE p.id = $1`, [id]);
    return toDto(row);
  }
}

const unique = (values: string[]) => [...new Set(values)];

function toDto(row: ProductRow): ProductDto {
  return {
    id: row.id,
    vendorId: row.vendor_id,
    vendorName: row.vendor_name,
    name: row.name,
    category: row.category,
    categoryLabel: categoryLabel(row.category),
    deployment: row.deployment,
    deploymentLabel: DEPLOYMENT_LABELS[row.deployment],
    versions: row.versions,
    description: row.description,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
