import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.service';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { decodeCursor, Page, PageQueryDto, pageSize, toPage } from '../common/pagination';
import { sha256 } from '../common/hashing';
import { ApiClientDto, CreateApiClientDto, CreatedApiClientDto } from './accounts.dto';
import { anySourceRanges, apiClientRisks } from './api-client-sources';

interface ApiClientRow {
  id: string;
  client_id: string;
  name: string;
  scopes: string[];
  allowed_cidrs: string[];
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

/** Vendor systems' credentials, managed by their organization's admins. */
@Injectable()
export class ApiClientsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly audit: AuditService,
  ) {}

  async create(principal: Principal, organizationId: string, input: CreateApiClientDto): Promise<CreatedApiClientDto> {
    this.access.assertCanManageApiClients(principal, organizationId);
    const open = anySourceRanges(input.allowedCidrs);
    if (open.length > 0 && input.allowAnySource !== true) {
      throw AppError.invalid(
        [
          {
            field: 'allowedCidrs',
            message: `${open.join(', ')} はほぼすべての接続元を許可します。接続元を絞るか、承知のうえで allowAnySource: true を指定してください (admits (nearly) any source: narrow it, or confirm with allowAnySource: true)`,
          },
        ],
        '接続元の制限 (チェックリスト 2-⑬) がほぼ無効になる範囲です (these ranges make the source restriction of checklist 2-⑬ meaningless).',
      );
    }
    const clientId = `kc_${randomBytes(12).toString('base64url')}`;
    // 256 random bits: a fast hash is enough, unlike for passwords people choose.
    const clientSecret = `ks_${randomBytes(32).toString('base64url')}`;
    return this.db.transaction(async (manager) => {
      const [row]: ApiClientRow[] = await manager.query(
        `INSERT INTO api_clients (organization_id, client_id, name, scopes, allowed_cidrs, secret_hash, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [organizationId, clientId, input.name, [...new Set(input.scopes)], input.allowedCidrs, sha256(clientSecret), principal.type === 'user' ? principal.userId : null],
      );
      await this.audit.record(
        { actor: principal, organizationId, action: 'api_client.create', target: { type: 'api_client', id: row.id }, details: { name: input.name, scopes: input.scopes, allowedCidrs: input.allowedCidrs, ...(open.length > 0 ? { allowAnySource: true } : {}) } },
        manager,
      );
      return { ...toDto(row), clientSecret };
    });
  }

  async list(principal: Principal, organizationId: string, query: PageQueryDto): Promise<Page<ApiClientDto>> {
    this.access.assertCanManageApiClients(principal, organizationId);
    const size = pageSize(query);
    const after = decodeCursor(query.cursor);
    const rows: ApiClientRow[] = await this.db.query(
      `SELECT * FROM api_clients WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid))
        ORDER BY created_at, id LIMIT $4`,
      [organizationId, after?.createdAt ?? null, after?.id ?? null, size + 1],
    );
    return toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), toDto);
  }

  /** Revocation takes effect on the client's very next request. */
  async revoke(principal: Principal, organizationId: string, id: string): Promise<ApiClientDto> {
    this.access.assertCanManageApiClients(principal, organizationId);
    return this.db.transaction(async (manager) => {
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, rowCount].
      const [row]: ApiClientRow[] = await manager.query(
        `WITH revoked AS (UPDATE api_clients SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND organization_id = $2 RETURNING *)
         SELECT * FROM revoked`,
        [id, organizationId],
      );
      if (!row) throw AppError.notFound('API client');
      await this.audit.record({ actor: principal, organizationId, action: 'api_client.revoke', target: { type: 'api_client', id } }, manager);
      return toDto(row);
    });
  }
}

function toDto(row: ApiClientRow): ApiClientDto {
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    scopes: row.scopes,
    allowedCidrs: row.allowed_cidrs,
    risks: apiClientRisks(row.allowed_cidrs),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revoked: row.revoked_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}
